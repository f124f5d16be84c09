package dev.panagrad.nn.io;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Maps Panagrad dtypes to safetensors dtypes and tensors to little-endian row-major bytes. */
final class TensorEncoder {
    private TensorEncoder() {}

    /** FLOAT32 → F32, FLOAT64 → F64, INT32 → I32. */
    static SafetensorsDType dtypeOf(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> SafetensorsDType.F32;
            case FLOAT64 -> SafetensorsDType.F64;
            case INT32 -> SafetensorsDType.I32;
        };
    }

    /** The tensor's values as little-endian bytes in row-major order. */
    static byte[] bytes(Tensor t) {
        long size = (long) t.numel() * t.dtype().byteSize();
        if (size > Header.MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("safetensors: a tensor of shape " + java.util.Arrays.toString(t.shape()) + " and dtype "
                    + t.dtype() + " is " + size + " bytes, more than one Java array holds");
        }
        byte[] out = new byte[(int) size];
        ByteBuffer buf = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        switch (t.dtype()) {
            case FLOAT32 -> buf.asFloatBuffer().put(t.toFloatArray());
            case FLOAT64 -> buf.asDoubleBuffer().put(t.toDoubleArray());
            case INT32 -> buf.asIntBuffer().put(t.toIntArray());
        }
        return out;
    }
}

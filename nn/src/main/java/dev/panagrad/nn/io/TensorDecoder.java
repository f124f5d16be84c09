package dev.panagrad.nn.io;

import dev.panagrad.core.Tensor;
import dev.panagrad.nn.io.SafetensorsFormatException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts one tensor's little-endian bytes, fed in chunks of whole elements, into a Panagrad tensor:
 * F32, F16 and BF16 into FLOAT32 (half and bfloat16 widen exactly, subnormals, infinities and NaN
 * included); F64 into FLOAT64; I32, I16, I8 and U8 into INT32 exactly; I64 into INT32 when every value
 * fits; BOOL into INT32 0 or 1 (a byte other than 0 or 1 is refused, where the reference reader does
 * not check).
 */
final class TensorDecoder {
    private final SafetensorsDType dtype;
    private final String source;
    private final String name;
    private final Object values;
    private int filled;

    /** A decoder for {@code numel} elements of {@code dtype}; {@code source} and {@code name} go into error messages. */
    TensorDecoder(SafetensorsDType dtype, int numel, String source, String name) {
        this.dtype = dtype;
        this.source = source;
        this.name = name;
        this.values = switch (dtype) {
            case F32, F16, BF16 -> new float[numel];
            case F64 -> new double[numel];
            case I64, I32, I16, I8, U8, BOOL -> new int[numel];
            default -> throw new IllegalArgumentException("TensorDecoder: dtype " + dtype + " is not supported");
        };
    }

    /** Decodes the next whole elements in {@code chunk} (consumed to its limit). */
    void accept(ByteBuffer chunk) throws SafetensorsFormatException {
        ByteBuffer in = chunk.slice().order(ByteOrder.LITTLE_ENDIAN);
        int n = in.remaining() / dtype.byteSize();
        switch (dtype) {
            case F32 -> in.asFloatBuffer().get((float[]) values, filled, n);
            case F64 -> in.asDoubleBuffer().get((double[]) values, filled, n);
            case I32 -> in.asIntBuffer().get((int[]) values, filled, n);
            case F16 -> {
                float[] out = (float[]) values;
                for (int i = 0; i < n; i++) {
                    out[filled + i] = Float.float16ToFloat(in.getShort(2 * i));
                }
            }
            case BF16 -> {
                float[] out = (float[]) values;
                for (int i = 0; i < n; i++) {
                    out[filled + i] = Float.intBitsToFloat((in.getShort(2 * i) & 0xFFFF) << 16);
                }
            }
            case I64 -> {
                int[] out = (int[]) values;
                for (int i = 0; i < n; i++) {
                    long v = in.getLong(8 * i);
                    if (v != (int) v) {
                        throw outOfRange("I64 value " + v + " at element " + (filled + i) + " does not fit INT32");
                    }
                    out[filled + i] = (int) v;
                }
            }
            case I16 -> {
                int[] out = (int[]) values;
                for (int i = 0; i < n; i++) {
                    out[filled + i] = in.getShort(2 * i);
                }
            }
            case I8, U8, BOOL -> decodeBytes(in, n);
            default -> throw new IllegalStateException("unreachable: " + dtype);
        }
        filled += n;
        chunk.position(chunk.limit());
    }

    private void decodeBytes(ByteBuffer in, int n) throws SafetensorsFormatException {
        int[] out = (int[]) values;
        for (int i = 0; i < n; i++) {
            byte v = in.get(i);
            out[filled + i] = switch (dtype) {
                case I8 -> v;
                case U8 -> v & 0xFF;
                default -> {
                    if (v != 0 && v != 1) {
                        throw outOfRange("BOOL byte " + (v & 0xFF) + " at element " + (filled + i) + " is neither 0 nor 1");
                    }
                    yield v;
                }
            };
        }
    }

    /** The decoded tensor; every element must have been fed. */
    Tensor finish(int[] shape) {
        return switch (values) {
            case float[] f -> Tensor.of(f, shape);
            case double[] d -> Tensor.of(d, shape);
            case int[] i -> Tensor.of(i, shape);
            default -> throw new IllegalStateException("unreachable");
        };
    }

    private SafetensorsFormatException outOfRange(String detail) {
        return new SafetensorsFormatException(Reason.VALUE_OUT_OF_RANGE, source, name, detail);
    }
}

package dev.panagrad.nn.io;

import dev.panagrad.core.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of a safetensors file as stored: name, dtype, shape and little-endian row-major bytes.
 * This raw view keeps dtypes Panagrad has no tensor type for (F16, BF16, I64, I16, I8, U8, BOOL)
 * exactly, so a file can be read and rewritten byte for byte; {@link #toTensor()} converts.
 *
 * <p>Immutable: the bytes are copied in by {@link #of} and out by {@link #data()}.
 */
public final class SafetensorsEntry {
    private final String name;
    private final SafetensorsDType dtype;
    private final int[] shape;
    private final byte[] data;
    private final String source;

    private SafetensorsEntry(String name, SafetensorsDType dtype, int[] shape, byte[] data, String source) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape;
        this.data = data;
        this.source = source;
    }

    /**
     * An entry holding a copy of {@code littleEndianData}, which must be exactly the size the shape and
     * dtype need.
     *
     * @throws IllegalArgumentException for an unsupported dtype, a negative dimension or a size mismatch
     */
    public static SafetensorsEntry of(String name, SafetensorsDType dtype, int[] shape, byte[] littleEndianData) {
        Objects.requireNonNull(name, "name");
        if (!dtype.isSupported()) {
            throw new IllegalArgumentException("SafetensorsEntry \"" + name + "\": dtype " + dtype + " is not supported");
        }
        long numel = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("SafetensorsEntry \"" + name + "\": negative dimension in shape " + Arrays.toString(shape));
            }
            numel *= d;
            if (numel > Header.MAX_ARRAY_LENGTH) {
                throw new IllegalArgumentException("SafetensorsEntry \"" + name + "\": shape " + Arrays.toString(shape) + " is too large");
            }
        }
        if (numel * dtype.byteSize() != littleEndianData.length) {
            throw new IllegalArgumentException("SafetensorsEntry \"" + name + "\": shape " + Arrays.toString(shape) + " of " + dtype
                    + " needs " + numel * dtype.byteSize() + " bytes, got " + littleEndianData.length);
        }
        return new SafetensorsEntry(name, dtype, shape.clone(), littleEndianData.clone(), "<memory>");
    }

    /** An entry holding {@code tensor}'s values: FLOAT32 as F32, FLOAT64 as F64, INT32 as I32. */
    public static SafetensorsEntry of(String name, Tensor tensor) {
        Objects.requireNonNull(name, "name");
        return new SafetensorsEntry(name, TensorEncoder.dtypeOf(tensor.dtype()), tensor.shape(), TensorEncoder.bytes(tensor), "<memory>");
    }

    /** An entry read from {@code source}, taking ownership of {@code data} (already validated). */
    static SafetensorsEntry read(HeaderEntry header, byte[] data, String source) {
        return new SafetensorsEntry(header.name(), header.dtype(), Header.intShape(header), data, source);
    }

    /** The tensor's name (a state-dict key such as {@code "features.0.weight"}). */
    public String name() {
        return name;
    }

    /** The stored dtype. */
    public SafetensorsDType dtype() {
        return dtype;
    }

    /** The shape (a copy); {@code []} for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements: the product of the shape (1 for a scalar). */
    public int numel() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Size of the stored data in bytes. */
    public int byteSize() {
        return data.length;
    }

    /** A copy of the stored little-endian bytes. */
    public byte[] data() {
        return data.clone();
    }

    /** A read-only little-endian view of the stored bytes. */
    public ByteBuffer dataBuffer() {
        return ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The values as a Panagrad tensor: F32, F16 and BF16 as FLOAT32; F64 as FLOAT64; I32, I16, I8, U8
     * and BOOL as INT32; I64 as INT32 when every value fits.
     *
     * @throws SafetensorsFormatException ({@code VALUE_OUT_OF_RANGE}) for an I64 value outside int range
     *         or a BOOL byte other than 0 or 1; the message names the file and this tensor
     */
    public Tensor toTensor() throws SafetensorsFormatException {
        TensorDecoder decoder = new TensorDecoder(dtype, numel(), source, name);
        decoder.accept(ByteBuffer.wrap(data));
        return decoder.finish(shape);
    }

    /** Equal when name, dtype, shape and bytes are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SafetensorsEntry e && name.equals(e.name) && dtype == e.dtype && Arrays.equals(shape, e.shape)
                && Arrays.equals(data, e.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
    }

    /** Name, dtype, shape and byte size, e.g. {@code attn.0: F32[1, 2, 3] (24 bytes)}. */
    @Override
    public String toString() {
        return name + ": " + dtype + Arrays.toString(shape) + " (" + data.length + " bytes)";
    }

    /** Bytes as stored, without a copy, for the writer. */
    byte[] rawData() {
        return data;
    }

    /** The shape without a copy, for the writer. */
    int[] rawShape() {
        return shape;
    }
}

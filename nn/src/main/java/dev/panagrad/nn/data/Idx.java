package dev.panagrad.nn.data;

import dev.panagrad.core.Tensor;
import dev.panagrad.nn.data.IdxFormatException.Reason;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes IDX files, the format of LeCun's MNIST distribution: a 4-byte magic number
 * {@code 00 00 <type code> <number of dimensions>}, one big-endian int32 per dimension, then the
 * elements in row-major order, big-endian. Files may be gzip-compressed; the reader recognises gzip
 * by its magic bytes {@code 1f 8b}, never by the file name.
 *
 * <p>The reader trusts nothing in the file. Before it stores a byte of data it checks the magic
 * number, the type code (see {@link IdxType}), the rank (1 to 8), that every dimension is a
 * non-negative int32 and that their product fits a tensor ({@link Math#multiplyExact}); it then reads
 * exactly the declared number of data bytes, allocating as they arrive (a header that declares
 * gigabytes costs nothing until the bytes exist), and requires the input to end right there. A
 * gzip file is therefore never inflated past header + declared data + 1 byte, which defuses zip
 * bombs. Each violation throws an {@link IdxFormatException} whose message names the file and whose
 * {@link IdxFormatException#reason() reason} names the rule.
 *
 * {@snippet :
 * Tensor labels = Idx.read(Path.of("train-labels-idx1-ubyte.gz")); // INT32 [60000], values 0..9
 * Idx.write(Path.of("copy-idx1-ubyte"), labels, IdxType.UNSIGNED_BYTE);
 * }
 */
public final class Idx {
    /** The largest rank the format allows (it stores the rank in one byte; the spec's decoders stop at 8). */
    public static final int MAX_RANK = 8;

    /** Largest byte array the JVM reliably allocates. */
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    /** Read-ahead of the file and of the inflater: small, so a rejected gzip stream is barely read. */
    private static final int BUFFER = 8192;

    private Idx() {}

    /** Reads an IDX file, plain or gzip-compressed; see {@link IdxType} for the dtype of each type code. */
    public static Tensor read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads one IDX array from {@code in}, plain or gzip-compressed, which must end right after it.
     * {@code name} identifies the input in error messages. Does not close {@code in}.
     */
    public static Tensor read(InputStream in, String name) throws IOException {
        return readArray(in, name).toTensor();
    }

    /** The validated contents of one IDX array: its type, shape and big-endian data bytes. */
    record IdxArray(IdxType type, int[] shape, byte[] data) {
        /** The data as a tensor of {@code type.dtype()}. */
        Tensor toTensor() {
            return Idx.toTensor(type, shape, data);
        }
    }

    /** Reads and validates one IDX array (plain or gzip) without converting its data. */
    static IdxArray readArray(InputStream in, String name) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, BUFFER);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 != 0x1f || b1 != 0x8b) {
            return parse(buffered, name);
        }
        try {
            return parse(new GZIPInputStream(buffered, BUFFER), name);
        } catch (ZipException | EOFException e) {
            throw new IdxFormatException(name, Reason.CORRUPT_GZIP,
                    "it starts like gzip (1f 8b) but does not decompress: " + e.getMessage(), e);
        }
    }

    /** Reads one IDX array held in memory, plain or gzip-compressed; {@code name} identifies it in errors. */
    public static Tensor decode(byte[] bytes, String name) throws IdxFormatException {
        try {
            return read(new ByteArrayInputStream(bytes), name);
        } catch (IdxFormatException e) {
            throw e;
        } catch (IOException e) {
            // a byte array stream never fails; the gzip decoder's errors are reported as CORRUPT_GZIP above
            throw new UncheckedIOException(e);
        }
    }

    private static IdxArray parse(InputStream in, String name) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw new IdxFormatException(name, Reason.TRUNCATED_HEADER,
                    "it holds " + magic.length + " bytes, fewer than the 4-byte magic number");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(name, Reason.BAD_MAGIC, String.format(
                    "the magic number starts with %02x %02x; IDX files start with 00 00", magic[0] & 0xff, magic[1] & 0xff));
        }
        IdxType type = IdxType.ofCode(magic[2] & 0xff);
        if (type == null) {
            throw new IdxFormatException(name, Reason.UNKNOWN_TYPE, String.format(
                    "type code 0x%02X is not one of 0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E", magic[2] & 0xff));
        }
        int rank = magic[3] & 0xff;
        if (rank < 1 || rank > MAX_RANK) {
            throw new IdxFormatException(name, Reason.BAD_RANK,
                    "it declares " + rank + " dimensions; IDX allows 1 to " + MAX_RANK);
        }
        int[] shape = readShape(in, name, rank);
        int numel = numel(shape, name);
        long declared = (long) numel * type.byteSize();
        if (declared > MAX_BYTES) {
            throw new IdxFormatException(name, Reason.TOO_LARGE, "shape " + Arrays.toString(shape) + " of " + type.describe()
                    + " declares " + declared + " bytes of data, more than one array can hold");
        }
        byte[] data = in.readNBytes((int) declared); // grows with the bytes actually read, never to a merely declared size
        if (data.length < declared) {
            throw new IdxFormatException(name, Reason.TRUNCATED_DATA, "shape " + Arrays.toString(shape) + " of "
                    + type.describe() + " declares " + declared + " bytes of data, but only " + data.length + " remain");
        }
        if (in.read() != -1) {
            throw new IdxFormatException(name, Reason.TRAILING_BYTES, "bytes follow the " + declared
                    + " bytes of data declared by shape " + Arrays.toString(shape) + " of " + type.describe());
        }
        return new IdxArray(type, shape, data);
    }

    private static int[] readShape(InputStream in, String name, int rank) throws IOException {
        byte[] dims = in.readNBytes(4 * rank);
        if (dims.length < 4 * rank) {
            throw new IdxFormatException(name, Reason.TRUNCATED_HEADER, "it declares " + rank + " dimensions ("
                    + 4 * rank + " bytes of sizes) but ends after " + dims.length + " of those bytes");
        }
        ByteBuffer sizes = ByteBuffer.wrap(dims); // big-endian, as IDX
        int[] shape = new int[rank];
        for (int d = 0; d < rank; d++) {
            shape[d] = sizes.getInt();
            if (shape[d] < 0) {
                throw new IdxFormatException(name, Reason.NEGATIVE_DIMENSION,
                        "dimension " + d + " has size " + shape[d] + " (sizes are non-negative int32)");
            }
        }
        return shape;
    }

    private static int numel(int[] shape, String name) throws IdxFormatException {
        int n = 1;
        try {
            for (int size : shape) {
                n = Math.multiplyExact(n, size);
            }
        } catch (ArithmeticException e) {
            throw new IdxFormatException(name, Reason.TOO_LARGE,
                    "shape " + Arrays.toString(shape) + " has more than 2^31-1 elements", e);
        }
        return n;
    }

    private static Tensor toTensor(IdxType type, int[] shape, byte[] data) {
        ByteBuffer buffer = ByteBuffer.wrap(data); // big-endian
        int n = data.length / type.byteSize();
        return switch (type) {
            case UNSIGNED_BYTE, SIGNED_BYTE -> {
                int mask = type == IdxType.UNSIGNED_BYTE ? 0xff : -1;
                int[] values = new int[n];
                for (int i = 0; i < n; i++) {
                    values[i] = data[i] & mask;
                }
                yield Tensor.of(values, shape);
            }
            case SHORT -> {
                int[] values = new int[n];
                for (int i = 0; i < n; i++) {
                    values[i] = buffer.getShort(2 * i);
                }
                yield Tensor.of(values, shape);
            }
            case INT -> {
                int[] values = new int[n];
                buffer.asIntBuffer().get(values);
                yield Tensor.of(values, shape);
            }
            case FLOAT -> {
                float[] values = new float[n];
                buffer.asFloatBuffer().get(values);
                yield Tensor.of(values, shape);
            }
            case DOUBLE -> {
                double[] values = new double[n];
                buffer.asDoubleBuffer().get(values);
                yield Tensor.of(values, shape);
            }
        };
    }

    /**
     * The IDX bytes (uncompressed) of {@code tensor} stored as {@code type}. The tensor's rank must be
     * 1 to 8 and its dtype {@code type.dtype()}; integer values must fit the type (an unsigned byte
     * holds 0..255).
     */
    public static byte[] encode(Tensor tensor, IdxType type) {
        int[] shape = tensor.shape();
        if (shape.length < 1 || shape.length > MAX_RANK) {
            throw new IllegalArgumentException("Idx.encode: IDX stores 1 to " + MAX_RANK + " dimensions, got shape "
                    + Arrays.toString(shape));
        }
        if (tensor.dtype() != type.dtype()) {
            throw new IllegalArgumentException("Idx.encode: type " + type.describe() + " stores " + type.dtype()
                    + " tensors, got " + tensor.dtype());
        }
        long size = 4L + 4L * shape.length + (long) tensor.numel() * type.byteSize();
        if (size > MAX_BYTES) {
            throw new IllegalArgumentException("Idx.encode: shape " + Arrays.toString(shape) + " of " + type.describe()
                    + " needs " + size + " bytes, more than one array can hold");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size); // big-endian
        out.put((byte) 0).put((byte) 0).put((byte) type.code()).put((byte) shape.length);
        for (int d : shape) {
            out.putInt(d);
        }
        switch (type) {
            case FLOAT -> out.asFloatBuffer().put(tensor.toFloatArray());
            case DOUBLE -> out.asDoubleBuffer().put(tensor.toDoubleArray());
            default -> putIntegers(out, tensor.toIntArray(), type);
        }
        return out.array();
    }

    private static void putIntegers(ByteBuffer out, int[] values, IdxType type) {
        for (int i = 0; i < values.length; i++) {
            int v = values[i];
            if (!type.holds(v)) {
                throw new IllegalArgumentException("Idx.encode: value " + v + " at flat index " + i + " does not fit "
                        + type.describe());
            }
            switch (type.byteSize()) {
                case 1 -> out.put((byte) v);
                case 2 -> out.putShort((short) v);
                default -> out.putInt(v);
            }
        }
    }

    /**
     * Writes {@code tensor} as an IDX file of {@code type} (see {@link #encode}), gzip-compressed when
     * the file name ends in {@code .gz}. The bytes go to a temporary file in the same directory that
     * is then renamed over {@code file}, so a crash never leaves a half-written file.
     */
    public static void write(Path file, Tensor tensor, IdxType type) throws IOException {
        byte[] bytes = encode(tensor, type);
        if (file.getFileName().toString().endsWith(".gz")) {
            ByteArrayOutputStream compressed = new ByteArrayOutputStream(bytes.length / 4 + 64);
            try (OutputStream gz = new GZIPOutputStream(compressed)) {
                gz.write(bytes);
            }
            bytes = compressed.toByteArray();
        }
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Writes {@code tensor} with the type of its dtype: INT32 as INT, FLOAT32 as FLOAT, FLOAT64 as DOUBLE. */
    public static void write(Path file, Tensor tensor) throws IOException {
        write(file, tensor, IdxType.of(tensor.dtype()));
    }
}

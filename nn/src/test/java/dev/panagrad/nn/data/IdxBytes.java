package dev.panagrad.nn.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.GZIPOutputStream;

/** Hand-built IDX bytes for the tests: headers with any (even invalid) field, and gzip. */
final class IdxBytes {
    private IdxBytes() {}

    /** {@code 00 00 type rank}, the dims as big-endian int32, then {@code data}. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        return raw(0, 0, type, dims.length, dims, data);
    }

    /** Every header field given explicitly, including a rank that need not match {@code dims}. */
    static byte[] raw(int magic0, int magic1, int type, int rank, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) magic0).put((byte) magic1).put((byte) type).put((byte) rank);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    /** One gzip member holding {@code bytes}. */
    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** {@code n} bytes 0, 1, 2, … (mod 256). */
    static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}

package dev.panagrad.nn.data;

import static dev.panagrad.nn.data.IdxBytes.counting;
import static dev.panagrad.nn.data.IdxBytes.gzip;
import static dev.panagrad.nn.data.IdxBytes.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.data.IdxFormatException.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading known IDX bytes of every type, writing files, and the zip-bomb guard. */
class IdxTest {
    @TempDir
    Path dir;

    @Test
    void unsignedBytesReadAsInt32From0To255() throws IOException {
        Tensor t = Idx.decode(idx(0x08, new int[] {2, 2}, new byte[] {0, 1, (byte) 0x80, (byte) 0xFF}), "u8");
        assertEquals(DType.INT32, t.dtype());
        assertArrayEquals(new int[] {2, 2}, t.shape());
        assertArrayEquals(new int[] {0, 1, 128, 255}, t.toIntArray());
    }

    @Test
    void signedBytesReadAsTwosComplement() throws IOException {
        Tensor t = Idx.decode(idx(0x09, new int[] {3}, new byte[] {(byte) 0xFF, (byte) 0x80, 0x7F}), "i8");
        assertArrayEquals(new int[] {-1, -128, 127}, t.toIntArray());
    }

    @Test
    void shortsAndIntsAreBigEndian() throws IOException {
        Tensor s = Idx.decode(idx(0x0B, new int[] {2}, new byte[] {0x01, 0x02, (byte) 0xFF, (byte) 0xFE}), "i16");
        assertArrayEquals(new int[] {0x0102, -2}, s.toIntArray());
        Tensor i = Idx.decode(idx(0x0C, new int[] {1}, new byte[] {0x01, 0x02, 0x03, 0x04}), "i32");
        assertArrayEquals(new int[] {0x01020304}, i.toIntArray());
    }

    @Test
    void floatsReadAsFloat32AndDoublesAsFloat64() throws IOException {
        byte[] f = ByteBuffer.allocate(8).putFloat(1.5f).putFloat(-0.25f).array();
        Tensor ft = Idx.decode(idx(0x0D, new int[] {2}, f), "f32");
        assertEquals(DType.FLOAT32, ft.dtype());
        assertArrayEquals(new float[] {1.5f, -0.25f}, ft.toFloatArray());
        byte[] d = ByteBuffer.allocate(8).putDouble(Math.PI).array();
        Tensor dt = Idx.decode(idx(0x0E, new int[] {1, 1}, d), "f64");
        assertEquals(DType.FLOAT64, dt.dtype());
        assertEquals(Math.PI, dt.get(0, 0));
    }

    @Test
    void zeroSizedDimensionGivesAnEmptyTensor() throws IOException {
        Tensor t = Idx.decode(idx(0x08, new int[] {0, 28, 28}, new byte[0]), "empty");
        assertArrayEquals(new int[] {0, 28, 28}, t.shape());
    }

    @Test
    void eightDimensionsAreAllowed() throws IOException {
        Tensor t = Idx.decode(idx(0x08, new int[] {1, 2, 1, 2, 1, 2, 1, 2}, counting(16)), "rank8");
        assertEquals(8, t.dim());
    }

    @Test
    void gzipIsRecognisedByItsMagicBytesNotByTheFileName() throws IOException {
        byte[] plain = idx(0x08, new int[] {3}, new byte[] {7, 8, 9});
        Path gzNamedPlain = dir.resolve("labels-idx1-ubyte");
        Files.write(gzNamedPlain, gzip(plain));
        Path plainNamedGz = dir.resolve("labels-idx1-ubyte.gz");
        Files.write(plainNamedGz, plain);
        assertArrayEquals(new int[] {7, 8, 9}, Idx.read(gzNamedPlain).toIntArray());
        assertArrayEquals(new int[] {7, 8, 9}, Idx.read(plainNamedGz).toIntArray());
    }

    @Test
    void writeCompressesWhenTheNameEndsInGzAndReadsBack() throws IOException {
        Tensor t = Tensor.of(new int[] {0, 255, 3, 4, 5, 6}, 2, 3);
        Path gz = dir.resolve("x-idx2-ubyte.gz");
        Idx.write(gz, t, IdxType.UNSIGNED_BYTE);
        byte[] bytes = Files.readAllBytes(gz);
        assertEquals(0x1f, bytes[0] & 0xff);
        assertEquals(0x8b, bytes[1] & 0xff);
        assertArrayEquals(t.toIntArray(), Idx.read(gz).toIntArray());
        Path plain = dir.resolve("x-idx2-ubyte");
        Idx.write(plain, t, IdxType.UNSIGNED_BYTE);
        assertArrayEquals(Idx.encode(t, IdxType.UNSIGNED_BYTE), Files.readAllBytes(plain));
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("w.idx");
        Idx.write(file, Tensor.of(new float[] {1, 2}, 2));
        Idx.write(file, Tensor.of(new double[] {3}, 1));
        assertEquals(DType.FLOAT64, Idx.read(file).dtype());
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void encodeWritesTheStandardHeader() {
        byte[] bytes = Idx.encode(Tensor.of(new int[] {1, 2, 3}, 3), IdxType.UNSIGNED_BYTE);
        assertArrayEquals(new byte[] {0, 0, 0x08, 1, 0, 0, 0, 3, 1, 2, 3}, bytes);
    }

    @Test
    void encodeRejectsValuesOutsideTheType() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Idx.encode(Tensor.of(new int[] {0, 256}, 2), IdxType.UNSIGNED_BYTE));
        assertTrue(e.getMessage().contains("value 256 at flat index 1"), e.getMessage());
    }

    @Test
    void encodeRejectsADtypeTheTypeDoesNotStore() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Idx.encode(Tensor.of(new float[] {1}, 1), IdxType.UNSIGNED_BYTE));
        assertTrue(e.getMessage().contains("FLOAT32"), e.getMessage());
    }

    @Test
    void encodeRejectsRankZero() {
        var e = assertThrows(IllegalArgumentException.class, () -> Idx.encode(Tensor.scalar(1), IdxType.FLOAT));
        assertTrue(e.getMessage().contains("1 to 8 dimensions"), e.getMessage());
    }

    @Test
    void missingFileIsAnIoErrorNamingIt() {
        Path missing = dir.resolve("nope-idx1-ubyte");
        var e = assertThrows(IOException.class, () -> Idx.read(missing));
        assertTrue(e.getMessage().contains("nope-idx1-ubyte"), e.getMessage());
    }

    /**
     * A gzip bomb: a valid 1000-byte IDX array followed by 1 GiB of zeros, as 1024 concatenated gzip
     * members of 1 MiB each (about 1 MB compressed). The reader stops after header + data + 1 byte,
     * so it reads only the start of the compressed stream.
     */
    @Test
    void gzipBombIsRejectedAfterInflatingLittleMoreThanTheDeclaredData() throws IOException {
        byte[] firstMember = gzip(idx(0x08, new int[] {1000}, counting(1000)));
        byte[] zerosMember = gzip(new byte[1 << 20]);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(firstMember);
        for (int i = 0; i < 1024; i++) {
            bomb.write(zerosMember);
        }
        byte[] compressed = bomb.toByteArray();
        CountingStream in = new CountingStream(new ByteArrayInputStream(compressed));
        long start = System.nanoTime();
        IdxFormatException e = assertThrows(IdxFormatException.class, () -> Idx.read(in, "bomb.gz"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(Reason.TRAILING_BYTES, e.reason());
        assertTrue(in.count < 64 * 1024, "read " + in.count + " of " + compressed.length + " compressed bytes");
        assertTrue(millis < 1000, "took " + millis + " ms");
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }
}

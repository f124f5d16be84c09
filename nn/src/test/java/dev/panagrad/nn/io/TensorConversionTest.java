package dev.panagrad.nn.io;

import static dev.panagrad.nn.io.TestFiles.entry;
import static dev.panagrad.nn.io.TestFiles.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.io.SafetensorsFormatException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How each stored dtype becomes a Panagrad tensor: known answers for the conversions that widen or check. */
class TensorConversionTest {

    @Test
    void f16WidensExactlyIncludingSubnormalsInfinitiesAndNan() throws Exception {
        Tensor t = single("F16", shorts(0x3C00, 0xC000, 0x7BFF, 0x0001, 0x03FF, 0x8000, 0x7C00, 0xFC00, 0x7E00));

        assertEquals(DType.FLOAT32, t.dtype());
        float[] v = t.toFloatArray();
        assertEquals(1.0f, v[0]);
        assertEquals(-2.0f, v[1]);
        assertEquals(65504.0f, v[2]);
        assertEquals(0x1p-24f, v[3]); // smallest subnormal
        assertEquals(1023 * 0x1p-24f, v[4]); // largest subnormal
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(v[5]));
        assertEquals(Float.POSITIVE_INFINITY, v[6]);
        assertEquals(Float.NEGATIVE_INFINITY, v[7]);
        assertTrue(Float.isNaN(v[8]));
    }

    @Test
    void bf16IsTheUpperHalfOfAFloat() throws Exception {
        Tensor t = single("BF16", shorts(0x3F80, 0xC000, 0x7F7F, 0x0001, 0x7F80, 0xFF80, 0x7FC0));

        float[] v = t.toFloatArray();
        assertEquals(1.0f, v[0]);
        assertEquals(-2.0f, v[1]);
        assertEquals(0x1.FEp127f, v[2]); // largest finite bfloat16
        assertEquals(0x1p-133f, v[3]); // smallest subnormal
        assertEquals(Float.POSITIVE_INFINITY, v[4]);
        assertEquals(Float.NEGATIVE_INFINITY, v[5]);
        assertTrue(Float.isNaN(v[6]));
    }

    @Test
    void f32AndF64KeepEveryBitPattern() throws Exception {
        float[] f = {1.5f, -0.0f, Float.MIN_VALUE, Float.NaN, Float.NEGATIVE_INFINITY};
        double[] d = {1.5, -0.0, Double.MIN_VALUE, Double.NaN, Double.POSITIVE_INFINITY};
        ByteBuffer fb = ByteBuffer.allocate(4 * f.length).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer db = ByteBuffer.allocate(8 * d.length).order(ByteOrder.LITTLE_ENDIAN);
        fb.asFloatBuffer().put(f);
        db.asDoubleBuffer().put(d);

        assertArrayEquals(f, single("F32", fb.array()).toFloatArray());
        Tensor t64 = single("F64", db.array());
        assertEquals(DType.FLOAT64, t64.dtype());
        assertArrayEquals(d, t64.toDoubleArray());
    }

    @Test
    void integerDtypesBecomeInt32Exactly() throws Exception {
        assertArrayEquals(new int[] {Integer.MIN_VALUE, -1, Integer.MAX_VALUE}, single("I64", longs(Integer.MIN_VALUE, -1, Integer.MAX_VALUE)).toIntArray());
        assertArrayEquals(new int[] {-32768, -1, 32767}, single("I16", shorts(0x8000, 0xFFFF, 0x7FFF)).toIntArray());
        assertArrayEquals(new int[] {-128, -1, 127}, single("I8", new byte[] {(byte) 0x80, (byte) 0xFF, 0x7F}).toIntArray());
        assertArrayEquals(new int[] {128, 255, 127}, single("U8", new byte[] {(byte) 0x80, (byte) 0xFF, 0x7F}).toIntArray());
        assertArrayEquals(new int[] {0, 1, 1}, single("BOOL", new byte[] {0, 1, 1}).toIntArray());
        Tensor i32 = single("I32", ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(-7).array());
        assertEquals(DType.INT32, i32.dtype());
        assertEquals(-7, i32.getInt(0));
    }

    @Test
    void i64OutsideIntRangeIsRefusedNamingTheTensorAndTheValue() {
        byte[] bytes = file("{" + entry("num_batches_tracked", "I64", "[2]", 0, 16) + "}", longs(5, 1L << 31));

        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.parse(bytes).tensors());

        assertEquals(Reason.VALUE_OUT_OF_RANGE, e.reason());
        assertEquals("num_batches_tracked", e.tensor().orElseThrow());
        assertTrue(e.getMessage().contains("2147483648"), e.getMessage());
    }

    @Test
    void boolByteOtherThanZeroOrOneIsRefused() {
        byte[] bytes = file("{" + entry("mask", "BOOL", "[2]", 0, 2) + "}", new byte[] {1, 2});

        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.parse(bytes).tensors());

        assertEquals(Reason.VALUE_OUT_OF_RANGE, e.reason());
        assertEquals("mask", e.tensor().orElseThrow());
    }

    @Test
    void rawEntryKeepsTheStoredDtypeAndBytes() throws Exception {
        byte[] data = shorts(0x3C00, 0x7E01);
        SafetensorsEntry e = Safetensors.parse(file("{" + entry("h", "F16", "[2]", 0, 4) + "}", data)).entry("h");

        assertEquals(SafetensorsDType.F16, e.dtype());
        assertArrayEquals(new int[] {2}, e.shape());
        assertArrayEquals(data, e.data());
    }

    @Test
    void i64OverflowIsAlsoRefusedWhenLoadingFromAFile(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("big.safetensors");
        Files.write(path, file("{" + entry("step", "I64", "[]", 0, 8) + "}", longs(Long.MIN_VALUE)));

        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.load(path));

        assertEquals(Reason.VALUE_OUT_OF_RANGE, e.reason());
        assertTrue(e.getMessage().startsWith(path + ": tensor \"step\""), e.getMessage());
    }

    @Test
    void loadingFromAFileDecodesAcrossChunkBoundariesAsParsingDoes(@TempDir Path dir) throws Exception {
        int n = 700_001; // 1.4 MB of F16: more than one 1 MiB read chunk
        ByteBuffer data = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            data.putShort((short) (i * 40503));
        }
        byte[] bytes = file("{" + entry("w", "F16", "[" + n + "]", 0, 2L * n) + "}", data.array());
        Path path = dir.resolve("w.safetensors");
        Files.write(path, bytes);

        float[] expected = Safetensors.parse(bytes).tensors().get("w").toFloatArray();
        float[] loaded = Safetensors.load(path).get("w").toFloatArray();

        assertArrayEquals(expected, loaded);
        assertEquals(Float.float16ToFloat((short) (700_000 * 40503)), loaded[700_000]);
    }

    @Test
    void tensorsOfEveryWritableDtypeSurviveSaveAndLoad(@TempDir Path dir) throws Exception {
        Map<String, Tensor> state = Map.of(
                "f", Tensor.of(new float[] {1.25f, -3}, 2),
                "d", Tensor.of(new double[] {Math.PI}, 1, 1),
                "i", Tensor.scalar(42, DType.INT32));
        Path path = dir.resolve("state.safetensors");

        Safetensors.save(path, state, Map.of("format", "pt"));
        Map<String, Tensor> loaded = Safetensors.load(path);

        assertEquals(state.keySet(), loaded.keySet());
        for (String name : state.keySet()) {
            assertEquals(state.get(name).dtype(), loaded.get(name).dtype());
            assertArrayEquals(state.get(name).shape(), loaded.get(name).shape());
            assertArrayEquals(state.get(name).toDoubleArray(), loaded.get(name).toDoubleArray());
        }
        assertEquals(Map.of("format", "pt"), Safetensors.read(path).metadata());
    }

    /** A file with one tensor {@code "x"} of the given dtype holding {@code data}, read back as a tensor. */
    private static Tensor single(String dtype, byte[] data) throws SafetensorsFormatException {
        int size = SafetensorsDType.valueOf(dtype).byteSize();
        return Safetensors.parse(file("{" + entry("x", dtype, "[" + data.length / size + "]", 0, data.length) + "}", data))
                .tensors().get("x");
    }

    private static byte[] shorts(int... values) {
        ByteBuffer b = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    private static byte[] longs(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }
}

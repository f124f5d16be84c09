package dev.panagrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SER-01: the reference writer's bytes and the reference reader's acceptance vectors (TESTING.md c.6). */
class GoldenVectorsTest {
    private static final String F32_HEADER = "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}";
    private static final String F32_DATA = "00000000 0000803f 00000040 00004040 00008040 0000a040";

    @Test
    void f32ExampleMatchesTheReferenceWriterByteForByte() {
        Tensor t = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 1, 2, 3);
        byte[] bytes = Safetensors.serialize(Map.of("attn.0", t), Map.of());

        assertEquals(96, bytes.length);
        assertArrayEquals(TestFiles.hex("4000000000000000"), Arrays.copyOf(bytes, 8));
        assertEquals(F32_HEADER, new String(bytes, 8, 64, StandardCharsets.UTF_8));
        assertArrayEquals(TestFiles.hex(F32_DATA), Arrays.copyOfRange(bytes, 72, 96));
        assertEquals("2a86d7550f9791d6a7447c66874e5c86d824e292e17226b389a53341d4987f0d", TestFiles.sha256(bytes));
    }

    @Test
    void f32ExampleReadsBackItsValues() throws Exception {
        SafetensorsFile file = Safetensors.parse(TestFiles.file(F32_HEADER, TestFiles.hex(F32_DATA)));

        Tensor t = file.tensors().get("attn.0");
        assertEquals(DType.FLOAT32, t.dtype());
        assertArrayEquals(new int[] {1, 2, 3}, t.shape());
        assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, t.toFloatArray());
        assertEquals(Map.of(), file.metadata());
    }

    @Test
    void emptyFileIsSixteenBytes() {
        byte[] bytes = Safetensors.serialize(Map.of(), Map.of());

        assertArrayEquals(TestFiles.hex("0800000000000000 7b7d202020202020"), bytes);
    }

    @Test
    void metadataOnlyFileIsFortyEightBytes() {
        byte[] bytes = Safetensors.serialize(Map.of(), Map.of("framework", "pt"));

        assertEquals(48, bytes.length);
        assertArrayEquals(TestFiles.hex("2800000000000000"), Arrays.copyOf(bytes, 8));
        assertEquals("{\"__metadata__\":{\"framework\":\"pt\"}}     ", new String(bytes, 8, 40, StandardCharsets.UTF_8));
    }

    @Test
    void metadataOnlyFileReadsBackItsMetadata() throws Exception {
        SafetensorsFile file = Safetensors.parse(Safetensors.serialize(Map.of(), Map.of("framework", "pt")));

        assertEquals(Map.of("framework", "pt"), file.metadata());
        assertTrue(file.entries().isEmpty());
    }

    @Test
    void readerAcceptsRankZeroTensor() throws Exception {
        byte[] bytes = TestFiles.file("{\"test\":{\"dtype\":\"I32\",\"shape\":[],\"data_offsets\":[0,4]}}", new byte[4]);

        Tensor t = Safetensors.parse(bytes).tensors().get("test");
        assertEquals(DType.INT32, t.dtype());
        assertEquals(0, t.dim());
        assertEquals(0, t.item());
    }

    @Test
    void readerAcceptsZeroSizedTensor() throws Exception {
        byte[] bytes = TestFiles.file("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,0],\"data_offsets\":[0,0]}}", new byte[0]);

        Tensor t = Safetensors.parse(bytes).tensors().get("test");
        assertArrayEquals(new int[] {2, 0}, t.shape());
        assertEquals(0, t.numel());
    }

    @Test
    void readerAcceptsTrailingWhitespaceInHeader() throws Exception {
        SafetensorsFile file = Safetensors.parse(TestFiles.file("{}\r \t\n", new byte[0]));

        assertTrue(file.entries().isEmpty());
    }

    @Test
    void readerAcceptsLeadingWhitespaceInHeaderAsTheReferenceReaderDoes() throws Exception {
        SafetensorsFile file = Safetensors.parse(TestFiles.file("\t\n{}\r ", new byte[0]));

        assertTrue(file.entries().isEmpty());
    }

    @Test
    void writerOrdersByDtypeDescendingThenByUtf8BytesAndAlignsEveryOffset() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.of(new int[] {7}, 1));
        tensors.put("\uFFFD", Tensor.of(new float[] {1}, 1));
        tensors.put("\uD83D\uDE00", Tensor.of(new float[] {2}, 1)); // U+1F600: after U+FFFD in UTF-8, before it in UTF-16
        tensors.put("a", Tensor.of(new double[] {3}, 1));

        SafetensorsFile file = Safetensors.parse(Safetensors.serialize(tensors, Map.of()));

        assertEquals(List.of("a", "\uFFFD", "\uD83D\uDE00", "b"), file.names());
    }

    @Test
    void writerSortsMetadataKeysAndEscapesAsSerdeJson() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("z", "q\"uote\\back/slash");
        metadata.put("a", "tab\tnl\ncr\rbell\u0007é");

        byte[] bytes = Safetensors.serialize(Map.of(), metadata);
        int n = (int) bytes[0];

        assertEquals("{\"__metadata__\":{\"a\":\"tab\\tnl\\ncr\\rbell\\u0007é\",\"z\":\"q\\\"uote\\\\back/slash\"}}",
                new String(bytes, 8, n, StandardCharsets.UTF_8).stripTrailing());
    }
}

package dev.panagrad.nn.io;

import static dev.panagrad.nn.io.TestFiles.entry;
import static dev.panagrad.nn.io.TestFiles.file;
import static dev.panagrad.nn.io.TestFiles.withLength;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panagrad.nn.io.SafetensorsFormatException.Reason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * SER-02: malformed and malicious files, each refused with a specific reason, quickly (under 200 ms of
 * CPU time) and without allocating more than the file's size plus 1 MiB while parsing.
 */
class NegativeCorpusTest {
    private static final long MIB = 1 << 20;
    private static final String F32_SCALAR = entry("a", "F32", "[]", 0, 4);

    /** A malformed file and the reason the reader must give. */
    record Case(String name, Reason reason, byte[] bytes) {}

    /** Built once: the largest cases are tens of megabytes. */
    private static final List<Case> CORPUS = build();

    static List<Case> corpus() {
        return CORPUS;
    }

    private static List<Case> build() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("empty file", Reason.HEADER_TOO_SMALL, new byte[0]));
        c.add(new Case("file shorter than 8 bytes", Reason.HEADER_TOO_SMALL, new byte[7]));
        c.add(new Case("header length over 100,000,000", Reason.HEADER_TOO_LARGE, withLength(100_000_001L, bytes("{}"), new byte[0])));
        c.add(new Case("header length with bit 63 set", Reason.HEADER_TOO_LARGE, withLength(Long.MIN_VALUE | 2, bytes("{}"), new byte[0])));
        c.add(new Case("header length 2^64 - 1", Reason.HEADER_TOO_LARGE, withLength(-1L, bytes("{}"), new byte[0])));
        c.add(new Case("header length past the end of the file", Reason.INVALID_HEADER_LENGTH, withLength(11, bytes("{}        "), new byte[0])));
        c.add(new Case("header with an invalid UTF-8 byte", Reason.INVALID_HEADER,
                file(new byte[] {'{', '"', (byte) 0xFF, '"', ':', '1', '}', ' '}, new byte[0])));
        c.add(new Case("header with an overlong UTF-8 encoding", Reason.INVALID_HEADER,
                file(new byte[] {'{', '"', (byte) 0xC0, (byte) 0xAF, '"', ':', '1', '}'}, new byte[0])));
        c.add(new Case("header with a UTF-8-encoded surrogate", Reason.INVALID_HEADER,
                file(new byte[] {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}', ' '}, new byte[0])));
        c.add(new Case("invalid JSON", Reason.INVALID_HEADER_DESERIALIZATION, file("{\"a\":", new byte[0])));
        c.add(new Case("header that is a JSON array", Reason.INVALID_HEADER_DESERIALIZATION, file("[]", new byte[0])));
        c.add(new Case("bytes after the header object", Reason.INVALID_HEADER_DESERIALIZATION, file("{} x", new byte[0])));
        c.add(new Case("entry that is not an object", Reason.INVALID_HEADER_DESERIALIZATION, file("{\"a\":5}", new byte[0])));
        c.add(new Case("entry without data_offsets", Reason.INVALID_HEADER_DESERIALIZATION,
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[]}}", new byte[4])));
        c.add(new Case("three data_offsets", Reason.INVALID_HEADER_DESERIALIZATION,
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4,4]}}", new byte[4])));
        c.add(new Case("unpaired surrogate escape in a name", Reason.INVALID_HEADER_DESERIALIZATION,
                file("{" + entry("\\ud800", "F32", "[]", 0, 4) + "}", new byte[4])));
        c.add(new Case("raw control character in a name", Reason.INVALID_HEADER_DESERIALIZATION,
                file("{" + entry("a\u0001", "F32", "[]", 0, 4) + "}", new byte[4])));
        c.add(new Case("duplicate tensor names", Reason.DUPLICATE_NAME, file("{" + F32_SCALAR + "," + F32_SCALAR + "}", new byte[4])));
        c.add(new Case("duplicate field in an entry", Reason.DUPLICATE_NAME,
                file("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", new byte[4])));
        c.add(new Case("two __metadata__ objects", Reason.DUPLICATE_NAME, file("{\"__metadata__\":{},\"__metadata__\":{}}", new byte[0])));
        c.add(new Case("gap in the offsets", Reason.INVALID_OFFSET,
                file("{" + entry("a", "F32", "[]", 0, 4) + "," + entry("b", "F32", "[]", 8, 12) + "}", new byte[12])));
        c.add(new Case("overlapping offsets", Reason.INVALID_OFFSET,
                file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", new byte[12])));
        c.add(new Case("json attack: 10 tensors at [0, 16]", Reason.INVALID_OFFSET, jsonAttack(10)));
        c.add(new Case("begin after end", Reason.INVALID_OFFSET,
                file("{" + entry("a", "F32", "[]", 0, 4) + "," + entry("b", "F32", "[]", 4, 0) + "}", new byte[4])));
        c.add(new Case("byte size not numel * bits / 8", Reason.TENSOR_INVALID_INFO, file("{" + entry("a", "F32", "[2]", 0, 4) + "}", new byte[4])));
        c.add(new Case("shape product overflow [2, 2^62]", Reason.VALIDATION_OVERFLOW,
                file("{" + entry("a", "F32", "[2,4611686018427387904]", 0, 4) + "}", new byte[4])));
        c.add(new Case("bit count overflow [2^60] of F32", Reason.VALIDATION_OVERFLOW,
                file("{" + entry("a", "F32", "[1152921504606846976]", 0, 4) + "}", new byte[4])));
        c.add(new Case("shape value 2^63 beyond a long", Reason.INVALID_HEADER_DESERIALIZATION,
                file("{" + entry("a", "F32", "[2,9223372036854775808]", 0, 4) + "}", new byte[4])));
        c.add(new Case("bits not whole bytes (3 x F4)", Reason.MISALIGNED_SLICE, file("{" + entry("a", "F4", "[3]", 0, 2) + "}", new byte[2])));
        c.add(new Case("trailing bytes (polyglot file)", Reason.METADATA_INCOMPLETE_BUFFER, file("{" + F32_SCALAR + "}", new byte[9])));
        c.add(new Case("truncated data", Reason.METADATA_INCOMPLETE_BUFFER, file("{" + entry("a", "F32", "[4]", 0, 16) + "}", new byte[12])));
        c.add(new Case("dtype outside the table", Reason.UNSUPPORTED_DTYPE, file("{" + entry("a", "F128", "[]", 0, 16) + "}", new byte[16])));
        c.add(new Case("dtype in the table but unsupported (F8_E4M3)", Reason.UNSUPPORTED_DTYPE,
                file("{" + entry("a", "F8_E4M3", "[4]", 0, 4) + "}", new byte[4])));
        c.add(new Case("float in a shape", Reason.INVALID_HEADER_DESERIALIZATION, file("{" + entry("a", "F32", "[1.0]", 0, 4) + "}", new byte[4])));
        c.add(new Case("exponent in data_offsets", Reason.INVALID_HEADER_DESERIALIZATION,
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4e0]}}", new byte[4])));
        c.add(new Case("negative number in a shape", Reason.INVALID_HEADER_DESERIALIZATION,
                file("{" + entry("a", "F32", "[-1]", 0, 4) + "}", new byte[4])));
        c.add(new Case("leading zero in a number", Reason.INVALID_HEADER_DESERIALIZATION,
                file("{" + entry("a", "F32", "[01]", 0, 4) + "}", new byte[4])));
        c.add(new Case("non-string __metadata__ value", Reason.INVALID_METADATA, file("{\"__metadata__\":{\"a\":1}}", new byte[0])));
        c.add(new Case("__metadata__ that is not an object", Reason.INVALID_METADATA, file("{\"__metadata__\":[\"a\"]}", new byte[0])));
        c.add(new Case("dimension over Integer.MAX_VALUE", Reason.TOO_LARGE_FOR_JAVA,
                file("{" + entry("a", "U8", "[2147483648,0]", 0, 0) + "}", new byte[0])));
        c.add(new Case("JSON nesting depth 10^5", Reason.INVALID_HEADER_DESERIALIZATION,
                file("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}}",
                        new byte[4])));
        c.add(new Case("10^6 + 1 tiny tensor entries", Reason.INVALID_HEADER_DESERIALIZATION, manyEntries(1_000_001)));
        return List.copyOf(c);
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGivesItsReasonQuicklyAndWithinTheFileSizeOfMemory() {
        return corpus().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            assumeTrue(ThreadMeters.available(), "per-thread allocation and CPU meters are not available on this JVM");
            long allocatedBefore = ThreadMeters.allocatedBytes();
            long cpuBefore = ThreadMeters.cpuNanos();
            SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.parse(c.bytes()));
            long millis = (ThreadMeters.cpuNanos() - cpuBefore) / 1_000_000;
            long allocated = ThreadMeters.allocatedBytes() - allocatedBefore;

            assertEquals(c.reason(), e.reason(), e.getMessage());
            assertTrue(e.getMessage().startsWith("<bytes>: "), e.getMessage());
            assertTrue(millis < 200, c.name() + " took " + millis + " ms of CPU time");
            assertTrue(allocated <= c.bytes().length + MIB, c.name() + " allocated " + allocated + " bytes for a "
                    + c.bytes().length + "-byte file");
        }));
    }

    @Test
    void corpusHasAtLeast25CasesAndCoversEveryReasonAFileCanHave() {
        List<Case> corpus = corpus();
        assertTrue(corpus.size() >= 25);
        for (Reason r : Reason.values()) {
            if (r != Reason.VALUE_OUT_OF_RANGE) { // a value check on a valid file, see TensorConversionTest
                assertTrue(corpus.stream().anyMatch(c -> c.reason() == r), "no case for " + r);
            }
        }
    }

    @Test
    void pathReaderGivesTheSameReasonsAndNamesTheFile(@TempDir Path dir) throws Exception {
        for (Case c : corpus()) {
            if (c.bytes().length > MIB) {
                continue;
            }
            Path path = dir.resolve("case.safetensors");
            Files.write(path, c.bytes());
            SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.load(path), c.name());
            assertEquals(c.reason(), e.reason(), c.name() + ": " + e.getMessage());
            assertTrue(e.getMessage().startsWith(path + ": "), e.getMessage());
            assertEquals(c.reason(), assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(path)).reason());
        }
    }

    @Test
    void errorsNameTheOffendingTensor() {
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class,
                () -> Safetensors.parse(file("{" + entry("layer.weight", "F32", "[2]", 0, 4) + "}", new byte[4])));

        assertEquals("layer.weight", e.tensor().orElseThrow());
        assertTrue(e.getMessage().contains("tensor \"layer.weight\""), e.getMessage());
    }

    @Test
    void allocationMeterSeesAnAllocationSoTheMemoryBoundIsReallyChecked() {
        assumeTrue(ThreadMeters.available(), "per-thread allocation and CPU meters are not available on this JVM");
        long before = ThreadMeters.allocatedBytes();
        byte[] big = new byte[4 * (int) MIB];
        assertTrue(ThreadMeters.allocatedBytes() - before >= big.length);
    }

    /** {@code count} F32 [4] tensors all at [0, 16]: the reference "json attack". */
    private static byte[] jsonAttack(int count) {
        StringBuilder h = new StringBuilder("{");
        for (int i = 0; i < count; i++) {
            h.append(i > 0 ? "," : "").append(entry("t" + i, "F32", "[4]", 0, 16));
        }
        return file(h.append('}').toString(), new byte[16]);
    }

    /** {@code count} zero-sized U8 tensors: a header of millions of tiny entries. */
    private static byte[] manyEntries(int count) {
        ByteArrayOutputStream h = new ByteArrayOutputStream(count * 48);
        h.write('{');
        for (int i = 0; i < count; i++) {
            h.writeBytes(bytes((i > 0 ? "," : "") + "\"" + i + "\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0]}"));
        }
        h.write('}');
        return file(h.toByteArray(), new byte[0]);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}

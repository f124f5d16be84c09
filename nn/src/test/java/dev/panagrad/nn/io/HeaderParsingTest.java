package dev.panagrad.nn.io;

import static dev.panagrad.nn.io.TestFiles.entry;
import static dev.panagrad.nn.io.TestFiles.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panagrad.nn.io.SafetensorsFormatException.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The header parser's JSON details: escapes, whitespace, ignored fields, limits. */
class HeaderParsingTest {

    @Test
    void escapesDecodeIncludingSurrogatePairs() throws Exception {
        String header = "{" + entry("a\\u00e9\\ud83d\\ude00\\/\\\"\\\\\\n", "U8", "[1]", 0, 1) + "}";

        SafetensorsFile f = Safetensors.parse(file(header, new byte[1]));

        assertEquals(List.of("aé\uD83D\uDE00/\"\\\n"), f.names());
    }

    @Test
    void rawUtf8NamesReadAsWritten() throws Exception {
        SafetensorsFile f = Safetensors.parse(file("{" + entry("权重.\uD83D\uDE00", "U8", "[1]", 0, 1) + "}", new byte[1]));

        assertEquals(List.of("权重.\uD83D\uDE00"), f.names());
    }

    @Test
    void whitespaceBetweenAnyTokensIsAccepted() throws Exception {
        String header = " {\n \"a\" :\t{ \"dtype\" : \"U8\" ,\r\n \"shape\" : [ 2 ] , \"data_offsets\" : [ 0 , 2 ] } } ";

        SafetensorsEntry e = Safetensors.parse(file(header, new byte[] {7, 8})).entry("a");

        assertArrayEquals(new byte[] {7, 8}, e.data());
    }

    @Test
    void fieldOrderInsideAnEntryAndEntryOrderInTheHeaderDoNotMatter() throws Exception {
        String header = "{\"b\":{\"data_offsets\":[1,2],\"shape\":[],\"dtype\":\"U8\"}," + entry("a", "U8", "[]", 0, 1) + "}";

        SafetensorsFile f = Safetensors.parse(file(header, new byte[] {10, 20}));

        assertEquals(List.of("a", "b"), f.names()); // data order
        assertArrayEquals(new byte[] {20}, f.entry("b").data());
    }

    @Test
    void unknownFieldsInAnEntryAreIgnoredAsTheReferenceReaderDoes() throws Exception {
        String header = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"note\":{\"x\":[1.5,-2e3,true,false,null,\"s\"]}}}";

        SafetensorsFile f = Safetensors.parse(file(header, new byte[1]));

        assertEquals(List.of("a"), f.names());
    }

    @Test
    void nestingUpTo64LevelsIsAcceptedAnd65IsRefused() throws Exception {
        // the header object is level 1, the entry level 2, so the unknown field's value starts at level 3
        Safetensors.parse(file(nested(62), new byte[1]));

        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.parse(file(nested(63), new byte[1])));
        assertEquals(Reason.INVALID_HEADER_DESERIALIZATION, e.reason());
    }

    @Test
    void duplicateKeysAreRefusedEvenInsideIgnoredFields() {
        String header = "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"x\":{\"k\":1,\"k\":2}}}";

        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.parse(file(header, new byte[1])));

        assertEquals(Reason.DUPLICATE_NAME, e.reason());
    }

    @Test
    void emptyMetadataAndMetadataWithEscapesAreRead() throws Exception {
        assertEquals(Map.of(), Safetensors.parse(file("{\"__metadata__\":{}}", new byte[0])).metadata());
        assertEquals(Map.of("k\"", "v\u0007"),
                Safetensors.parse(file("{\"__metadata__\":{\"k\\\"\":\"v\\u0007\"}}", new byte[0])).metadata());
    }

    @Test
    void largestNaturalNumberParsesAndOneMoreIsRefused() throws Exception {
        // 2^63-1 in a zero-sized tensor's shape: the element count 0 * (2^63-1) does not overflow
        String ok = "{" + entry("a", "U8", "[0,9223372036854775807]", 0, 0) + "}";
        SafetensorsFormatException tooLarge = assertThrows(SafetensorsFormatException.class, () -> Safetensors.parse(file(ok, new byte[0])));
        assertEquals(Reason.TOO_LARGE_FOR_JAVA, tooLarge.reason()); // valid safetensors, but no Java array has such a dimension

        String over = "{" + entry("a", "U8", "[0,9223372036854775808]", 0, 0) + "}";
        assertEquals(Reason.INVALID_HEADER_DESERIALIZATION,
                assertThrows(SafetensorsFormatException.class, () -> Safetensors.parse(file(over, new byte[0]))).reason());
    }

    /** A one-byte U8 tensor whose extra field holds {@code depth} nested arrays. */
    private static String nested(int depth) {
        return "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"x\":" + "[".repeat(depth) + "]".repeat(depth) + "}}";
    }
}

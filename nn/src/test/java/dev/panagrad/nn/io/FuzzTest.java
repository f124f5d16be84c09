package dev.panagrad.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import dev.panagrad.core.check.Source;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The reader on random and mutated inputs (SER-04's property-based stand-in): whatever the bytes, it
 * either accepts them or throws {@link SafetensorsFormatException} — never another exception, an
 * error or a hang — and anything it accepts rewrites to a file it reads back equal.
 */
class FuzzTest {
    private static final String[] TOKENS = {
        "{", "}", "[", "]", ":", ",", " ", "\"", "\"a\"", "\"b\"", "\"__metadata__\"", "\"dtype\"", "\"shape\"", "\"data_offsets\"",
        "\"F32\"", "\"F16\"", "\"I64\"", "\"BOOL\"", "\"F4\"", "\"X\"", "0", "1", "4", "8", "-1", "1.5", "1e2", "18446744073709551616",
        "true", "null", "\\u", "\\ud800", "\\\"", "é", "\u0001"
    };

    @Test
    void onlyTheFormatExceptionEverEscapes() {
        Gen<byte[]> inputs = Gen.oneOf(mutatedValidFiles(), tokenSoups(), randomBytes());
        Property.forAll(inputs, 12_000, FuzzTest::readAnything);
    }

    /** The property: read, convert and, when accepted, rewrite and reread. */
    private static void readAnything(byte[] bytes) {
        SafetensorsFile file;
        try {
            file = Safetensors.parse(bytes);
        } catch (SafetensorsFormatException refused) {
            return;
        }
        try {
            file.tensors();
        } catch (SafetensorsFormatException refused) {
            // a value that does not fit its Panagrad dtype (I64 overflow, BOOL byte): allowed
        }
        try {
            assertEquals(file, Safetensors.parse(Safetensors.serialize(file)));
        } catch (SafetensorsFormatException e) {
            throw new AssertionError("an accepted file was rewritten into one that is refused: " + e.getMessage(), e);
        }
    }

    /** A valid file with one to four mutations: bit flips, byte edits, insertions, deletions, truncation, header-length edits. */
    private static Gen<byte[]> mutatedValidFiles() {
        Gen<java.util.List<SafetensorsEntry>> entries = SafetensorsGen.entries();
        Gen<java.util.Map<String, String>> metadata = SafetensorsGen.metadata();
        return source -> {
            byte[] bytes = Safetensors.serialize(SafetensorsFile.of(entries.generate(source), metadata.generate(source)));
            int mutations = source.drawInt(1, 4);
            for (int m = 0; m < mutations; m++) {
                bytes = mutate(bytes, source);
            }
            return bytes;
        };
    }

    private static byte[] mutate(byte[] bytes, Source source) {
        int at = bytes.length == 0 ? 0 : source.drawInt(0, bytes.length - 1);
        switch (source.drawInt(0, 5)) {
            case 0 -> {
                if (bytes.length > 0) {
                    bytes[at] ^= (byte) (1 << source.drawInt(0, 7));
                }
                return bytes;
            }
            case 1 -> {
                if (bytes.length > 0) {
                    bytes[at] = (byte) source.drawInt(0, 255);
                }
                return bytes;
            }
            case 2 -> {
                byte[] out = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, out, 0, at);
                out[at] = (byte) source.drawInt(0, 255);
                System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
                return out;
            }
            case 3 -> {
                if (bytes.length == 0) {
                    return bytes;
                }
                byte[] out = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, out, 0, at);
                System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
                return out;
            }
            case 4 -> {
                return Arrays.copyOf(bytes, at);
            }
            default -> {
                if (bytes.length >= 8) {
                    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
                    b.putLong(0, b.getLong(0) + source.drawInt(-16, 16));
                }
                return bytes;
            }
        }
    }

    /** A header of random JSON-ish tokens behind a correct length, followed by 0–32 data bytes. */
    private static Gen<byte[]> tokenSoups() {
        return source -> {
            StringBuilder h = new StringBuilder();
            int count = source.drawInt(0, 40);
            for (int i = 0; i < count; i++) {
                h.append(TOKENS[source.drawInt(0, TOKENS.length - 1)]);
            }
            byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
            return TestFiles.file(header, new byte[source.drawInt(0, 32)]);
        };
    }

    /** 0–64 random bytes. */
    private static Gen<byte[]> randomBytes() {
        return source -> {
            byte[] bytes = new byte[source.drawInt(0, 64)];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) source.drawInt(0, 255);
            }
            return bytes;
        };
    }
}

package dev.panagrad.nn.io;

import dev.panagrad.nn.io.SafetensorsFormatException.Reason;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a safetensors header against its schema, reading the UTF-8 bytes in place (no copy of the
 * header); {@link JsonCursor} supplies the strict JSON grammar, the nesting limit and duplicate-key
 * detection.
 *
 * <p>Schema limits: at most {@value #MAX_TENSORS} tensors, counted by a linear scan before anything
 * is built; shapes and offsets must be natural numbers written as integers ({@code 1.0}, {@code 1e3},
 * {@code -1} and values over 2^63−1 are refused); {@code __metadata__} must map strings to strings.
 * Leading and trailing JSON whitespace (space, tab, CR, LF) is accepted, and unknown fields inside a
 * tensor entry are parsed and ignored, both as the reference (serde_json) reader does.
 */
final class HeaderParser {
    /** Most tensors a header may declare. */
    static final int MAX_TENSORS = 1_000_000;
    /** The reserved key of the metadata map. */
    static final String METADATA_KEY = "__metadata__";

    /** A parsed but not yet validated header: metadata in file order, entries in JSON order. */
    record Parsed(Map<String, String> metadata, List<HeaderEntry> entries) {}

    private final JsonCursor in;
    private final String source;

    private HeaderParser(byte[] bytes, int offset, int length, String source) {
        this.in = new JsonCursor(bytes, offset, length, source);
        this.source = source;
    }

    /** Checks that the header is UTF-8 (c.4 step 4) and parses it into entries (step 5). */
    static Parsed parse(byte[] bytes, int offset, int length, String source) throws SafetensorsFormatException {
        Scan scan = scan(bytes, offset, length);
        if (!scan.ascii()) {
            checkUtf8(bytes, offset, length, source);
        }
        HeaderParser p = new HeaderParser(bytes, offset, length, source);
        if (scan.tensors() > MAX_TENSORS) {
            throw p.tooManyTensors(scan.tensors());
        }
        return p.header();
    }

    /** Strict UTF-8 (no replacement of malformed input), decoded through a small reused buffer. */
    private static void checkUtf8(byte[] bytes, int offset, int length, String source) throws SafetensorsFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate(4096);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) {
                throw new SafetensorsFormatException(Reason.INVALID_HEADER, source, null,
                        "header is not valid UTF-8 (malformed byte at header offset " + (in.position() - offset) + ")");
            }
            if (r.isUnderflow()) {
                return;
            }
            out.clear();
        }
    }

    /** What {@link #scan} found: the number of tensors and whether the header is pure ASCII. */
    private record Scan(long tensors, boolean ascii) {}

    /**
     * One pass that allocates nothing: notes whether the header is pure ASCII (then it is valid UTF-8
     * without decoding) and counts the tensors of the top-level object, so that a header declaring
     * millions of tiny tensors is refused before any of them is built. Tracks only strings and
     * brackets (the parser proper checks the grammar, and counts again exactly); a key written
     * literally as {@code "__metadata__"} is not counted.
     */
    private static Scan scan(byte[] b, int offset, int length) {
        int end = offset + length;
        long members = 0;
        int depth = 0;
        int lastOutsideString = 0;
        boolean inString = false;
        boolean ascii = true;
        for (int i = offset; i < end; i++) {
            int c = b[i];
            if (c < 0) {
                ascii = false;
            }
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (c == '"') {
                inString = true;
                if (depth == 1 && (lastOutsideString == '{' || lastOutsideString == ',') && !isMetadataKeyAt(b, i, end)) {
                    members++;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                lastOutsideString = c;
            }
        }
        return new Scan(members, ascii);
    }

    private static boolean isMetadataKeyAt(byte[] b, int quote, int end) {
        String key = "\"" + METADATA_KEY + "\"";
        if (quote + key.length() > end) {
            return false;
        }
        for (int k = 0; k < key.length(); k++) {
            if (b[quote + k] != key.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private SafetensorsFormatException tooManyTensors(long count) {
        return in.error(null, "header declares " + (count > MAX_TENSORS + 1 ? count : "more than " + MAX_TENSORS)
                + " tensors; at most " + MAX_TENSORS + " are accepted");
    }

    private Parsed header() throws SafetensorsFormatException {
        in.skipWhitespace();
        if (in.peek() != '{') {
            throw in.error(null, "header must be a JSON object, found " + in.describeHere());
        }
        in.advance();
        Map<String, String> metadata = Map.of();
        boolean sawMetadata = false;
        List<HeaderEntry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        in.skipWhitespace();
        if (in.peek() == '}') {
            in.advance();
        } else {
            while (true) {
                in.skipWhitespace();
                String key = in.readString("a tensor name");
                in.skipWhitespace();
                in.expect(':');
                if (key.equals(METADATA_KEY)) {
                    if (sawMetadata) {
                        throw new SafetensorsFormatException(Reason.DUPLICATE_NAME, source, null, "__metadata__ appears twice");
                    }
                    sawMetadata = true;
                    metadata = metadata();
                } else {
                    if (entries.size() == MAX_TENSORS) {
                        throw tooManyTensors(MAX_TENSORS + 1);
                    }
                    if (!names.add(key)) {
                        throw new SafetensorsFormatException(Reason.DUPLICATE_NAME, source, key, "the name appears twice in the header");
                    }
                    entries.add(entry(key));
                }
                if (in.endOfMembers('}', key)) {
                    break;
                }
            }
        }
        in.skipWhitespace();
        if (!in.atEnd()) {
            throw in.error(null, "unexpected " + in.describeHere() + " after the header object");
        }
        return new Parsed(metadata, entries);
    }

    private Map<String, String> metadata() throws SafetensorsFormatException {
        in.skipWhitespace();
        if (in.peek() != '{') {
            throw new SafetensorsFormatException(Reason.INVALID_METADATA, source, null,
                    "__metadata__ must be an object of string values");
        }
        in.advance();
        Map<String, String> metadata = new LinkedHashMap<>();
        in.skipWhitespace();
        if (in.peek() == '}') {
            in.advance();
            return metadata;
        }
        while (true) {
            in.skipWhitespace();
            String key = in.readString("a metadata key");
            in.skipWhitespace();
            in.expect(':');
            in.skipWhitespace();
            if (in.peek() != '"') {
                throw new SafetensorsFormatException(Reason.INVALID_METADATA, source, null,
                        "__metadata__ value of \"" + key + "\" must be a string, found " + in.describeHere());
            }
            String value = in.readString("a metadata value");
            if (metadata.put(key, value) != null) {
                throw new SafetensorsFormatException(Reason.DUPLICATE_NAME, source, null, "__metadata__ key \"" + key + "\" appears twice");
            }
            if (in.endOfMembers('}', null)) {
                return metadata;
            }
        }
    }

    /** {@code {"dtype": STRING, "shape": [natural...], "data_offsets": [natural, natural]}}; other fields ignored. */
    private HeaderEntry entry(String name) throws SafetensorsFormatException {
        in.skipWhitespace();
        if (in.peek() != '{') {
            throw in.error(name, "entry must be an object with dtype, shape and data_offsets, found " + in.describeHere());
        }
        in.advance();
        SafetensorsDType dtype = null;
        long[] shape = null;
        long[] offsets = null;
        Set<String> otherKeys = null;
        in.skipWhitespace();
        if (in.peek() == '}') {
            in.advance();
        } else {
            while (true) {
                in.skipWhitespace();
                String key = in.readString("a field name");
                in.skipWhitespace();
                in.expect(':');
                boolean repeated;
                switch (key) {
                    case "dtype" -> {
                        repeated = dtype != null;
                        dtype = dtype(name);
                    }
                    case "shape" -> {
                        repeated = shape != null;
                        shape = naturals(name, "shape", -1);
                    }
                    case "data_offsets" -> {
                        repeated = offsets != null;
                        offsets = naturals(name, "data_offsets", 2);
                    }
                    default -> {
                        if (otherKeys == null) {
                            otherKeys = new HashSet<>();
                        }
                        repeated = !otherKeys.add(key);
                        in.skipValue(3);
                    }
                }
                if (repeated) {
                    throw new SafetensorsFormatException(Reason.DUPLICATE_NAME, source, name, "field \"" + key + "\" appears twice");
                }
                if (in.endOfMembers('}', name)) {
                    break;
                }
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            String missing = dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets";
            throw in.error(name, "entry has no \"" + missing + "\" field");
        }
        return new HeaderEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private SafetensorsDType dtype(String name) throws SafetensorsFormatException {
        in.skipWhitespace();
        if (in.peek() != '"') {
            throw in.error(name, "dtype must be a string, found " + in.describeHere());
        }
        String text = in.readString("a dtype");
        return SafetensorsDType.byName(text).orElseThrow(() -> new SafetensorsFormatException(Reason.UNSUPPORTED_DTYPE,
                source, name, "unknown dtype \"" + text + "\" (not in the safetensors dtype table)"));
    }

    /** An array of natural numbers; exactly {@code length} of them unless {@code length} is −1. */
    private long[] naturals(String name, String field, int length) throws SafetensorsFormatException {
        in.skipWhitespace();
        if (in.peek() != '[') {
            throw in.error(name, field + " must be an array of non-negative integers, found " + in.describeHere());
        }
        in.advance();
        long[] values = new long[4];
        int n = 0;
        in.skipWhitespace();
        if (in.peek() == ']') {
            in.advance();
        } else {
            while (true) {
                in.skipWhitespace();
                long v = in.natural(name, field);
                if (n == values.length) {
                    values = java.util.Arrays.copyOf(values, n * 2);
                }
                values[n++] = v;
                if (in.endOfMembers(']', name)) {
                    break;
                }
            }
        }
        if (length >= 0 && n != length) {
            throw in.error(name, field + " must hold exactly " + length + " numbers, found " + n);
        }
        return java.util.Arrays.copyOf(values, n);
    }

}

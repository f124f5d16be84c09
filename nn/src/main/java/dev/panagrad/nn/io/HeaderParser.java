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
 * A strict JSON parser for safetensors headers, reading UTF-8 bytes in place (no copy of the header).
 *
 * <p>Grammar is RFC 8259 with these limits: nesting at most {@value #MAX_DEPTH} deep (recursion is
 * bounded by it, so no input can overflow the stack); at most {@value #MAX_TENSORS} tensors, counted
 * by a linear scan before anything is built; no duplicate key in any object; numbers where the schema
 * wants one must be natural numbers written as integers ({@code 1.0}, {@code 1e3}, {@code -1} and
 * values over 2^63−1 are refused). Leading and trailing JSON whitespace (space, tab, CR, LF) is
 * accepted, as the reference (serde_json) reader does. Unknown fields inside a tensor entry are parsed
 * and ignored, as the reference reader does.
 */
final class HeaderParser {
    /** Deepest nesting of objects and arrays accepted. */
    static final int MAX_DEPTH = 64;
    /** Most tensors a header may declare. */
    static final int MAX_TENSORS = 1_000_000;
    static final String METADATA_KEY = "__metadata__";

    /** A parsed but not yet validated header: metadata in file order, entries in JSON order. */
    record Parsed(Map<String, String> metadata, List<HeaderEntry> entries) {}

    private final byte[] b;
    private final int base;
    private final int end;
    private final String source;
    private int pos;
    private boolean nonAscii;

    private HeaderParser(byte[] bytes, int offset, int length, String source) {
        this.b = bytes;
        this.pos = offset;
        this.base = offset;
        this.end = offset + length;
        this.source = source;
    }

    /** Checks that the header is UTF-8 (c.4 step 4) and parses it into entries (step 5). */
    static Parsed parse(byte[] bytes, int offset, int length, String source) throws SafetensorsFormatException {
        HeaderParser p = new HeaderParser(bytes, offset, length, source);
        long tensors = p.scan();
        if (p.nonAscii) {
            checkUtf8(bytes, offset, length, source);
        }
        if (tensors > MAX_TENSORS) {
            throw p.tooManyTensors(tensors);
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

    /**
     * One pass that allocates nothing: notes whether the header is pure ASCII (then it is valid UTF-8
     * without decoding) and counts the tensors of the top-level object, so that a header declaring
     * millions of tiny tensors is refused before any of them is built. Tracks only strings and
     * brackets (the parser proper checks the grammar, and counts again exactly); a key written
     * literally as {@code "__metadata__"} is not counted.
     */
    private long scan() {
        long members = 0;
        int depth = 0;
        int lastOutsideString = 0;
        boolean inString = false;
        for (int i = pos; i < end; i++) {
            int c = b[i];
            if (c < 0) {
                nonAscii = true;
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
                if (depth == 1 && (lastOutsideString == '{' || lastOutsideString == ',') && !isMetadataKeyAt(i)) {
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
        return members;
    }

    private boolean isMetadataKeyAt(int quote) {
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
        return error(null, "header declares " + (count > MAX_TENSORS + 1 ? count : "more than " + MAX_TENSORS)
                + " tensors; at most " + MAX_TENSORS + " are accepted");
    }

    private Parsed header() throws SafetensorsFormatException {
        skipWhitespace();
        if (peek() != '{') {
            throw error(null, "header must be a JSON object, found " + describeHere());
        }
        pos++;
        Map<String, String> metadata = Map.of();
        boolean sawMetadata = false;
        List<HeaderEntry> entries = new ArrayList<>();
        Set<String> names = new HashSet<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                String key = readString("a tensor name");
                skipWhitespace();
                expect(':');
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
                if (endOfMembers('}', key)) {
                    break;
                }
            }
        }
        skipWhitespace();
        if (pos != end) {
            throw error(null, "unexpected " + describeHere() + " after the header object");
        }
        return new Parsed(metadata, entries);
    }

    private Map<String, String> metadata() throws SafetensorsFormatException {
        skipWhitespace();
        if (peek() != '{') {
            throw new SafetensorsFormatException(Reason.INVALID_METADATA, source, null,
                    "__metadata__ must be an object of string values");
        }
        pos++;
        Map<String, String> metadata = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return metadata;
        }
        while (true) {
            skipWhitespace();
            String key = readString("a metadata key");
            skipWhitespace();
            expect(':');
            skipWhitespace();
            if (peek() != '"') {
                throw new SafetensorsFormatException(Reason.INVALID_METADATA, source, null,
                        "__metadata__ value of \"" + key + "\" must be a string, found " + describeHere());
            }
            String value = readString("a metadata value");
            if (metadata.put(key, value) != null) {
                throw new SafetensorsFormatException(Reason.DUPLICATE_NAME, source, null, "__metadata__ key \"" + key + "\" appears twice");
            }
            if (endOfMembers('}', null)) {
                return metadata;
            }
        }
    }

    /** {@code {"dtype": STRING, "shape": [natural...], "data_offsets": [natural, natural]}}; other fields ignored. */
    private HeaderEntry entry(String name) throws SafetensorsFormatException {
        skipWhitespace();
        if (peek() != '{') {
            throw error(name, "entry must be an object with dtype, shape and data_offsets, found " + describeHere());
        }
        pos++;
        SafetensorsDType dtype = null;
        long[] shape = null;
        long[] offsets = null;
        Set<String> otherKeys = null;
        skipWhitespace();
        if (peek() == '}') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                String key = readString("a field name");
                skipWhitespace();
                expect(':');
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
                        skipValue(3);
                    }
                }
                if (repeated) {
                    throw new SafetensorsFormatException(Reason.DUPLICATE_NAME, source, name, "field \"" + key + "\" appears twice");
                }
                if (endOfMembers('}', name)) {
                    break;
                }
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            String missing = dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets";
            throw error(name, "entry has no \"" + missing + "\" field");
        }
        return new HeaderEntry(name, dtype, shape, offsets[0], offsets[1]);
    }

    private SafetensorsDType dtype(String name) throws SafetensorsFormatException {
        skipWhitespace();
        if (peek() != '"') {
            throw error(name, "dtype must be a string, found " + describeHere());
        }
        String text = readString("a dtype");
        return SafetensorsDType.byName(text).orElseThrow(() -> new SafetensorsFormatException(Reason.UNSUPPORTED_DTYPE,
                source, name, "unknown dtype \"" + text + "\" (not in the safetensors dtype table)"));
    }

    /** An array of natural numbers; exactly {@code length} of them unless {@code length} is −1. */
    private long[] naturals(String name, String field, int length) throws SafetensorsFormatException {
        skipWhitespace();
        if (peek() != '[') {
            throw error(name, field + " must be an array of non-negative integers, found " + describeHere());
        }
        pos++;
        long[] values = new long[4];
        int n = 0;
        skipWhitespace();
        if (peek() == ']') {
            pos++;
        } else {
            while (true) {
                skipWhitespace();
                long v = natural(name, field);
                if (n == values.length) {
                    values = java.util.Arrays.copyOf(values, n * 2);
                }
                values[n++] = v;
                if (endOfMembers(']', name)) {
                    break;
                }
            }
        }
        if (length >= 0 && n != length) {
            throw error(name, field + " must hold exactly " + length + " numbers, found " + n);
        }
        return java.util.Arrays.copyOf(values, n);
    }

    /** A natural number ≤ 2^63−1, written as a JSON integer. */
    private long natural(String name, String field) throws SafetensorsFormatException {
        int start = pos;
        boolean integral = scanNumber();
        if (!integral || b[start] == '-') {
            throw error(name, field + " must hold non-negative integers, found " + text(start, pos));
        }
        long v = 0;
        for (int i = start; i < pos; i++) {
            int digit = b[i] - '0';
            if (v > (Long.MAX_VALUE - digit) / 10) {
                throw error(name, field + " value " + text(start, pos) + " exceeds 2^63-1");
            }
            v = v * 10 + digit;
        }
        return v;
    }

    /** Scans one JSON number token; returns whether it is an integer (no fraction, no exponent). */
    private boolean scanNumber() throws SafetensorsFormatException {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            pos = start;
            throw error(null, "expected a JSON value, found " + describeHere());
        }
        boolean integral = true;
        if (peek() == '.') {
            integral = false;
            pos++;
            digits(start);
        }
        if (peek() == 'e' || peek() == 'E') {
            integral = false;
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            digits(start);
        }
        return integral;
    }

    private void digits(int tokenStart) throws SafetensorsFormatException {
        if (!isDigit(peek())) {
            throw error(null, "malformed number " + text(tokenStart, Math.min(pos + 1, end)));
        }
        while (isDigit(peek())) {
            pos++;
        }
    }

    /**
     * Skips any JSON value, checking its grammar, duplicate keys and the nesting limit; {@code depth}
     * is the nesting level the value occupies if it is an object or array (the header object is 1).
     */
    private void skipValue(int depth) throws SafetensorsFormatException {
        skipWhitespace();
        int c = peek();
        if (c == '{' || c == '[') {
            if (depth > MAX_DEPTH) {
                throw error(null, "JSON nesting is deeper than " + MAX_DEPTH + " levels");
            }
            pos++;
            boolean object = c == '{';
            Set<String> keys = object ? new HashSet<>() : null;
            skipWhitespace();
            if (peek() == (object ? '}' : ']')) {
                pos++;
                return;
            }
            while (true) {
                skipWhitespace();
                if (object) {
                    String key = readString("an object key");
                    if (!keys.add(key)) {
                        throw new SafetensorsFormatException(Reason.DUPLICATE_NAME, source, null, "object key \"" + key + "\" appears twice");
                    }
                    skipWhitespace();
                    expect(':');
                }
                skipValue(depth + 1);
                if (endOfMembers(object ? '}' : ']', null)) {
                    return;
                }
            }
        } else if (c == '"') {
            readString("a string");
        } else if (c == 't') {
            literal("true");
        } else if (c == 'f') {
            literal("false");
        } else if (c == 'n') {
            literal("null");
        } else {
            scanNumber();
        }
    }

    /** After a member: consumes {@code ,} (returns false) or the closing bracket (returns true). */
    private boolean endOfMembers(char close, String tensor) throws SafetensorsFormatException {
        skipWhitespace();
        int c = peek();
        if (c == ',') {
            pos++;
            return false;
        }
        if (c == close) {
            pos++;
            return true;
        }
        throw error(tensor, "expected ',' or '" + close + "', found " + describeHere());
    }

    private void literal(String word) throws SafetensorsFormatException {
        for (int i = 0; i < word.length(); i++) {
            if (peek() != word.charAt(i)) {
                throw error(null, "expected a JSON value, found " + describeHere());
            }
            pos++;
        }
    }

    /** A JSON string: raw UTF-8 (already validated) with escapes decoded; control characters refused. */
    private String readString(String what) throws SafetensorsFormatException {
        if (peek() != '"') {
            throw error(null, "expected " + what + " (a JSON string), found " + describeHere());
        }
        int start = ++pos;
        while (pos < end && b[pos] != '"' && b[pos] != '\\' && (b[pos] & 0xFF) >= 0x20) {
            pos++;
        }
        if (pos < end && b[pos] == '"') {
            return new String(b, start, pos++ - start, StandardCharsets.UTF_8);
        }
        StringBuilder sb = new StringBuilder(new String(b, start, pos - start, StandardCharsets.UTF_8));
        while (true) {
            if (pos >= end) {
                throw error(null, "unterminated string");
            }
            int c = b[pos] & 0xFF;
            if (c == '"') {
                pos++;
                return sb.toString();
            }
            if (c < 0x20) {
                throw error(null, "control character 0x" + Integer.toHexString(c) + " inside a string must be escaped");
            }
            if (c == '\\') {
                escape(sb);
            } else {
                int runStart = pos;
                while (pos < end && b[pos] != '"' && b[pos] != '\\' && (b[pos] & 0xFF) >= 0x20) {
                    pos++;
                }
                sb.append(new String(b, runStart, pos - runStart, StandardCharsets.UTF_8));
            }
        }
    }

    private void escape(StringBuilder sb) throws SafetensorsFormatException {
        pos++; // the backslash
        int c = peek();
        pos++;
        switch (c) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '/' -> sb.append('/');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
                char unit = hex4();
                if (Character.isHighSurrogate(unit)) {
                    if (peek() != '\\' || pos + 1 >= end || b[pos + 1] != 'u') {
                        throw error(null, "unpaired surrogate \\u" + Integer.toHexString(unit) + " in a string");
                    }
                    pos += 2;
                    char low = hex4();
                    if (!Character.isLowSurrogate(low)) {
                        throw error(null, "unpaired surrogate \\u" + Integer.toHexString(unit) + " in a string");
                    }
                    sb.append(unit).append(low);
                } else if (Character.isLowSurrogate(unit)) {
                    throw error(null, "unpaired surrogate \\u" + Integer.toHexString(unit) + " in a string");
                } else {
                    sb.append(unit);
                }
            }
            default -> throw error(null, "invalid escape in a string at header offset " + (pos - 2 - base));
        }
    }

    private char hex4() throws SafetensorsFormatException {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(peek(), 16);
            if (d < 0) {
                throw error(null, "\\u escape needs four hex digits");
            }
            v = v * 16 + d;
            pos++;
        }
        return (char) v;
    }

    private void expect(char c) throws SafetensorsFormatException {
        if (peek() != c) {
            throw error(null, "expected '" + c + "', found " + describeHere());
        }
        pos++;
    }

    private void skipWhitespace() {
        while (pos < end && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r')) {
            pos++;
        }
    }

    /** The byte at the cursor as 0–255, or −1 at the end of the header. */
    private int peek() {
        return pos < end ? b[pos] & 0xFF : -1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private String describeHere() {
        return pos >= end ? "the end of the header" : "'" + text(pos, pos + 1) + "' at header offset " + (pos - base);
    }

    private String text(int from, int to) {
        int limit = Math.min(to, from + 40);
        return new String(b, from, limit - from, StandardCharsets.UTF_8) + (limit < to ? "…" : "");
    }

    private SafetensorsFormatException error(String tensor, String detail) {
        return new SafetensorsFormatException(Reason.INVALID_HEADER_DESERIALIZATION, source, tensor, detail);
    }
}

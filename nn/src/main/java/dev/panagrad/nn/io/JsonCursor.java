package dev.panagrad.nn.io;

import dev.panagrad.nn.io.SafetensorsFormatException.Reason;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * The lexical layer of the header parser: a cursor over UTF-8 JSON bytes (validated beforehand) that
 * reads strings, natural numbers and punctuation, and skips whole values. Grammar is RFC 8259; values
 * nest at most {@value #MAX_DEPTH} deep (recursion is bounded by it, so no input overflows the
 * stack); objects never repeat a key. Every fault is a {@link SafetensorsFormatException}.
 */
final class JsonCursor {
    /** Deepest nesting of objects and arrays accepted. */
    static final int MAX_DEPTH = 64;

    private final byte[] b;
    private final int base;
    private final int end;
    private final String source;
    private int pos;

    /** A cursor over {@code bytes[offset, offset + length)}; {@code source} names the file in errors. */
    JsonCursor(byte[] bytes, int offset, int length, String source) {
        this.b = bytes;
        this.pos = offset;
        this.base = offset;
        this.end = offset + length;
        this.source = source;
    }

    /** Moves past the byte at the cursor. */
    void advance() {
        pos++;
    }

    /** Whether the cursor has reached the end of the header. */
    boolean atEnd() {
        return pos >= end;
    }

    /** A natural number ≤ 2^63−1, written as a JSON integer. */
    long natural(String name, String field) throws SafetensorsFormatException {
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
    boolean scanNumber() throws SafetensorsFormatException {
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
    void skipValue(int depth) throws SafetensorsFormatException {
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
    boolean endOfMembers(char close, String tensor) throws SafetensorsFormatException {
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
    String readString(String what) throws SafetensorsFormatException {
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

    void expect(char c) throws SafetensorsFormatException {
        if (peek() != c) {
            throw error(null, "expected '" + c + "', found " + describeHere());
        }
        pos++;
    }

    void skipWhitespace() {
        while (pos < end && (b[pos] == ' ' || b[pos] == '\t' || b[pos] == '\n' || b[pos] == '\r')) {
            pos++;
        }
    }

    /** The byte at the cursor as 0–255, or −1 at the end of the header. */
    int peek() {
        return pos < end ? b[pos] & 0xFF : -1;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    String describeHere() {
        return pos >= end ? "the end of the header" : "'" + text(pos, pos + 1) + "' at header offset " + (pos - base);
    }

    String text(int from, int to) {
        int limit = Math.min(to, from + 40);
        return new String(b, from, limit - from, StandardCharsets.UTF_8) + (limit < to ? "…" : "");
    }

    SafetensorsFormatException error(String tensor, String detail) {
        return new SafetensorsFormatException(Reason.INVALID_HEADER_DESERIALIZATION, source, tensor, detail);
    }
}

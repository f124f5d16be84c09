package dev.panagrad.examples.text;

import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The characters a language model reads and predicts: id {@value #MARKER} is the boundary marker
 * that begins and ends every sequence, ids 1..size−1 are the text's characters (Unicode code points,
 * so {@code é} or {@code 😀} is one character) in code-point order.
 */
public final class Vocabulary {
    /** The id of the marker that begins and ends every sequence. */
    public static final int MARKER = 0;

    private final int[] codePoints; // codePoints[id - 1] is the character with that id
    private final Map<Integer, Integer> ids = new HashMap<>();

    private Vocabulary(int[] codePoints) {
        this.codePoints = codePoints;
        for (int i = 0; i < codePoints.length; i++) {
            ids.put(codePoints[i], i + 1);
        }
    }

    /** The distinct characters of {@code texts}. */
    public static Vocabulary of(Collection<String> texts) {
        return new Vocabulary(texts.stream().flatMapToInt(String::codePoints).distinct().sorted().toArray());
    }

    /**
     * The vocabulary whose characters, in id order, are {@code characters} (as {@link #characters()} gives them).
     *
     * @throws IllegalArgumentException if a character repeats
     */
    public static Vocabulary parse(String characters) {
        int[] codePoints = characters.codePoints().toArray();
        if (Arrays.stream(codePoints).distinct().count() != codePoints.length) {
            throw new IllegalArgumentException("a vocabulary lists each character once, got '" + characters + "'");
        }
        return new Vocabulary(codePoints);
    }

    /** The characters in id order (ids 1, 2, ...), as one string: how a checkpoint stores the vocabulary. */
    public String characters() {
        return new String(codePoints, 0, codePoints.length);
    }

    /** The number of ids, the marker included. */
    public int size() {
        return codePoints.length + 1;
    }

    /**
     * The ids of {@code text} between two markers: {@code [MARKER, c1, ..., cn, MARKER]}.
     *
     * @throws IllegalArgumentException if {@code text} has a character outside the vocabulary
     */
    public int[] encode(String text) {
        int[] out = new int[text.codePointCount(0, text.length()) + 2];
        int i = 1;
        for (int c : (Iterable<Integer>) text.codePoints()::iterator) {
            Integer id = ids.get(c);
            if (id == null) {
                throw new IllegalArgumentException("'" + Character.toString(c) + "' (U+" + Integer.toHexString(c).toUpperCase()
                        + ") is not in the vocabulary of " + codePoints.length + " characters");
            }
            out[i++] = id;
        }
        return out; // out[0] and out[n + 1] are MARKER (0)
    }

    /** The text of {@code ids}, markers left out. */
    public String decode(int[] ids) {
        StringBuilder text = new StringBuilder();
        for (int id : ids) {
            if (id != MARKER) {
                text.appendCodePoint(codePoints[id - 1]);
            }
        }
        return text.toString();
    }
}

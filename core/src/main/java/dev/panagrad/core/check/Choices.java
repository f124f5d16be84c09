package dev.panagrad.core.check;

/**
 * How generators turn a choice into a value so that smaller choices mean simpler values: the
 * choice 0 is the simplest value, and the next ones move away from it, alternating sides.
 */
final class Choices {
    private Choices() {}

    /**
     * The offset from a centre for choice {@code c} when {@code below} values lie below the centre
     * and {@code above} values above it: 0, +1, −1, +2, −2, … until one side runs out, then the
     * rest of the longer side. A bijection from {@code [0, below + above]} onto {@code [−below, above]}.
     */
    static long zigzag(long c, long below, long above) {
        long both = Math.min(below, above);
        if (c <= 2 * both) {
            return (c & 1) == 1 ? (c + 1) / 2 : -(c / 2);
        }
        return above > below ? c - both : -(c - both);
    }

    /**
     * A long in {@code [min, max]} whose choice 0 is the value closest to zero, shrinking toward
     * it by magnitude (positive before negative at equal magnitude).
     */
    static long nearZero(Source s, long min, long max) {
        if (min >= 0) {
            return min + s.draw(max - min);
        }
        if (max <= 0) {
            return max - s.draw(max - min);
        }
        if (max - min > 0) { // no overflow: one draw covers the whole range
            return zigzag(s.draw(max - min), -min, max);
        }
        // the range spans more than 2^63 values: a sign, then a magnitude
        return s.draw(1) == 0 ? s.draw(max) : -1 - s.draw(-(min + 1));
    }
}

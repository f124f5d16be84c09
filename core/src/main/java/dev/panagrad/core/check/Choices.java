package dev.panagrad.core.check;

/**
 * How generators turn choices into numbers so that smaller choices mean simpler numbers: a number
 * is an anchor (the simplest value, e.g. 0) plus a signed offset drawn as two choices, a side and a
 * magnitude. Choice 0 of the side is the positive side and choice 0 of the magnitude is the anchor,
 * so shrinking the magnitude moves monotonically toward the anchor and a binary search on it finds
 * the boundary of a failure.
 */
final class Choices {
    private Choices() {}

    /**
     * An offset uniform in {@code [−(belowMinusOne + 1), above]}, or in {@code [0, above]} when
     * {@code hasBelow} is false. The side is drawn in proportion to its length (so the offset is
     * uniform), the positive side first; then the magnitude.
     */
    static long offset(Source s, boolean hasBelow, long belowMinusOne, long above) {
        if (!hasBelow) {
            return s.draw(above);
        }
        boolean positive;
        if (above > Long.MAX_VALUE - belowMinusOne - 1) { // the range spans more than 2^63 values
            positive = s.draw(1) == 0;
        } else {
            positive = s.draw(above + belowMinusOne + 1) <= above;
        }
        return positive ? s.draw(above) : -1 - s.draw(belowMinusOne);
    }

    /** A long uniform in {@code [min, max]} shrinking toward the value nearest zero (positive before negative). */
    static long nearZero(Source s, long min, long max) {
        long anchor = Math.min(Math.max(0, min), max);
        return anchor + offset(s, anchor > min, anchor - 1 - min, max - anchor);
    }
}

package dev.panagrad.core.check;

/**
 * {@link Gen#doubles}: a kind choice, then a side and a magnitude ({@link Choices#offset}) from the
 * anchor, 0 clamped into [min, max]. Kinds, simplest first: the anchor itself (when it is not an
 * integer), integers in the range, and points of a grid of 2^32 steps over [min, max]. Random values
 * are grid points at least 6 times in 8, so nearly uniform; the simple kinds come up often enough to catch
 * special values. Shrinking lowers the kind (toward the anchor, then integers) and the magnitude
 * (toward the anchor), so a failure shrinks to 0, else to the smallest failing integer, else to
 * the failing grid point nearest the anchor.
 */
final class SimpleDoubles implements Gen<Double> {
    private static final long GRID = 1L << 32;
    private static final double MAX_INTEGER = 0x1p52;

    private final double min;
    private final double max;
    private final double anchor;
    private final boolean anchorKind;
    private final boolean integers;
    private final long intLo;
    private final long intHi;
    private final long anchorInt;
    private final long anchorStep;

    SimpleDoubles(double min, double max) {
        this.min = min;
        this.max = max;
        this.anchor = Math.min(Math.max(0.0, min), max);
        double lo = Math.ceil(Math.max(min, -MAX_INTEGER));
        double hi = Math.floor(Math.min(max, MAX_INTEGER));
        this.integers = lo <= hi;
        this.intLo = (long) lo;
        this.intHi = (long) hi;
        this.anchorInt = integers ? Math.min(Math.max(Math.round(anchor), intLo), intHi) : 0;
        this.anchorKind = !(integers && anchor == anchorInt); // an integral anchor is the first integer
        this.anchorStep = max > min ? Math.round((anchor - min) / (max - min) * GRID) : 0;
    }

    @Override
    public Double generate(Source s) {
        long kind = s.draw(7);
        if (anchorKind) {
            if (kind == 0) {
                return anchor;
            }
            kind--;
        }
        if (integers && kind == 0) {
            return (double) (anchorInt + Choices.offset(s, anchorInt > intLo, anchorInt - 1 - intLo, intHi - anchorInt));
        }
        long k = anchorStep + Choices.offset(s, anchorStep > 0, anchorStep - 1, GRID - anchorStep);
        return k == GRID ? max : Math.min(max, min + (max - min) * ((double) k / GRID));
    }
}

package dev.panagrad.core.check;

/**
 * {@link Gen#doubles}: one choice per value, ordered from simplest to least simple. Choice 0 is the
 * anchor (0 clamped into the range); then, unless the range is wider than 2^40, come the integers in
 * the range by distance from the anchor; then the 2^32 + 1 grid points {@code min + k·(max − min)/2^32}
 * by distance from the anchor. A random choice is nearly always a grid point, so values are nearly
 * uniform; shrinking lowers the choice and so reaches the anchor, then integers, then nearer grid points.
 */
final class SimpleDoubles implements Gen<Double> {
    private static final long GRID = 1L << 32;
    private static final double MAX_INTEGER_SPAN = 0x1p40;

    private final double min;
    private final double max;
    private final double anchor;
    private final long anchorChoices;
    private final long intLo;
    private final long intCount;
    private final long anchorInt;
    private final long anchorStep;

    SimpleDoubles(double min, double max) {
        this.min = min;
        this.max = max;
        this.anchor = Math.min(Math.max(0.0, min), max);
        double lo = Math.ceil(min);
        double hi = Math.floor(max);
        boolean integers = lo <= hi && hi - lo <= MAX_INTEGER_SPAN;
        this.intLo = integers ? (long) lo : 0;
        this.intCount = integers ? (long) hi - (long) lo + 1 : 0;
        this.anchorInt = integers ? Math.min(Math.max(Math.round(anchor), intLo), (long) hi) : 0;
        // an anchor that is an integer is already the first integer choice
        this.anchorChoices = integers && anchor == anchorInt ? 0 : 1;
        this.anchorStep = max > min ? Math.round((anchor - min) / (max - min) * GRID) : 0;
    }

    @Override
    public Double generate(Source s) {
        long c = s.draw(anchorChoices + intCount + GRID);
        if (c < anchorChoices) {
            return anchor;
        }
        c -= anchorChoices;
        if (c < intCount) {
            return (double) (anchorInt + Choices.zigzag(c, anchorInt - intLo, intLo + intCount - 1 - anchorInt));
        }
        c -= intCount;
        long k = anchorStep + Choices.zigzag(c, anchorStep, GRID - anchorStep);
        return k == GRID ? max : Math.min(max, min + (max - min) * ((double) k / GRID));
    }
}

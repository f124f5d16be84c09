package dev.panagrad.core.check;

import java.util.Arrays;

/**
 * Where an op's inputs may be sampled: a closed interval, optionally kept a minimum distance away from
 * kink points (where the op is not differentiable, e.g. 0 for relu and abs).
 *
 * @param lo       smallest value
 * @param hi       largest value
 * @param kinks    points to stay away from
 * @param distance minimum distance from every kink
 */
public record Domain(double lo, double hi, double[] kinks, double distance) {
    /** The default gradient-checking domain, [−2, 2] (TESTING.md GRAD-01). */
    public static final Domain REAL = bounded(-2, 2);

    /** Validates the interval. */
    public Domain {
        if (!(lo <= hi) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            throw new IllegalArgumentException("Domain: need finite lo ≤ hi, got [" + lo + ", " + hi + "]");
        }
        kinks = kinks.clone();
    }

    /** Values in [lo, hi]. */
    public static Domain bounded(double lo, double hi) {
        return new Domain(lo, hi, new double[0], 0);
    }

    /** Values in [lo, hi] with lo &gt; 0, e.g. for log, sqrt and reciprocal. */
    public static Domain positive(double lo, double hi) {
        if (!(lo > 0)) {
            throw new IllegalArgumentException("Domain.positive: lo must be > 0, got " + lo);
        }
        return bounded(lo, hi);
    }

    /** This domain, staying at least {@code distance} away from each of {@code points}. */
    public Domain awayFrom(double distance, double... points) {
        double[] all = Arrays.copyOf(kinks, kinks.length + points.length);
        System.arraycopy(points, 0, all, kinks.length, points.length);
        return new Domain(lo, hi, all, Math.max(this.distance, distance));
    }

    /**
     * A generator of values in this domain: {@link Gen#doubles} over [lo, hi] moved out of the kinks'
     * neighbourhoods, so it shrinks toward 0 (or the in-range value nearest to it).
     */
    public Gen<Double> values() {
        return Gen.doubles(lo, hi).map(this::nudge);
    }

    /**
     * Moves {@code v} out of every kink's neighbourhood (to the nearer side that stays in [lo, hi]),
     * so that {@code |v − kink| ≥ distance} holds in floating point for every kink.
     */
    public double nudge(double v) {
        for (int pass = 0; pass <= kinks.length; pass++) {
            boolean moved = false;
            for (double k : kinks) {
                if (Math.abs(v - k) < distance) {
                    double up = awayUp(k);
                    double down = awayDown(k);
                    v = (v >= k && up <= hi) || down < lo ? up : down;
                    moved = true;
                }
            }
            if (!moved) {
                break;
            }
        }
        return v;
    }

    private double awayUp(double k) {
        double v = k + distance;
        while (v - k < distance) {
            v = Math.nextUp(v);
        }
        return v;
    }

    private double awayDown(double k) {
        double v = k - distance;
        while (k - v < distance) {
            v = Math.nextDown(v);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Domain d && d.lo == lo && d.hi == hi && Arrays.equals(d.kinks, kinks) && d.distance == distance;
    }

    @Override
    public int hashCode() {
        return ((Double.hashCode(lo) * 31 + Double.hashCode(hi)) * 31 + Arrays.hashCode(kinks)) * 31 + Double.hashCode(distance);
    }

    @Override
    public String toString() {
        return "Domain[" + lo + ", " + hi + (kinks.length > 0 ? ", away " + distance + " from " + Arrays.toString(kinks) : "") + "]";
    }
}

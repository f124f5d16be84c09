package dev.panagrad.core.kernels.simd;

import dev.panagrad.core.kernels.ReductionKernels;
import dev.panagrad.core.kernels.ScalarReductions;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions on the Vector API's preferred species. Vectorized: sums (plain, of absolute values, of
 * squares) over contiguous runs and over the middle axis (a lane-wise sum of rows), extremes with
 * their index over contiguous runs, and log-sum-exp, softmax and log-softmax over contiguous rows
 * ({@link VectorSoftmaxRows}).
 * Products and the strided (inner &gt; 1) extremes, log-sum-exp and softmax run the scalar reference
 * loops: they are rare in training and the scalar loops accumulate products in double.
 *
 * <p>Float sums use four independent vector accumulators over blocks of at most
 * {@link ReductionKernels#BLOCK} elements and combine the blocks in double.
 */
public final class VectorReductions implements ReductionKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int FL = F.length();
    private static final int DL = D.length();

    private final ScalarReductions scalar = new ScalarReductions();

    /** Loaded by {@code Kernels} by name. */
    public VectorReductions() {}

    @Override
    public double sum(float[] x, int xo, int n) {
        return accumulate(Accumulate.SUM, x, xo, n);
    }

    @Override
    public double sum(double[] x, int xo, int n) {
        return accumulate(Accumulate.SUM, x, xo, n);
    }

    // ------------------------------------------------------------------ sums

    @Override
    public void reduce(Accumulate op, float[] x, int xo, int outer, int r, int inner, float[] out, int oo) {
        if (op == Accumulate.PROD) {
            scalar.reduce(op, x, xo, outer, r, inner, out, oo);
        } else if (inner == 1) {
            for (int o = 0; o < outer; o++) {
                out[oo + o] = (float) accumulate(op, x, xo + o * r, r);
            }
        } else {
            double[] total = r > BLOCK ? new double[inner] : null;
            for (int o = 0; o < outer; o++) {
                int row = xo + o * r * inner;
                int dst = oo + o * inner;
                if (total == null) {
                    sumRows(op, x, row, r, inner, out, dst);
                    continue;
                }
                Arrays.fill(total, 0);
                for (int k = 0; k < r; k += BLOCK) {
                    sumRows(op, x, row + k * inner, Math.min(BLOCK, r - k), inner, out, dst);
                    for (int j = 0; j < inner; j++) {
                        total[j] += out[dst + j];
                    }
                }
                for (int j = 0; j < inner; j++) {
                    out[dst + j] = (float) total[j];
                }
            }
        }
    }

    @Override
    public void reduce(Accumulate op, double[] x, int xo, int outer, int r, int inner, double[] out, int oo) {
        if (op == Accumulate.PROD) {
            scalar.reduce(op, x, xo, outer, r, inner, out, oo);
        } else if (inner == 1) {
            for (int o = 0; o < outer; o++) {
                out[oo + o] = accumulate(op, x, xo + o * r, r);
            }
        } else {
            for (int o = 0; o < outer; o++) {
                sumRows(op, x, xo + o * r * inner, r, inner, out, oo + o * inner);
            }
        }
    }

    /**
     * The lanes of v added in lane order, in double. Not {@code reduceLanes(ADD)}: its interpreted
     * fallback adds the lanes in order while the compiled intrinsic adds them as a tree, so its result
     * changed when C2 compiled the loop. Called once per block, so the extra instructions do not show.
     */
    static double sumLanes(FloatVector v) {
        double s = v.lane(0);
        for (int l = 1; l < v.length(); l++) {
            s += v.lane(l);
        }
        return s;
    }

    /** The lanes of v added in lane order; see the float overload. */
    static double sumLanes(DoubleVector v) {
        double s = v.lane(0);
        for (int l = 1; l < v.length(); l++) {
            s += v.lane(l);
        }
        return s;
    }

    /** Σ f(x[xo + i]) for i &lt; n: four float accumulators per block, blocks combined in double. */
    private static double accumulate(Accumulate op, float[] x, int xo, int n) {
        double total = 0;
        for (int start = 0; start < n; start += BLOCK) {
            int end = Math.min(n, start + BLOCK);
            FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
            int i = start;
            for (int bound = end - 4 * FL; i <= bound; i += 4 * FL) {
                a0 = a0.add(term(op, FloatVector.fromArray(F, x, xo + i)));
                a1 = a1.add(term(op, FloatVector.fromArray(F, x, xo + i + FL)));
                a2 = a2.add(term(op, FloatVector.fromArray(F, x, xo + i + 2 * FL)));
                a3 = a3.add(term(op, FloatVector.fromArray(F, x, xo + i + 3 * FL)));
            }
            for (int bound = end - FL; i <= bound; i += FL) {
                a0 = a0.add(term(op, FloatVector.fromArray(F, x, xo + i)));
            }
            double block = sumLanes(a0.add(a1).add(a2.add(a3)));
            // scalar tail
            for (; i < end; i++) {
                block += term(op, x[xo + i]);
            }
            total += block;
        }
        return total;
    }

    /** Σ f(x[xo + i]) for i &lt; n with four double accumulators. */
    private static double accumulate(Accumulate op, double[] x, int xo, int n) {
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
        int i = 0;
        for (int bound = n - 4 * DL; i <= bound; i += 4 * DL) {
            a0 = a0.add(term(op, DoubleVector.fromArray(D, x, xo + i)));
            a1 = a1.add(term(op, DoubleVector.fromArray(D, x, xo + i + DL)));
            a2 = a2.add(term(op, DoubleVector.fromArray(D, x, xo + i + 2 * DL)));
            a3 = a3.add(term(op, DoubleVector.fromArray(D, x, xo + i + 3 * DL)));
        }
        for (int bound = n - DL; i <= bound; i += DL) {
            a0 = a0.add(term(op, DoubleVector.fromArray(D, x, xo + i)));
        }
        double s = sumLanes(a0.add(a1).add(a2.add(a3)));
        // scalar tail
        for (; i < n; i++) {
            s += term(op, x[xo + i]);
        }
        return s;
    }

    /**
     * {@code out[dst + j] = Σ_{k<r} f(x[row + k*inner + j])}: columns in tiles of two vectors, each
     * tile walking down the rows with its accumulators in registers.
     */
    private static void sumRows(Accumulate op, float[] x, int row, int r, int inner, float[] out, int dst) {
        int j = 0;
        for (int bound = inner - 2 * FL; j <= bound; j += 2 * FL) {
            FloatVector a0 = FloatVector.zero(F), a1 = a0;
            for (int k = 0; k < r; k++) {
                int at = row + k * inner + j;
                a0 = a0.add(term(op, FloatVector.fromArray(F, x, at)));
                a1 = a1.add(term(op, FloatVector.fromArray(F, x, at + FL)));
            }
            a0.intoArray(out, dst + j);
            a1.intoArray(out, dst + j + FL);
        }
        for (int bound = inner - FL; j <= bound; j += FL) {
            FloatVector a0 = FloatVector.zero(F);
            for (int k = 0; k < r; k++) {
                a0 = a0.add(term(op, FloatVector.fromArray(F, x, row + k * inner + j)));
            }
            a0.intoArray(out, dst + j);
        }
        // scalar tail
        for (; j < inner; j++) {
            float s = 0;
            for (int k = 0; k < r; k++) {
                s += term(op, x[row + k * inner + j]);
            }
            out[dst + j] = s;
        }
    }

    /** The double twin of {@link #sumRows(Accumulate, float[], int, int, int, float[], int)}. */
    private static void sumRows(Accumulate op, double[] x, int row, int r, int inner, double[] out, int dst) {
        int j = 0;
        for (int bound = inner - 2 * DL; j <= bound; j += 2 * DL) {
            DoubleVector a0 = DoubleVector.zero(D), a1 = a0;
            for (int k = 0; k < r; k++) {
                int at = row + k * inner + j;
                a0 = a0.add(term(op, DoubleVector.fromArray(D, x, at)));
                a1 = a1.add(term(op, DoubleVector.fromArray(D, x, at + DL)));
            }
            a0.intoArray(out, dst + j);
            a1.intoArray(out, dst + j + DL);
        }
        for (int bound = inner - DL; j <= bound; j += DL) {
            DoubleVector a0 = DoubleVector.zero(D);
            for (int k = 0; k < r; k++) {
                a0 = a0.add(term(op, DoubleVector.fromArray(D, x, row + k * inner + j)));
            }
            a0.intoArray(out, dst + j);
        }
        // scalar tail
        for (; j < inner; j++) {
            double s = 0;
            for (int k = 0; k < r; k++) {
                s += term(op, x[row + k * inner + j]);
            }
            out[dst + j] = s;
        }
    }

    private static FloatVector term(Accumulate op, FloatVector v) {
        return switch (op) {
            case SUM_ABS -> v.abs();
            case SUM_SQUARES -> v.mul(v);
            default -> v;
        };
    }

    private static DoubleVector term(Accumulate op, DoubleVector v) {
        return switch (op) {
            case SUM_ABS -> v.abs();
            case SUM_SQUARES -> v.mul(v);
            default -> v;
        };
    }

    private static float term(Accumulate op, float v) {
        return switch (op) {
            case SUM_ABS -> Math.abs(v);
            case SUM_SQUARES -> v * v;
            default -> v;
        };
    }

    private static double term(Accumulate op, double v) {
        return switch (op) {
            case SUM_ABS -> Math.abs(v);
            case SUM_SQUARES -> v * v;
            default -> v;
        };
    }

    // ------------------------------------------------------------------ extremes

    @Override
    public void argExtreme(Extreme op, float[] x, int xo, int outer, int r, int inner, float[] values, int[] indices, int oo) {
        if (inner != 1) {
            scalar.argExtreme(op, x, xo, outer, r, inner, values, indices, oo);
            return;
        }
        for (int o = 0; o < outer; o++) {
            int start = xo + o * r;
            int k = firstExtreme(op, x, start, r);
            indices[oo + o] = k;
            values[oo + o] = op == Extreme.MAX_ABS ? Math.abs(x[start + k]) : x[start + k];
        }
    }

    @Override
    public void argExtreme(Extreme op, double[] x, int xo, int outer, int r, int inner, double[] values, int[] indices,
            int oo) {
        if (inner != 1) {
            scalar.argExtreme(op, x, xo, outer, r, inner, values, indices, oo);
            return;
        }
        for (int o = 0; o < outer; o++) {
            int start = xo + o * r;
            int k = firstExtreme(op, x, start, r);
            indices[oo + o] = k;
            values[oo + o] = op == Extreme.MAX_ABS ? Math.abs(x[start + k]) : x[start + k];
        }
    }

    /**
     * Index of the first extreme of {@code x[start, start+n)}: one vector pass finds the extreme value
     * and whether a NaN occurs, a second finds its first position (the first NaN wins).
     */
    private static int firstExtreme(Extreme op, float[] x, int start, int n) {
        VectorOperators.Associative pick = op == Extreme.MIN ? VectorOperators.MIN : VectorOperators.MAX;
        FloatVector best = FloatVector.broadcast(F, key(op, x[start]));
        VectorMask<Float> nan = F.maskAll(false);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector v = key(op, FloatVector.fromArray(F, x, start + i));
            best = best.lanewise(pick, v);
            nan = nan.or(v.test(VectorOperators.IS_NAN));
        }
        float m = best.reduceLanes(pick);
        boolean anyNaN = nan.anyTrue() || m != m;
        // scalar tail
        for (; i < n; i++) {
            float v = key(op, x[start + i]);
            anyNaN |= v != v;
            m = op == Extreme.MIN ? Math.min(m, v) : Math.max(m, v);
        }
        i = 0;
        FloatVector target = FloatVector.broadcast(F, m);
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            FloatVector v = key(op, FloatVector.fromArray(F, x, start + i));
            VectorMask<Float> hit = anyNaN ? v.test(VectorOperators.IS_NAN) : v.compare(VectorOperators.EQ, target);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        // scalar tail
        for (; i < n; i++) {
            float v = key(op, x[start + i]);
            if (anyNaN ? v != v : v == m) {
                return i;
            }
        }
        throw new IllegalStateException("argExtreme: no element equals the extreme " + m);
    }

    /** The double twin of {@link #firstExtreme(Extreme, float[], int, int)}. */
    private static int firstExtreme(Extreme op, double[] x, int start, int n) {
        VectorOperators.Associative pick = op == Extreme.MIN ? VectorOperators.MIN : VectorOperators.MAX;
        DoubleVector best = DoubleVector.broadcast(D, key(op, x[start]));
        VectorMask<Double> nan = D.maskAll(false);
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector v = key(op, DoubleVector.fromArray(D, x, start + i));
            best = best.lanewise(pick, v);
            nan = nan.or(v.test(VectorOperators.IS_NAN));
        }
        double m = best.reduceLanes(pick);
        boolean anyNaN = nan.anyTrue() || m != m;
        // scalar tail
        for (; i < n; i++) {
            double v = key(op, x[start + i]);
            anyNaN |= v != v;
            m = op == Extreme.MIN ? Math.min(m, v) : Math.max(m, v);
        }
        i = 0;
        DoubleVector target = DoubleVector.broadcast(D, m);
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            DoubleVector v = key(op, DoubleVector.fromArray(D, x, start + i));
            VectorMask<Double> hit = anyNaN ? v.test(VectorOperators.IS_NAN) : v.compare(VectorOperators.EQ, target);
            if (hit.anyTrue()) {
                return i + hit.firstTrue();
            }
        }
        // scalar tail
        for (; i < n; i++) {
            double v = key(op, x[start + i]);
            if (anyNaN ? v != v : v == m) {
                return i;
            }
        }
        throw new IllegalStateException("argExtreme: no element equals the extreme " + m);
    }

    private static FloatVector key(Extreme op, FloatVector v) {
        return op == Extreme.MAX_ABS ? v.abs() : v;
    }

    private static DoubleVector key(Extreme op, DoubleVector v) {
        return op == Extreme.MAX_ABS ? v.abs() : v;
    }

    private static float key(Extreme op, float v) {
        return op == Extreme.MAX_ABS ? Math.abs(v) : v;
    }

    private static double key(Extreme op, double v) {
        return op == Extreme.MAX_ABS ? Math.abs(v) : v;
    }

    // ------------------------------------------------------------------ log-sum-exp and softmax

    @Override
    public void logSumExp(float[] x, int xo, int outer, int r, int inner, float[] out, int oo) {
        if (inner != 1) {
            scalar.logSumExp(x, xo, outer, r, inner, out, oo);
            return;
        }
        for (int o = 0; o < outer; o++) {
            out[oo + o] = (float) VectorSoftmaxRows.logSumExp(x, xo + o * r, r);
        }
    }

    @Override
    public void logSumExp(double[] x, int xo, int outer, int r, int inner, double[] out, int oo) {
        if (inner != 1) {
            scalar.logSumExp(x, xo, outer, r, inner, out, oo);
            return;
        }
        for (int o = 0; o < outer; o++) {
            out[oo + o] = VectorSoftmaxRows.logSumExp(x, xo + o * r, r);
        }
    }

    @Override
    public void softmax(boolean log, float[] x, int xo, int outer, int r, int inner, float[] out, int oo) {
        if (inner != 1) {
            scalar.softmax(log, x, xo, outer, r, inner, out, oo);
            return;
        }
        for (int o = 0; o < outer; o++) {
            VectorSoftmaxRows.softmax(log, x, xo + o * r, r, out, oo + o * r);
        }
    }

    @Override
    public void softmax(boolean log, double[] x, int xo, int outer, int r, int inner, double[] out, int oo) {
        if (inner != 1) {
            scalar.softmax(log, x, xo, outer, r, inner, out, oo);
            return;
        }
        for (int o = 0; o < outer; o++) {
            VectorSoftmaxRows.softmax(log, x, xo + o * r, r, out, oo + o * r);
        }
    }
}

package dev.panagrad.core.kernels.simd;

import static dev.panagrad.core.kernels.ReductionKernels.BLOCK;
import static dev.panagrad.core.kernels.simd.VectorElementwise.F_D;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops for {@link VectorReductions} over one contiguous row: the maximum, the sum of
 * exponentials after subtracting it (float blocks of at most {@code BLOCK} combined in double), and
 * from these log-sum-exp, softmax and log-softmax.
 */
final class VectorSoftmaxRows {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int FL = F.length();
    private static final int DL = D.length();
    /** Float lanes in {@code F_D}, half a vector: as many as the double lanes of a whole one. */
    private static final int HL = F_D.length();

    private VectorSoftmaxRows() {}

    /** m + ln Σ exp(x[start + i] − m) for i &lt; r, m the maximum (0 when infinite). */
    static double logSumExp(float[] x, int start, int r) {
        float m = max(x, start, r);
        float shift = Float.isInfinite(m) ? 0 : m;
        return shift + Math.log(sumExp(x, start, r, shift, null, 0));
    }

    /** m + ln Σ exp(x[start + i] − m) for i &lt; r, m the maximum (0 when infinite). */
    static double logSumExp(double[] x, int start, int r) {
        double m = max(x, start, r);
        double shift = Double.isInfinite(m) ? 0 : m;
        return shift + Math.log(sumExp(x, start, r, shift, null, 0));
    }

    /** Softmax (or log-softmax) of the row x[start, start+r) into out[dst, dst+r). */
    static void softmax(boolean log, float[] x, int start, int r, float[] out, int dst) {
        float m = max(x, start, r);
        double s = sumExp(x, start, r, m, log ? null : out, dst);
        if (log) {
            float logS = (float) Math.log(s);
            FloatVector shift = FloatVector.broadcast(F, m);
            FloatVector logSum = FloatVector.broadcast(F, logS);
            int i = 0;
            for (int bound = F.loopBound(r); i < bound; i += FL) {
                FloatVector.fromArray(F, x, start + i).sub(shift).sub(logSum).intoArray(out, dst + i);
            }
            // scalar tail
            for (; i < r; i++) {
                out[dst + i] = x[start + i] - m - logS;
            }
        } else {
            FloatVector scale = FloatVector.broadcast(F, (float) (1 / s));
            int i = 0;
            for (int bound = F.loopBound(r); i < bound; i += FL) {
                FloatVector.fromArray(F, out, dst + i).mul(scale).intoArray(out, dst + i);
            }
            float inv = (float) (1 / s);
            // scalar tail
            for (; i < r; i++) {
                out[dst + i] *= inv;
            }
        }
    }

    /** Softmax (or log-softmax) of the row x[start, start+r) into out[dst, dst+r). */
    static void softmax(boolean log, double[] x, int start, int r, double[] out, int dst) {
        double m = max(x, start, r);
        double s = sumExp(x, start, r, m, log ? null : out, dst);
        if (log) {
            double logS = Math.log(s);
            DoubleVector shift = DoubleVector.broadcast(D, m);
            DoubleVector logSum = DoubleVector.broadcast(D, logS);
            int i = 0;
            for (int bound = D.loopBound(r); i < bound; i += DL) {
                DoubleVector.fromArray(D, x, start + i).sub(shift).sub(logSum).intoArray(out, dst + i);
            }
            // scalar tail
            for (; i < r; i++) {
                out[dst + i] = x[start + i] - m - logS;
            }
        } else {
            DoubleVector scale = DoubleVector.broadcast(D, 1 / s);
            int i = 0;
            for (int bound = D.loopBound(r); i < bound; i += DL) {
                DoubleVector.fromArray(D, out, dst + i).mul(scale).intoArray(out, dst + i);
            }
            double inv = 1 / s;
            // scalar tail
            for (; i < r; i++) {
                out[dst + i] *= inv;
            }
        }
    }

    /** The maximum of {@code x[start, start+n)}, NaN if one is NaN, −∞ when n is 0. */
    private static float max(float[] x, int start, int n) {
        FloatVector best = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += FL) {
            best = best.max(FloatVector.fromArray(F, x, start + i));
        }
        float m = best.reduceLanes(VectorOperators.MAX);
        // scalar tail
        for (; i < n; i++) {
            m = Math.max(m, x[start + i]);
        }
        return m;
    }

    private static double max(double[] x, int start, int n) {
        DoubleVector best = DoubleVector.broadcast(D, Double.NEGATIVE_INFINITY);
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += DL) {
            best = best.max(DoubleVector.fromArray(D, x, start + i));
        }
        double m = best.reduceLanes(VectorOperators.MAX);
        // scalar tail
        for (; i < n; i++) {
            m = Math.max(m, x[start + i]);
        }
        return m;
    }

    /**
     * Σ exp(x[start + i] − shift) for i &lt; n, in float blocks combined in double; when {@code out} is
     * not null the exponentials are also stored at {@code out[dst + i]}. The differences are widened
     * to double lanes for {@link VectorTranscendentals#exp} and rounded once to float, as the scalar
     * kernel's {@code (float) Math.exp(x − shift)}; lanes are summed with
     * {@link VectorReductions#sumLanes}. Neither the Vector API's EXP nor its ADD reduction is used:
     * both give different bits before and after C2 compiles the loop.
     */
    private static double sumExp(float[] x, int start, int n, float shift, float[] out, int dst) {
        FloatVector m = FloatVector.broadcast(F_D, shift);
        double total = 0;
        for (int blockStart = 0; blockStart < n; blockStart += BLOCK) {
            int end = Math.min(n, blockStart + BLOCK);
            FloatVector a0 = FloatVector.zero(F_D), a1 = a0;
            int i = blockStart;
            for (int bound = end - 2 * HL; i <= bound; i += 2 * HL) {
                FloatVector e0 = exp(FloatVector.fromArray(F_D, x, start + i).sub(m));
                FloatVector e1 = exp(FloatVector.fromArray(F_D, x, start + i + HL).sub(m));
                if (out != null) {
                    e0.intoArray(out, dst + i);
                    e1.intoArray(out, dst + i + HL);
                }
                a0 = a0.add(e0);
                a1 = a1.add(e1);
            }
            double block = VectorReductions.sumLanes(a0.add(a1));
            // scalar tail
            for (; i < end; i++) {
                float e = (float) Math.exp(x[start + i] - shift);
                if (out != null) {
                    out[dst + i] = e;
                }
                block += e;
            }
            total += block;
        }
        return total;
    }

    private static double sumExp(double[] x, int start, int n, double shift, double[] out, int dst) {
        DoubleVector m = DoubleVector.broadcast(D, shift);
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0;
        int i = 0;
        for (int bound = n - 2 * DL; i <= bound; i += 2 * DL) {
            DoubleVector e0 = VectorTranscendentals.exp(DoubleVector.fromArray(D, x, start + i).sub(m));
            DoubleVector e1 = VectorTranscendentals.exp(DoubleVector.fromArray(D, x, start + i + DL).sub(m));
            if (out != null) {
                e0.intoArray(out, dst + i);
                e1.intoArray(out, dst + i + DL);
            }
            a0 = a0.add(e0);
            a1 = a1.add(e1);
        }
        double total = VectorReductions.sumLanes(a0.add(a1));
        // scalar tail
        for (; i < n; i++) {
            double e = Math.exp(x[start + i] - shift);
            if (out != null) {
                out[dst + i] = e;
            }
            total += e;
        }
        return total;
    }

    /** exp of float lanes, computed in double lanes and rounded once. */
    private static FloatVector exp(FloatVector v) {
        DoubleVector d = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
        return (FloatVector) VectorTranscendentals.exp(d).convertShape(VectorOperators.D2F, F_D, 0);
    }
}

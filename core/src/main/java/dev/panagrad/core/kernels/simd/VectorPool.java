package dev.panagrad.core.kernels.simd;

import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.IS_NAN;

import dev.panagrad.core.kernels.PoolKernels;
import dev.panagrad.core.kernels.Parallel;
import dev.panagrad.core.kernels.PoolWindows;
import dev.panagrad.core.kernels.RowPasses;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API pooling. The row half of each separable pooling runs through {@link RowPasses}; the
 * column half reduces whole rows of row results, a vector of output columns at a time, performing per
 * lane exactly the scalar kernel's operations in the same order, so results are bitwise equal to it
 * (including which element a tie or NaN selects). Max-pool gathers use the vector gather. The
 * forward passes, gathers and scatters split their planes over the shared {@link Parallel} pool, each
 * plane on one thread, so results do not depend on the thread count. The float32 kernels spell out the
 * replacement test (greater, or the first NaN) at each use: as a helper taking two vectors it was boxed in some
 * JVM runs (JFR's allocation samples of the LeNet workload).
 */
public final class VectorPool implements PoolKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Int lanes matching the float lanes one to one. */
    private static final VectorSpecies<Integer> IF = VectorSpecies.of(int.class, VectorShape.forBitSize(F.length() * 32));
    /** Int lanes matching the double lanes one to one. */
    private static final VectorSpecies<Integer> ID = VectorSpecies.of(int.class, VectorShape.forBitSize(D.length() * 32));

    /** Loaded by {@code Kernels} by name. */
    public VectorPool() {}

    @Override
    public void maxPool(int planes, float[] x, PoolWindows rows, PoolWindows cols, float[] out, int[] argmax) {
        if (rows.isPairs() && cols.isPairs()) {
            maxPoolPairs(planes, x, rows.in(), cols.in(), rows.out(), cols.out(), out, argmax);
            return;
        }
        int h = rows.in(), w = cols.in(), oh = rows.out(), ow = cols.out(), lanes = F.length(), step = rows.step();
        boolean slide = cols.step() == 1;
        Parallel.forRange(planes, planeGrain(h * w), (p0, p1) -> {
            float[] rowMax = new float[h * ow];
            int[] rowArg = new int[h * ow];
            float[] slideMax = slide ? new float[h * w] : null;
            int[] slideArg = slide ? new int[h * w] : null;
            for (int p = p0; p < p1; p++) {
                if (slide) {
                    rowMax(x, p * h * w, h, cols, slideMax, slideArg, rowMax, rowArg);
                } else {
                    RowPasses.max(x, p * h * w, h, cols, rowMax, rowArg);
                }
                for (int i = 0; i < oh; i++) {
                    int s = rows.start()[i], e = rows.end()[i], o = p * oh * ow + i * ow;
                    int j = 0;
                    // the last vector overlaps the one before instead of leaving a scalar tail (same values rewritten)
                    for (; j < ow && lanes <= ow; j += lanes) {
                        int at = Math.min(j, ow - lanes);
                        FloatVector best = FloatVector.fromArray(F, rowMax, s * ow + at);
                        IntVector arg = IntVector.fromArray(IF, rowArg, s * ow + at).add(s * w);
                        for (int iy = s + step; iy < e; iy += step) {
                            FloatVector v = FloatVector.fromArray(F, rowMax, iy * ow + at);
                            VectorMask<Float> take = v.compare(GT, best).or(v.test(IS_NAN).andNot(best.test(IS_NAN)));
                            best = best.blend(v, take);
                            arg = arg.blend(IntVector.fromArray(IF, rowArg, iy * ow + at).add(iy * w), take.cast(IF));
                        }
                        best.intoArray(out, o + at);
                        arg.intoArray(argmax, o + at);
                    }
                    // scalar tail (rows narrower than a vector)
                    for (; j < ow; j++) {
                        float best = rowMax[s * ow + j];
                        int arg = s * w + rowArg[s * ow + j];
                        for (int iy = s + step; iy < e; iy += step) {
                            float v = rowMax[iy * ow + j];
                            if (v > best || (v != v && best == best)) {
                                best = v;
                                arg = iy * w + rowArg[iy * ow + j];
                            }
                        }
                        out[o + j] = best;
                        argmax[o + j] = arg;
                    }
                }
            }
        });
    }

    /** Lane l &lt; L/2 takes lane 2l (mod L): the even lanes of a vector into its low half. */
    private static final VectorShuffle<Float> EVEN_LOW = VectorShuffle.fromOp(F, l -> (2 * l) % F.length());
    /** Lane l ≥ L/2 takes lane 2l − L: the even lanes of a vector into its high half. */
    private static final VectorShuffle<Float> EVEN_HIGH = VectorShuffle.fromOp(F, l -> (2 * l + F.length()) % F.length());
    /** As {@link #EVEN_LOW} for the odd lanes. */
    private static final VectorShuffle<Float> ODD_LOW = VectorShuffle.fromOp(F, l -> (2 * l + 1) % F.length());
    /** As {@link #EVEN_HIGH} for the odd lanes. */
    private static final VectorShuffle<Float> ODD_HIGH = VectorShuffle.fromOp(F, l -> (2 * l + 1 + F.length()) % F.length());
    /** Lane l holds 2l. */
    private static final IntVector TWICE = IntVector.zero(IF).addIndex(2);
    /** The high half of the lanes. */
    private static final VectorMask<Float> HIGH = F.indexInRange(-F.length() / 2, F.length() / 2);

    /**
     * Max-pooling over 2 × 2 windows at stride 2 ({@link PoolWindows#isPairs} on both axes), the scalar kernel's
     * comparisons in its order on a vector of output columns at a time: each input row's pair (the left value, then
     * the right one replacing it when greater or the first NaN), then the lower row's result replacing the upper's
     * by the same rule. Two vectors of each input row are split into their even and odd lanes by one-vector
     * shuffles and a blend (a two-vector {@code rearrange} is not compiled to vector code on AVX2 and allocated). Bitwise equal to the general path, the same element chosen; LeNet's first pooling of 64 × 8 planes
     * of 28 × 28 measured 0.18 against 0.69 ms on one core.
     */
    private static void maxPoolPairs(int planes, float[] x, int h, int w, int oh, int ow, float[] out, int[] argmax) {
        int lanes = F.length();
        Parallel.forRange(planes, planeGrain(h * w), (p0, p1) -> {
            float[] narrowOut = new float[lanes];
            int[] narrowArg = new int[lanes];
            for (int p = p0; p < p1; p++) {
                for (int i = 0; i < oh; i++) {
                    int up = p * h * w + 2 * i * w, down = up + w, upArg = 2 * i * w, o = p * oh * ow + i * ow;
                    if (ow >= lanes) {
                        // the last vector overlaps the one before instead of leaving a scalar tail (same values rewritten)
                        for (int j = 0; j < ow; j += lanes) {
                            int at = Math.min(j, ow - lanes);
                            pairs(x, up + 2 * at, down + 2 * at, upArg + 2 * at, w, out, argmax, o + at);
                        }
                    } else if (down + 2 * lanes <= x.length) {
                        // a row narrower than a vector: whole vectors reaching past it (those lanes are dropped)
                        pairs(x, up, down, upArg, w, narrowOut, narrowArg, 0);
                        System.arraycopy(narrowOut, 0, out, o, ow);
                        System.arraycopy(narrowArg, 0, argmax, o, ow);
                    } else {
                        pairsScalar(x, up, down, upArg, w, ow, out, argmax, o);
                    }
                }
            }
        });
    }

    /**
     * One vector of 2 × 2 window maxima: the windows whose upper-left inputs are the even positions of the 2L inputs
     * at {@code up} (the row below at {@code down}), the first of them at plane index {@code upArg}. Stores the maxima
     * and their plane indices at {@code o}. Only ints cross the call: a vector argument is boxed wherever the JIT
     * does not inline the call, which allocated about 2.6 MB per LeNet step.
     */
    private static void pairs(float[] x, int up, int down, int upArg, int w, float[] out, int[] argmax, int o) {
        int lanes = F.length();
        IntVector upLeft = TWICE.add(upArg);
        FloatVector a0 = FloatVector.fromArray(F, x, up), a1 = FloatVector.fromArray(F, x, up + lanes);
        FloatVector b0 = FloatVector.fromArray(F, x, down), b1 = FloatVector.fromArray(F, x, down + lanes);
        FloatVector best = a0.rearrange(EVEN_LOW).blend(a1.rearrange(EVEN_HIGH), HIGH);
        FloatVector v = a0.rearrange(ODD_LOW).blend(a1.rearrange(ODD_HIGH), HIGH);
        VectorMask<Float> take = v.compare(GT, best).or(v.test(IS_NAN).andNot(best.test(IS_NAN)));
        best = best.blend(v, take);
        IntVector arg = upLeft.blend(upLeft.add(1), take.cast(IF));
        FloatVector low = b0.rearrange(EVEN_LOW).blend(b1.rearrange(EVEN_HIGH), HIGH);
        v = b0.rearrange(ODD_LOW).blend(b1.rearrange(ODD_HIGH), HIGH);
        take = v.compare(GT, low).or(v.test(IS_NAN).andNot(low.test(IS_NAN)));
        low = low.blend(v, take);
        IntVector lowArg = upLeft.add(w).blend(upLeft.add(w + 1), take.cast(IF));
        take = low.compare(GT, best).or(low.test(IS_NAN).andNot(best.test(IS_NAN)));
        best.blend(low, take).intoArray(out, o);
        arg.blend(lowArg, take.cast(IF)).intoArray(argmax, o);
    }

    /** {@link #pairs} element by element, for the last rows of the array, which whole vectors would read past. */
    private static void pairsScalar(float[] x, int up, int down, int upArg, int w, int ow, float[] out, int[] argmax, int o) {
        for (int j = 0; j < ow; j++) {
            int ix = 2 * j;
            float best = x[up + ix];
            int arg = upArg + ix;
            float v = x[up + ix + 1];
            if (v > best || (v != v && best == best)) {
                best = v;
                arg = upArg + ix + 1;
            }
            float low = x[down + ix];
            int lowArg = upArg + w + ix;
            v = x[down + ix + 1];
            if (v > low || (v != v && low == low)) {
                low = v;
                lowArg = upArg + w + ix + 1;
            }
            if (low > best || (low != low && best == best)) {
                best = low;
                arg = lowArg;
            }
            out[o + j] = best;
            argmax[o + j] = arg;
        }
    }

    @Override
    public void maxPool(int planes, double[] x, PoolWindows rows, PoolWindows cols, double[] out, int[] argmax) {
        int h = rows.in(), w = cols.in(), oh = rows.out(), ow = cols.out(), lanes = D.length(), step = rows.step();
        boolean slide = cols.step() == 1;
        Parallel.forRange(planes, planeGrain(h * w), (p0, p1) -> {
            double[] rowMax = new double[h * ow];
            int[] rowArg = new int[h * ow];
            double[] slideMax = slide ? new double[h * w] : null;
            int[] slideArg = slide ? new int[h * w] : null;
            for (int p = p0; p < p1; p++) {
                if (slide) {
                    rowMax(x, p * h * w, h, cols, slideMax, slideArg, rowMax, rowArg);
                } else {
                    RowPasses.max(x, p * h * w, h, cols, rowMax, rowArg);
                }
                for (int i = 0; i < oh; i++) {
                    int s = rows.start()[i], e = rows.end()[i], o = p * oh * ow + i * ow;
                    int j = 0;
                    // the last vector overlaps the one before instead of leaving a scalar tail (same values rewritten)
                    for (; j < ow && lanes <= ow; j += lanes) {
                        int at = Math.min(j, ow - lanes);
                        DoubleVector best = DoubleVector.fromArray(D, rowMax, s * ow + at);
                        IntVector arg = IntVector.fromArray(ID, rowArg, s * ow + at).add(s * w);
                        for (int iy = s + step; iy < e; iy += step) {
                            DoubleVector v = DoubleVector.fromArray(D, rowMax, iy * ow + at);
                            VectorMask<Double> take = v.compare(VectorOperators.GT, best)
                                    .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                            best = best.blend(v, take);
                            arg = arg.blend(IntVector.fromArray(ID, rowArg, iy * ow + at).add(iy * w), take.cast(ID));
                        }
                        best.intoArray(out, o + at);
                        arg.intoArray(argmax, o + at);
                    }
                    // scalar tail (rows narrower than a vector)
                    for (; j < ow; j++) {
                        double best = rowMax[s * ow + j];
                        int arg = s * w + rowArg[s * ow + j];
                        for (int iy = s + step; iy < e; iy += step) {
                            double v = rowMax[iy * ow + j];
                            if (v > best || (v != v && best == best)) {
                                best = v;
                                arg = iy * w + rowArg[iy * ow + j];
                            }
                        }
                        out[o + j] = best;
                        argmax[o + j] = arg;
                    }
                }
            }
        });
    }

    /**
     * {@link RowPasses#max} of one plane for undilated windows, branch-free: first the maximum of every
     * run of {@code k} consecutive inputs of the plane (k the longest window), a vector of run starts
     * at a time, scanning each run left to right with the scalar kernel's rule (a greater value or the
     * first NaN replaces the best); then each window of length k takes its run's result, shorter
     * (padding-clipped) windows are scanned directly. Runs that straddle two rows are computed but
     * never used. Bitwise equal to {@link RowPasses#max}, the same element chosen.
     */
    private static void rowMax(float[] x, int xOff, int h, PoolWindows cols, float[] slideMax, int[] slideArg, float[] rowMax,
            int[] rowArg) {
        int w = cols.in(), ow = cols.out(), lanes = F.length();
        int[] start = cols.start(), end = cols.end();
        int k = 1;
        for (int j = 0; j < ow; j++) {
            k = Math.max(k, end[j] - start[j]);
        }
        int n = h * w - k + 1; // runs whose k taps lie in the plane
        IntVector iota = IntVector.zero(IF).addIndex(1);
        int i = 0;
        // the last vector overlaps the one before instead of leaving a scalar tail (same values rewritten)
        for (; i < n && lanes <= n; i += lanes) {
            int at = Math.min(i, n - lanes);
            FloatVector best = FloatVector.fromArray(F, x, xOff + at);
            IntVector arg = iota.add(at);
            for (int t = 1; t < k; t++) {
                FloatVector v = FloatVector.fromArray(F, x, xOff + at + t);
                VectorMask<Float> take = v.compare(GT, best).or(v.test(IS_NAN).andNot(best.test(IS_NAN)));
                best = best.blend(v, take);
                arg = arg.blend(iota.add(at + t), take.cast(IF));
            }
            best.intoArray(slideMax, at);
            arg.intoArray(slideArg, at);
        }
        // scalar tail (planes smaller than a vector)
        for (; i < n; i++) {
            float best = x[xOff + i];
            int arg = i;
            for (int t = 1; t < k; t++) {
                float v = x[xOff + i + t];
                if (v > best || (v != v && best == best)) {
                    best = v;
                    arg = i + t;
                }
            }
            slideMax[i] = best;
            slideArg[i] = arg;
        }
        for (int iy = 0; iy < h; iy++) {
            int row = iy * w;
            for (int j = 0; j < ow; j++) {
                int s = start[j];
                if (end[j] - s == k) {
                    rowMax[iy * ow + j] = slideMax[row + s];
                    rowArg[iy * ow + j] = slideArg[row + s] - row;
                    continue;
                }
                int arg = s;
                float best = x[xOff + row + s];
                for (int ix = s + 1; ix < end[j]; ix++) {
                    float v = x[xOff + row + ix];
                    if (v > best || (v != v && best == best)) {
                        best = v;
                        arg = ix;
                    }
                }
                rowMax[iy * ow + j] = best;
                rowArg[iy * ow + j] = arg;
            }
        }
    }

    /**
     * {@link RowPasses#max} of one plane for undilated windows, branch-free: first the maximum of every
     * run of {@code k} consecutive inputs of the plane (k the longest window), a vector of run starts
     * at a time, scanning each run left to right with the scalar kernel's rule (a greater value or the
     * first NaN replaces the best); then each window of length k takes its run's result, shorter
     * (padding-clipped) windows are scanned directly. Runs that straddle two rows are computed but
     * never used. Bitwise equal to {@link RowPasses#max}, the same element chosen.
     */
    private static void rowMax(double[] x, int xOff, int h, PoolWindows cols, double[] slideMax, int[] slideArg, double[] rowMax,
            int[] rowArg) {
        int w = cols.in(), ow = cols.out(), lanes = D.length();
        int[] start = cols.start(), end = cols.end();
        int k = 1;
        for (int j = 0; j < ow; j++) {
            k = Math.max(k, end[j] - start[j]);
        }
        int n = h * w - k + 1; // runs whose k taps lie in the plane
        IntVector iota = IntVector.zero(ID).addIndex(1);
        int i = 0;
        // the last vector overlaps the one before instead of leaving a scalar tail (same values rewritten)
        for (; i < n && lanes <= n; i += lanes) {
            int at = Math.min(i, n - lanes);
            DoubleVector best = DoubleVector.fromArray(D, x, xOff + at);
            IntVector arg = iota.add(at);
            for (int t = 1; t < k; t++) {
                DoubleVector v = DoubleVector.fromArray(D, x, xOff + at + t);
                VectorMask<Double> take = v.compare(VectorOperators.GT, best)
                        .or(v.test(VectorOperators.IS_NAN).andNot(best.test(VectorOperators.IS_NAN)));
                best = best.blend(v, take);
                arg = arg.blend(iota.add(at + t), take.cast(ID));
            }
            best.intoArray(slideMax, at);
            arg.intoArray(slideArg, at);
        }
        // scalar tail (planes smaller than a vector)
        for (; i < n; i++) {
            double best = x[xOff + i];
            int arg = i;
            for (int t = 1; t < k; t++) {
                double v = x[xOff + i + t];
                if (v > best || (v != v && best == best)) {
                    best = v;
                    arg = i + t;
                }
            }
            slideMax[i] = best;
            slideArg[i] = arg;
        }
        for (int iy = 0; iy < h; iy++) {
            int row = iy * w;
            for (int j = 0; j < ow; j++) {
                int s = start[j];
                if (end[j] - s == k) {
                    rowMax[iy * ow + j] = slideMax[row + s];
                    rowArg[iy * ow + j] = slideArg[row + s] - row;
                    continue;
                }
                int arg = s;
                double best = x[xOff + row + s];
                for (int ix = s + 1; ix < end[j]; ix++) {
                    double v = x[xOff + row + ix];
                    if (v > best || (v != v && best == best)) {
                        best = v;
                        arg = ix;
                    }
                }
                rowMax[iy * ow + j] = best;
                rowArg[iy * ow + j] = arg;
            }
        }
    }

    @Override
    public void avgPool(int planes, float[] x, PoolWindows rows, PoolWindows cols, float[] out) {
        int h = rows.in(), w = cols.in(), oh = rows.out(), ow = cols.out(), lanes = F.length(), step = rows.step();
        float[] colDiv = floats(cols.divisor());
        Parallel.forRange(planes, planeGrain(h * w), (p0, p1) -> {
            float[] rowSum = new float[h * ow];
            for (int p = p0; p < p1; p++) {
                RowPasses.sum(x, p * h * w, h, cols, rowSum);
                for (int i = 0; i < oh; i++) {
                    int s = rows.start()[i], e = rows.end()[i], o = p * oh * ow + i * ow;
                    float rd = rows.divisor()[i];
                    int j = 0;
                    for (; j + lanes <= ow; j += lanes) {
                        FloatVector acc = FloatVector.zero(F);
                        for (int iy = s; iy < e; iy += step) {
                            acc = acc.add(FloatVector.fromArray(F, rowSum, iy * ow + j));
                        }
                        acc.div(FloatVector.broadcast(F, rd).mul(FloatVector.fromArray(F, colDiv, j))).intoArray(out, o + j);
                    }
                    // scalar tail
                    for (; j < ow; j++) {
                        float acc = 0f;
                        for (int iy = s; iy < e; iy += step) {
                            acc += rowSum[iy * ow + j];
                        }
                        out[o + j] = acc / (rd * colDiv[j]);
                    }
                }
            }
        });
    }

    @Override
    public void avgPool(int planes, double[] x, PoolWindows rows, PoolWindows cols, double[] out) {
        int h = rows.in(), w = cols.in(), oh = rows.out(), ow = cols.out(), lanes = D.length(), step = rows.step();
        double[] colDiv = doubles(cols.divisor());
        Parallel.forRange(planes, planeGrain(h * w), (p0, p1) -> {
            double[] rowSum = new double[h * ow];
            for (int p = p0; p < p1; p++) {
                RowPasses.sum(x, p * h * w, h, cols, rowSum);
                for (int i = 0; i < oh; i++) {
                    int s = rows.start()[i], e = rows.end()[i], o = p * oh * ow + i * ow;
                    double rd = rows.divisor()[i];
                    int j = 0;
                    for (; j + lanes <= ow; j += lanes) {
                        DoubleVector acc = DoubleVector.zero(D);
                        for (int iy = s; iy < e; iy += step) {
                            acc = acc.add(DoubleVector.fromArray(D, rowSum, iy * ow + j));
                        }
                        acc.div(DoubleVector.broadcast(D, rd).mul(DoubleVector.fromArray(D, colDiv, j))).intoArray(out, o + j);
                    }
                    // scalar tail
                    for (; j < ow; j++) {
                        double acc = 0.0;
                        for (int iy = s; iy < e; iy += step) {
                            acc += rowSum[iy * ow + j];
                        }
                        out[o + j] = acc / (rd * colDiv[j]);
                    }
                }
            }
        });
    }

    @Override
    public void avgPoolAdjoint(int planes, float[] g, PoolWindows rows, PoolWindows cols, float[] dx) {
        int h = rows.in(), w = cols.in(), oh = rows.out(), ow = cols.out(), lanes = F.length(), step = rows.step();
        float[] rowSum = new float[h * ow];
        float[] colDiv = floats(cols.divisor());
        Arrays.fill(dx, 0, planes * h * w, 0f);
        for (int p = 0; p < planes; p++) {
            Arrays.fill(rowSum, 0f);
            for (int i = 0; i < oh; i++) {
                int s = rows.start()[i], e = rows.end()[i], o = p * oh * ow + i * ow;
                float rd = rows.divisor()[i];
                int j = 0;
                for (; j + lanes <= ow; j += lanes) {
                    FloatVector v = FloatVector.fromArray(F, g, o + j)
                            .div(FloatVector.broadcast(F, rd).mul(FloatVector.fromArray(F, colDiv, j)));
                    for (int iy = s; iy < e; iy += step) {
                        v.add(FloatVector.fromArray(F, rowSum, iy * ow + j)).intoArray(rowSum, iy * ow + j);
                    }
                }
                // scalar tail
                for (; j < ow; j++) {
                    float v = g[o + j] / (rd * colDiv[j]);
                    for (int iy = s; iy < e; iy += step) {
                        rowSum[iy * ow + j] += v;
                    }
                }
            }
            RowPasses.spread(rowSum, h, cols, dx, p * h * w);
        }
    }

    @Override
    public void avgPoolAdjoint(int planes, double[] g, PoolWindows rows, PoolWindows cols, double[] dx) {
        int h = rows.in(), w = cols.in(), oh = rows.out(), ow = cols.out(), lanes = D.length(), step = rows.step();
        double[] rowSum = new double[h * ow];
        double[] colDiv = doubles(cols.divisor());
        Arrays.fill(dx, 0, planes * h * w, 0.0);
        for (int p = 0; p < planes; p++) {
            Arrays.fill(rowSum, 0.0);
            for (int i = 0; i < oh; i++) {
                int s = rows.start()[i], e = rows.end()[i], o = p * oh * ow + i * ow;
                double rd = rows.divisor()[i];
                int j = 0;
                for (; j + lanes <= ow; j += lanes) {
                    DoubleVector v = DoubleVector.fromArray(D, g, o + j)
                            .div(DoubleVector.broadcast(D, rd).mul(DoubleVector.fromArray(D, colDiv, j)));
                    for (int iy = s; iy < e; iy += step) {
                        v.add(DoubleVector.fromArray(D, rowSum, iy * ow + j)).intoArray(rowSum, iy * ow + j);
                    }
                }
                // scalar tail
                for (; j < ow; j++) {
                    double v = g[o + j] / (rd * colDiv[j]);
                    for (int iy = s; iy < e; iy += step) {
                        rowSum[iy * ow + j] += v;
                    }
                }
            }
            RowPasses.spread(rowSum, h, cols, dx, p * h * w);
        }
    }

    @Override
    public void gather(int planes, float[] src, int srcArea, int[] idx, int idxArea, float[] out) {
        int lanes = F.length();
        Parallel.forRange(planes, planeGrain(idxArea), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = p * srcArea, o = p * idxArea, end = o + idxArea;
                for (; o + lanes <= end; o += lanes) {
                    FloatVector.fromArray(F, src, base, idx, o).intoArray(out, o);
                }
                // scalar tail
                for (; o < end; o++) {
                    out[o] = src[base + idx[o]];
                }
            }
        });
    }

    @Override
    public void gather(int planes, double[] src, int srcArea, int[] idx, int idxArea, double[] out) {
        int lanes = D.length();
        Parallel.forRange(planes, planeGrain(idxArea), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int base = p * srcArea, o = p * idxArea, end = o + idxArea;
                for (; o + lanes <= end; o += lanes) {
                    DoubleVector.fromArray(D, src, base, idx, o).intoArray(out, o);
                }
                // scalar tail
                for (; o < end; o++) {
                    out[o] = src[base + idx[o]];
                }
            }
        });
    }

    /** Scatter-add stays scalar: a window's maxima may share a position, which a vector scatter would lose. */
    @Override
    public void scatterAdd(int planes, float[] src, int[] idx, int idxArea, float[] out, int outArea) {
        Parallel.forRange(planes, planeGrain(idxArea), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                for (int o = p * idxArea, end = o + idxArea; o < end; o++) {
                    out[p * outArea + idx[o]] += src[o];
                }
            }
        });
    }

    /** Scatter-add stays scalar: a window's maxima may share a position, which a vector scatter would lose. */
    @Override
    public void scatterAdd(int planes, double[] src, int[] idx, int idxArea, double[] out, int outArea) {
        Parallel.forRange(planes, planeGrain(idxArea), (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                for (int o = p * idxArea, end = o + idxArea; o < end; o++) {
                    out[p * outArea + idx[o]] += src[o];
                }
            }
        });
    }

    /**
     * Planes per chunk when a pass over {@code area} elements per plane is split across the shared
     * pool: about 16K elements, so small inputs stay on the calling thread. Each plane is computed
     * by one thread, so results do not depend on the thread count.
     */
    private static int planeGrain(int area) {
        return Math.max(1, (16 * 1024) / Math.max(1, area));
    }

    private static float[] floats(int[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    private static double[] doubles(int[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}

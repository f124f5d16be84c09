package dev.panagrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panagrad.core.kernels.ReductionKernels.Accumulate;
import dev.panagrad.core.kernels.ReductionKernels.Extreme;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * KER-01 and NUM-03 for the reduction kernels: the Vector API implementation against the scalar
 * reference on awkward lengths with unaligned offsets — sums within γₙ·Σ|xᵢ|, extremes and their
 * indices identical, softmax and log-sum-exp within a few ulp — and the accuracy of float32 sums.
 */
class ReductionKernelsTest {
    static final int[] LENGTHS = {0, 1, 7, 15, 16, 17, 31, 33, 100, 1023, 1025};
    static final int[] OFFSETS = {0, 1, 3};
    static final double EPS32 = Math.ulp(1.0f);
    static final double EPS64 = Math.ulp(1.0);

    final ReductionKernels scalar = new ScalarReductions();
    ReductionKernels vector;
    final SplittableRandom random = new SplittableRandom(7);

    @BeforeEach
    void loadVectorKernels() {
        vector = Kernels.vector(ReductionKernels.class, "VectorReductions");
        assumeTrue(vector != null, "the jdk.incubator.vector module is not present");
    }

    static double gamma(int n, double eps) {
        return n * eps / (1 - n * eps);
    }

    float[] floats(int n, double lo, double hi) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) random.nextDouble(lo, hi);
        }
        return x;
    }

    double[] doubles(int n, double lo, double hi) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = random.nextDouble(lo, hi);
        }
        return x;
    }

    @Test
    void sumsAgreeWithinTheSummationBound() {
        for (int n : LENGTHS) {
            for (int off : OFFSETS) {
                float[] f = floats(n + off, -3, 3);
                double[] d = doubles(n + off, -3, 3);
                double absF = 0, absD = 0;
                for (int i = off; i < n + off; i++) {
                    absF += Math.abs(f[i]);
                    absD += Math.abs(d[i]);
                }
                assertEquals(scalar.sum(f, off, n), vector.sum(f, off, n), gamma(n, EPS32) * absF, "float n=" + n);
                assertEquals(scalar.sum(d, off, n), vector.sum(d, off, n), gamma(n, EPS64) * absD, "double n=" + n);
            }
        }
    }

    @Test
    void accumulatingPassesAgreeOnContiguousAndStridedLayouts() {
        int[][] layouts = {{3, 17, 1}, {2, 1025, 1}, {1, 5, 33}, {4, 7, 100}, {2, 3, 15}, {1, 0, 17}, {3, 4, 1}};
        for (int[] l : layouts) {
            int outer = l[0], r = l[1], inner = l[2];
            for (Accumulate op : new Accumulate[] {Accumulate.SUM, Accumulate.SUM_ABS, Accumulate.SUM_SQUARES}) {
                float[] x = floats(outer * r * inner + 1, -2, 2);
                float[] a = new float[outer * inner + 2], b = new float[outer * inner + 2];
                scalar.reduce(op, x, 1, outer, r, inner, a, 2);
                vector.reduce(op, x, 1, outer, r, inner, b, 2);
                double[] xd = doubles(outer * r * inner + 1, -2, 2);
                double[] ad = new double[outer * inner + 2], bd = new double[outer * inner + 2];
                scalar.reduce(op, xd, 1, outer, r, inner, ad, 2);
                vector.reduce(op, xd, 1, outer, r, inner, bd, 2);
                for (int i = 2; i < a.length; i++) {
                    // every term is at most 4 in magnitude
                    assertEquals(a[i], b[i], gamma(r + 1, EPS32) * 4 * r + EPS32 * Math.abs(a[i]), op + " float " + i);
                    assertEquals(ad[i], bd[i], gamma(r + 1, EPS64) * 4 * r, op + " double " + i);
                }
            }
        }
    }

    @Test
    void extremesAndTheirIndicesAreIdentical() {
        for (int n : LENGTHS) {
            if (n == 0) {
                continue;
            }
            for (Extreme op : Extreme.values()) {
                for (int[] l : new int[][] {{2, n, 1}, {1, n, 3}}) {
                    float[] x = new float[2 * n * 3 + 1];
                    double[] xd = new double[x.length];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = random.nextInt(-5, 6);  // small integers: many ties
                        xd[i] = x[i];
                    }
                    int m = l[0] * l[2];
                    float[] va = new float[m], vb = new float[m];
                    int[] ia = new int[m], ib = new int[m];
                    scalar.argExtreme(op, x, 1, l[0], l[1], l[2], va, ia, 0);
                    vector.argExtreme(op, x, 1, l[0], l[1], l[2], vb, ib, 0);
                    assertArrayEquals(ia, ib, op + " float indices n=" + n);
                    assertArrayEquals(va, vb, op + " float values n=" + n);
                    double[] da = new double[m], db = new double[m];
                    scalar.argExtreme(op, xd, 1, l[0], l[1], l[2], da, ia, 0);
                    vector.argExtreme(op, xd, 1, l[0], l[1], l[2], db, ib, 0);
                    assertArrayEquals(ia, ib, op + " double indices n=" + n);
                    assertArrayEquals(da, db, op + " double values n=" + n);
                }
            }
        }
    }

    @Test
    void extremesReportTheFirstOccurrenceAndTheFirstNaN() {
        for (ReductionKernels k : new ReductionKernels[] {scalar, vector}) {
            float[] ties = new float[40];
            ties[5] = 3;
            ties[30] = 3;
            float[] v = new float[1];
            int[] i = new int[1];
            k.argExtreme(Extreme.MAX, ties, 0, 1, 40, 1, v, i, 0);
            assertEquals(5, i[0]);
            k.argExtreme(Extreme.MIN, ties, 0, 1, 40, 1, v, i, 0);
            assertEquals(0, i[0]);
            ties[20] = Float.NaN;
            ties[35] = Float.NaN;
            k.argExtreme(Extreme.MAX, ties, 0, 1, 40, 1, v, i, 0);
            assertEquals(20, i[0]);
            assertTrue(Float.isNaN(v[0]));
            k.argExtreme(Extreme.MIN, ties, 0, 1, 40, 1, v, i, 0);
            assertEquals(20, i[0]);
        }
    }

    @Test
    void softmaxAndLogSumExpAgreeWithinAFewUlp() {
        for (int n : LENGTHS) {
            for (int off : OFFSETS) {
                float[] x = floats(2 * n + off, -30, 30);
                double[] xd = doubles(2 * n + off, -30, 30);
                for (boolean log : new boolean[] {false, true}) {
                    float[] a = new float[2 * n], b = new float[2 * n];
                    scalar.softmax(log, x, off, 2, n, 1, a, 0);
                    vector.softmax(log, x, off, 2, n, 1, b, 0);
                    double[] ad = new double[2 * n], bd = new double[2 * n];
                    scalar.softmax(log, xd, off, 2, n, 1, ad, 0);
                    vector.softmax(log, xd, off, 2, n, 1, bd, 0);
                    for (int i = 0; i < 2 * n; i++) {
                        double tol = log ? 1e-5 * (1 + Math.abs(a[i])) : 1e-6 + 1e-5 * a[i];
                        assertEquals(a[i], b[i], tol, "float log=" + log + " n=" + n + " i=" + i);
                        double told = log ? 1e-13 * (1 + Math.abs(ad[i])) : 1e-15 + 1e-13 * ad[i];
                        assertEquals(ad[i], bd[i], told, "double log=" + log + " n=" + n + " i=" + i);
                    }
                }
                float[] a = new float[2], b = new float[2];
                scalar.logSumExp(x, off, 2, n, 1, a, 0);
                vector.logSumExp(x, off, 2, n, 1, b, 0);
                double[] ad = new double[2], bd = new double[2];
                scalar.logSumExp(xd, off, 2, n, 1, ad, 0);
                vector.logSumExp(xd, off, 2, n, 1, bd, 0);
                for (int i = 0; i < 2; i++) {
                    assertEquals(a[i], b[i], 1e-5 * (1 + Math.abs(a[i])), "float logSumExp n=" + n);
                    assertEquals(ad[i], bd[i], 1e-13 * (1 + Math.abs(ad[i])), "double logSumExp n=" + n);
                }
            }
        }
    }

    @Test
    void sumOfAMillionUniformFloatsIsWithin1e5RelativeOfTheDoubleSum() {
        float[] x = new float[1_000_000];
        double exact = 0;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
            exact += x[i];
        }
        for (ReductionKernels k : new ReductionKernels[] {scalar, vector}) {
            assertEquals(exact, k.sum(x, 0, x.length), 1e-5 * exact, k.getClass().getSimpleName() + " contiguous");
            float[] out = new float[1];
            k.reduce(Accumulate.SUM, x, 0, 1, x.length, 1, out, 0);
            assertEquals(exact, out[0], 1e-5 * exact, k.getClass().getSimpleName() + " reduce");
        }
    }

    @Test
    void middleAxisSumOfManyRowsStaysAccurate() {
        int r = 10_000, inner = 19;
        float[] x = floats(r * inner, 0, 1);
        double[] exact = new double[inner];
        for (int k = 0; k < r; k++) {
            for (int j = 0; j < inner; j++) {
                exact[j] += x[k * inner + j];
            }
        }
        for (ReductionKernels k : new ReductionKernels[] {scalar, vector}) {
            float[] out = new float[inner];
            k.reduce(Accumulate.SUM, x, 0, 1, r, inner, out, 0);
            for (int j = 0; j < inner; j++) {
                assertEquals(exact[j], out[j], 1e-5 * exact[j], k.getClass().getSimpleName() + " column " + j);
            }
        }
    }
}

package dev.panagrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panagrad.core.Rng;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KER-01 for pooling: the Vector API kernels equal the scalar ones bitwise, including which element a
 * tie or a NaN selects, on output widths that exercise both the vector body and the scalar tail.
 */
class PoolKernelsTest {
    private static final PoolKernels SCALAR = new ScalarPool();
    private static PoolKernels vector;

    /** Windows per axis (adaptive, or sliding with dilation and ceil mode), number of planes, and a seed for the values. */
    record Case(PoolWindows rows, PoolWindows cols, int planes, long seed) {
        int inArea() {
            return rows.in() * cols.in();
        }

        int outArea() {
            return rows.out() * cols.out();
        }
    }

    private static Gen<PoolWindows> windows(int maxIn) {
        return s -> {
            if (s.drawInt(0, 3) == 0) {
                int in = s.drawInt(1, maxIn);
                return PoolWindows.adaptive(in, s.drawInt(1, maxIn));
            }
            int k = s.drawInt(1, 4), stride = s.drawInt(1, 3), p = s.drawInt(0, k / 2), dilation = s.drawInt(1, 3);
            boolean ceil = s.drawInt(0, 1) == 1, countIncludePad = s.drawInt(0, 1) == 1;
            int in = Math.max(1, dilation * (k - 1) + 1 - 2 * p) + s.drawInt(0, maxIn);
            PoolWindows w = PoolWindows.sliding(in, k, stride, p, dilation, ceil, countIncludePad);
            while (w.out() < 1 || w.firstEmpty() >= 0) {
                w = PoolWindows.sliding(++in, k, stride, p, dilation, ceil, countIncludePad);
            }
            return w;
        };
    }

    private static final Gen<Case> CASES = s -> new Case(windows(9).generate(s), windows(70).generate(s), s.drawInt(1, 3),
            s.drawInt(0, 1 << 20));

    @BeforeAll
    static void loadVectorKernels() {
        vector = Kernels.vector(PoolKernels.class, "VectorPool");
    }

    /** Values from {−1, 0, 1, NaN}: ties everywhere, and NaN now and then. */
    private static double[] tied(int n, long seed) {
        Rng rng = new Rng(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int r = rng.nextInt(20);
            v[i] = r == 0 ? Double.NaN : r % 3 - 1;
        }
        return v;
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    @Test
    void maxPoolIsBitwiseEqualWithTiesAndNaN() {
        assumeTrue(vector != null, "jdk.incubator.vector is not in the boot layer");
        Property.forAll(CASES, 300, c -> {
            double[] x = tied(c.planes() * c.inArea(), c.seed());
            int n = c.planes() * c.outArea();
            double[] va = new double[n], vb = new double[n];
            int[] ia = new int[n], ib = new int[n];
            SCALAR.maxPool(c.planes(), x, c.rows(), c.cols(), va, ia);
            vector.maxPool(c.planes(), x, c.rows(), c.cols(), vb, ib);
            assertArrayEquals(va, vb);
            assertArrayEquals(ia, ib);
            float[] fa = new float[n], fb = new float[n];
            SCALAR.maxPool(c.planes(), toFloats(x), c.rows(), c.cols(), fa, ia);
            vector.maxPool(c.planes(), toFloats(x), c.rows(), c.cols(), fb, ib);
            assertArrayEquals(fa, fb);
            assertArrayEquals(ia, ib);
        });
    }

    @Test
    void maxPoolOverPairsIsBitwiseEqualWithTiesAndNaN() {
        // 2 × 2 windows at stride 2 take their own kernel: widths below, at and past one and two vectors,
        // odd sizes (the last row or column is not pooled)
        assumeTrue(vector != null, "jdk.incubator.vector is not in the boot layer");
        for (int h : new int[] {2, 3, 5, 28}) {
            for (int w : new int[] {2, 3, 7, 15, 16, 17, 28, 33, 40}) {
                PoolWindows rows = PoolWindows.sliding(h, 2, 2, 0, 1, false, true);
                PoolWindows cols = PoolWindows.sliding(w, 2, 2, 0, 1, false, true);
                assertTrue(rows.isPairs() && cols.isPairs());
                int planes = 3, n = planes * rows.out() * cols.out();
                double[] x = tied(planes * h * w, 31L * h + w);
                float[] fa = new float[n], fb = new float[n];
                int[] ia = new int[n], ib = new int[n];
                SCALAR.maxPool(planes, toFloats(x), rows, cols, fa, ia);
                vector.maxPool(planes, toFloats(x), rows, cols, fb, ib);
                assertArrayEquals(fa, fb, h + "x" + w);
                assertArrayEquals(ia, ib, h + "x" + w);
            }
        }
        assertFalse(PoolWindows.sliding(8, 2, 2, 1, 1, false, true).isPairs(), "padding");
        assertFalse(PoolWindows.sliding(8, 2, 1, 0, 1, false, true).isPairs(), "stride 1");
        assertFalse(PoolWindows.sliding(7, 2, 2, 0, 1, true, true).isPairs(), "ceil mode's clipped last window");
    }

    @Test
    void avgPoolAndItsAdjointAreBitwiseEqual() {
        assumeTrue(vector != null, "jdk.incubator.vector is not in the boot layer");
        Property.forAll(CASES, 300, c -> {
            double[] x = ConvKernelsTest.doubles(c.planes() * c.inArea(), c.seed());
            double[] g = ConvKernelsTest.doubles(c.planes() * c.outArea(), c.seed() + 1);
            double[] a = new double[g.length], b = new double[g.length];
            SCALAR.avgPool(c.planes(), x, c.rows(), c.cols(), a);
            vector.avgPool(c.planes(), x, c.rows(), c.cols(), b);
            assertArrayEquals(a, b);
            double[] da = new double[x.length], db = new double[x.length];
            SCALAR.avgPoolAdjoint(c.planes(), g, c.rows(), c.cols(), da);
            vector.avgPoolAdjoint(c.planes(), g, c.rows(), c.cols(), db);
            assertArrayEquals(da, db);
            float[] fa = new float[g.length], fb = new float[g.length];
            SCALAR.avgPool(c.planes(), toFloats(x), c.rows(), c.cols(), fa);
            vector.avgPool(c.planes(), toFloats(x), c.rows(), c.cols(), fb);
            assertArrayEquals(fa, fb);
            float[] ga = new float[x.length], gb = new float[x.length];
            SCALAR.avgPoolAdjoint(c.planes(), toFloats(g), c.rows(), c.cols(), ga);
            vector.avgPoolAdjoint(c.planes(), toFloats(g), c.rows(), c.cols(), gb);
            assertArrayEquals(ga, gb);
        });
    }

    @Test
    void gatherAndScatterAddAreBitwiseEqual() {
        assumeTrue(vector != null, "jdk.incubator.vector is not in the boot layer");
        Property.forAll(CASES, 300, c -> {
            int n = c.planes() * c.outArea();
            double[] x = ConvKernelsTest.doubles(c.planes() * c.inArea(), c.seed());
            double[] ignored = new double[n];
            int[] idx = new int[n];
            SCALAR.maxPool(c.planes(), x, c.rows(), c.cols(), ignored, idx);
            double[] a = new double[n], b = new double[n];
            SCALAR.gather(c.planes(), x, c.inArea(), idx, c.outArea(), a);
            vector.gather(c.planes(), x, c.inArea(), idx, c.outArea(), b);
            assertArrayEquals(a, b);
            float[] fa = new float[n], fb = new float[n];
            SCALAR.gather(c.planes(), toFloats(x), c.inArea(), idx, c.outArea(), fa);
            vector.gather(c.planes(), toFloats(x), c.inArea(), idx, c.outArea(), fb);
            assertArrayEquals(fa, fb);
            double[] sa = new double[x.length], sb = new double[x.length];
            SCALAR.scatterAdd(c.planes(), a, idx, c.outArea(), sa, c.inArea());
            vector.scatterAdd(c.planes(), a, idx, c.outArea(), sb, c.inArea());
            assertArrayEquals(sa, sb);
        });
    }
}

package dev.panagrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * KER-01 for GEMM: the scalar and the Vector API kernels against a naive triple loop in double, for
 * all four transpose variants, awkward sizes, offsets and leading dimensions wider than the matrix,
 * with and without accumulation, within the bound 2·γ_{k+1}·(Σₚ|a||b| + |c₀|) (γ for the kernel's
 * precision; the factor 2 covers the reference's own rounding). Also: results do not depend on how C
 * is split across threads, and a single thread repeats its result bit for bit. The awkward-size grid
 * runs every combination of the sizes in m, n and k for each transpose variant.
 */
class GemmKernelsTest {
    static final GemmKernels SCALAR = new ScalarGemm();
    static final GemmKernels VECTOR = Kernels.vector(GemmKernels.class, "VectorGemm");

    /** {m, n, k}: every tail path (rows, columns, one-vector panels), several KC/MC/NC blocks, threads on and off. */
    static final int[][] SIZES = {
        {1, 1, 1}, {7, 15, 17}, {17, 7, 15}, {15, 17, 7}, {16, 16, 16}, {33, 33, 33}, {8, 32, 64}, {100, 7, 33},
        {7, 100, 17}, {17, 33, 100}, {1, 100, 100}, {100, 1, 100}, {100, 100, 1}, {64, 10, 128}, {1023, 7, 15},
        {7, 1023, 17}, {15, 17, 1023}, {100, 1023, 33}, {33, 100, 1023}, {130, 70, 600}, {9, 2100, 20}, {64, 100, 64},
        {1, 300, 300}, {300, 1, 300}, {3, 9, 2357}, {9, 13, 1000}, {6, 27, 2352}, {700, 1, 400}, // A·Bᵀ as dot products
    };

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int[] s : SIZES) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    out.add(Arguments.of(s[0], s[1], s[2], ta, tb));
                }
            }
        }
        return out.stream();
    }

    /** The awkward sizes: below, at and above one vector, a two-vector panel, MR, MC and the small-problem cut-offs. */
    static final int[] AWKWARD = {1, 7, 10, 17, 63, 65, 127, 129};

    static Stream<Arguments> transposes() {
        return Stream.of(Arguments.of(false, false), Arguments.of(false, true), Arguments.of(true, false),
                Arguments.of(true, true));
    }

    @ParameterizedTest(name = "transA={0} transB={1}")
    @MethodSource("transposes")
    void float32KernelsMatchNaiveProductOnEveryCombinationOfAwkwardSizes(boolean ta, boolean tb) {
        for (int m : AWKWARD) {
            for (int n : AWKWARD) {
                for (int k : AWKWARD) {
                    boolean accumulate = ((m + n + k) & 1) == 1;
                    Problem p = new Problem(m, n, k, ta, tb, accumulate, 0xa3c + m * 1009 + n * 31 + k);
                    for (GemmKernels kernel : List.of(SCALAR, VECTOR)) {
                        float[] c = p.f32(p.c0);
                        kernel.gemm(ta, tb, m, n, k, p.f32(p.a), p.aOff, p.lda, p.f32(p.b), p.bOff, p.ldb, c, p.cOff, p.ldc,
                                accumulate);
                        p.check(kernel.getClass().getSimpleName() + " f32", toDouble(c), 0x1p-24);
                    }
                }
            }
        }
    }

    /**
     * Convolution as GEMM: few rows (output channels), K = C·kh·kw, many columns, both plain (the path
     * that reads B in place above 256 columns, for up to 64 rows from 1024 columns on); every column tail and
     * one or more groups of four rows.
     */
    @Test
    void kernelsMatchNaiveProductOnConvolutionShapes() {
        for (int m : new int[] {1, 4, 5, 8, 16, 17, 32, 33, 63, 64, 65}) {
            for (int k : new int[] {25, 200}) {
                for (int n : new int[] {1, 15, 16, 17, 257, 1000, 1024, 4099}) {
                    boolean accumulate = ((m + n) & 1) == 1;
                    Problem p = new Problem(m, n, k, false, false, accumulate, 0xc0 + m * 131 + n * 7 + k);
                    for (GemmKernels kernel : List.of(SCALAR, VECTOR)) {
                        float[] c = p.f32(p.c0);
                        kernel.gemm(false, false, m, n, k, p.f32(p.a), p.aOff, p.lda, p.f32(p.b), p.bOff, p.ldb, c, p.cOff,
                                p.ldc, accumulate);
                        p.check(kernel.getClass().getSimpleName() + " f32", toDouble(c), 0x1p-24);
                        double[] d = p.c0.clone();
                        kernel.gemm(false, false, m, n, k, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, d, p.cOff, p.ldc,
                                accumulate);
                        p.check(kernel.getClass().getSimpleName() + " f64", d, 0x1p-53);
                    }
                }
            }
        }
    }

    @Test
    void vectorKernelsAreAvailableInTests() {
        assertNotNull(VECTOR, "tests run with --add-modules jdk.incubator.vector");
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("cases")
    void float32KernelsMatchNaiveProductWithinRoundingBound(int m, int n, int k, boolean ta, boolean tb) {
        for (GemmKernels kernel : List.of(SCALAR, VECTOR)) {
            for (boolean accumulate : new boolean[] {false, true}) {
                Problem p = new Problem(m, n, k, ta, tb, accumulate, 0x5eed + m * 31 + n * 7 + k);
                float[] c = p.f32(p.c0);
                kernel.gemm(ta, tb, m, n, k, p.f32(p.a), p.aOff, p.lda, p.f32(p.b), p.bOff, p.ldb, c, p.cOff, p.ldc,
                        accumulate);
                p.check(kernel.getClass().getSimpleName() + " f32", toDouble(c), 0x1p-24);
            }
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("cases")
    void float64KernelsMatchNaiveProductWithinRoundingBound(int m, int n, int k, boolean ta, boolean tb) {
        for (GemmKernels kernel : List.of(SCALAR, VECTOR)) {
            for (boolean accumulate : new boolean[] {false, true}) {
                Problem p = new Problem(m, n, k, ta, tb, accumulate, 0xd0b1e + m * 31 + n * 7 + k);
                double[] c = p.c0.clone();
                kernel.gemm(ta, tb, m, n, k, p.a, p.aOff, p.lda, p.b, p.bOff, p.ldb, c, p.cOff, p.ldc, accumulate);
                p.check(kernel.getClass().getSimpleName() + " f64", c, 0x1p-53);
            }
        }
    }

    @Test
    void emptyInnerDimensionZeroesOrKeepsC() {
        for (GemmKernels kernel : List.of(SCALAR, VECTOR)) {
            float[] c = {1, 2, 3, 4, 5, 6};
            kernel.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 3, true);
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, c, kernel + ": accumulate keeps C");
            kernel.gemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 3, false);
            assertArrayEquals(new float[] {0, 0, 3, 0, 0, 6}, c, kernel + ": overwrite zeroes only the 2×2 block");
        }
    }

    @Test
    void resultIsBitwiseTheSameForAnyThreadCount() {
        // Inside a pool chunk every kernel runs single-threaded (re-entrant calls run inline), so this
        // compares the pool's thread count against one thread. Sizes are above the parallel threshold
        // and cover both splits (columns, rows), narrow heads and skinny batches.
        int[][] sizes = {{256, 256, 256}, {300, 10, 700}, {64, 784, 256}, {64, 10, 128}, {129, 65, 127}, {784, 256, 64},
            {7, 1000, 65}, {1000, 7, 65}, {8, 4099, 25}, {16, 1000, 200}, {32, 517, 600},
            // dot products (A·Bᵀ with a narrow side): split by B rows, by A rows, a single row or column
            {8, 25, 2352}, {131, 6, 600}, {1, 784, 256}, {64, 1, 256}, {7, 1001, 300}};
        for (GemmKernels kernel : List.of(SCALAR, VECTOR)) {
            for (int[] s : sizes) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) == 1, tb = (t & 2) == 2;
                    Problem p = new Problem(s[0], s[1], s[2], ta, tb, false, 99);
                    float[] a = p.f32(p.a), b = p.f32(p.b);
                    float[] parallel = p.f32(p.c0);
                    float[] single = p.f32(p.c0);
                    kernel.gemm(ta, tb, s[0], s[1], s[2], a, p.aOff, p.lda, b, p.bOff, p.ldb, parallel, p.cOff, p.ldc, false);
                    Parallel.forRange(2, 1, (from, to) -> {
                        if (from == 0) {
                            kernel.gemm(ta, tb, s[0], s[1], s[2], a, p.aOff, p.lda, b, p.bOff, p.ldb, single, p.cOff, p.ldc,
                                    false);
                        }
                    });
                    assertArrayEquals(single, parallel, kernel + " " + Arrays.toString(s) + " transA=" + ta + " transB=" + tb);
                }
            }
        }
    }

    @Test
    void singleThreadResultIsBitwiseRepeatable() {
        int[][] sizes = {{65, 129, 600}, {64, 10, 128}, {17, 7, 63}, {16, 1000, 600}};
        for (GemmKernels kernel : List.of(SCALAR, VECTOR)) {
            for (int[] s : sizes) {
                Problem p = new Problem(s[0], s[1], s[2], true, false, true, 5);
                float[] a = p.f32(p.a), b = p.f32(p.b);
                float[] first = p.f32(p.c0);
                float[] second = p.f32(p.c0);
                Parallel.forRange(2, 1, (from, to) -> {
                    if (from == 0) {
                        for (float[] c : List.of(first, second)) {
                            kernel.gemm(true, false, s[0], s[1], s[2], a, p.aOff, p.lda, b, p.bOff, p.ldb, c, p.cOff, p.ldc,
                                    true);
                        }
                    }
                });
                assertArrayEquals(first, second, kernel + " " + Arrays.toString(s));
            }
        }
    }

    /**
     * Each element of C is computed the same way wherever its block falls, which is what lets the kernel split C
     * over threads. The property holds within each path (packed; dot products for A·Bᵀ with a narrow side), and
     * the path is chosen once from the whole product's shape, so the cuts here keep every block on its path. A plain
     * B read in place (streamed) and packed first give bitwise the same products: 64 × 1100 whole (on one thread) is
     * streamed, its column blocks (at most 1023 wide) pack B.
     */
    @Test
    void vectorResultIsBitwiseTheSameWhateverBlocksCIsCutInto() {
        for (boolean tb : new boolean[] {false, true}) {
            assertCutsAgree(100, 100, 300, tb, true, true); // packed, whatever the cut
        }
        int threads = Parallel.threads();
        try {
            Parallel.setThreads(1); // one call per product, so the whole one streams
            assertCutsAgree(64, 1100, 27, false, true, false); // streamed whole, packed in column blocks
        } finally {
            Parallel.setThreads(threads);
        }
        assertCutsAgree(6, 100, 600, true, true, false);   // dot products: 6 rows, cut by columns
        assertCutsAgree(100, 6, 600, true, false, true);   // dot products: 6 columns, cut by rows
    }

    private static void assertCutsAgree(int m, int n, int k, boolean tb, boolean cutColumns, boolean cutRows) {
        Problem p = new Problem(m, n, k, false, tb, false, 7);
        float[] a = p.f32(p.a), b = p.f32(p.b);
        float[] whole = p.f32(p.c0);
        VECTOR.gemm(false, tb, m, n, k, a, p.aOff, p.lda, b, p.bOff, p.ldb, whole, p.cOff, p.ldc, false);
        String what = m + "x" + n + "x" + k + ", transB=" + tb;
        if (cutColumns) {
            float[] byColumns = p.f32(p.c0);
            int[] cuts = {0, 13, 50, 77, n};
            for (int q = 0; q + 1 < cuts.length; q++) {
                int j0 = cuts[q], w = cuts[q + 1] - j0;
                VECTOR.gemm(false, tb, m, w, k, a, p.aOff, p.lda, b, p.bOff + (tb ? j0 * p.ldb : j0), p.ldb, byColumns,
                        p.cOff + j0, p.ldc, false);
            }
            assertArrayEquals(whole, byColumns, "column blocks, " + what);
        }
        if (cutRows) {
            float[] byRows = p.f32(p.c0);
            int[] cuts = {0, 13, 50, 77, m};
            for (int q = 0; q + 1 < cuts.length; q++) {
                int i0 = cuts[q], h = cuts[q + 1] - i0;
                VECTOR.gemm(false, tb, h, n, k, a, p.aOff + i0 * p.lda, p.lda, b, p.bOff, p.ldb, byRows,
                        p.cOff + i0 * p.ldc, p.ldc, false);
            }
            assertArrayEquals(whole, byRows, "row blocks, " + what);
        }
    }

    /** A random GEMM problem in double, laid out with offsets and padded leading dimensions. */
    static final class Problem {
        final int m, n, k, aOff = 5, bOff = 3, cOff = 2, lda, ldb, ldc;
        final boolean ta, tb, accumulate;
        final double[] a, b, c0;

        Problem(int m, int n, int k, boolean ta, boolean tb, boolean accumulate, long seed) {
            this.m = m;
            this.n = n;
            this.k = k;
            this.ta = ta;
            this.tb = tb;
            this.accumulate = accumulate;
            lda = (ta ? m : k) + 3;
            ldb = (tb ? k : n) + 1;
            ldc = n + 4;
            SplittableRandom r = new SplittableRandom(seed);
            a = random(r, aOff + (ta ? k : m) * lda);
            b = random(r, bOff + (tb ? n : k) * ldb);
            c0 = random(r, cOff + m * ldc + 3);
        }

        private static double[] random(SplittableRandom r, int size) {
            double[] x = new double[size];
            for (int i = 0; i < size; i++) {
                x[i] = (float) r.nextDouble(-2, 2); // representable in float32, so both dtypes see equal inputs
            }
            return x;
        }

        double a(int i, int p) {
            return ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
        }

        double b(int p, int j) {
            return tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
        }

        float[] f32(double[] x) {
            float[] f = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                f[i] = (float) x[i];
            }
            return f;
        }

        private double[] exact;
        private double[] magnitude;

        /** The naive product in double (C₀ added when accumulating) and Σₚ|a||b| + |c₀|, computed once. */
        private void reference() {
            if (exact != null) {
                return;
            }
            exact = new double[m * n];
            magnitude = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int o = cOff + i * ldc + j;
                    double sum = accumulate ? c0[o] : 0;
                    double abs = accumulate ? Math.abs(c0[o]) : 0;
                    for (int p = 0; p < k; p++) {
                        sum += a(i, p) * b(p, j);
                        abs += Math.abs(a(i, p) * b(p, j));
                    }
                    exact[i * n + j] = sum;
                    magnitude[i * n + j] = abs;
                }
            }
        }

        /** Checks the m×n block against the naive product and every other element of C against c0. */
        void check(String what, double[] c, double unitRoundoff) {
            reference();
            double gamma = (k + 1) * unitRoundoff / (1 - (k + 1) * unitRoundoff);
            boolean[] inBlock = new boolean[c.length];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int o = cOff + i * ldc + j;
                    inBlock[o] = true;
                    double exact = this.exact[i * n + j];
                    double bound = 2 * gamma * magnitude[i * n + j];
                    double error = Math.abs(c[o] - exact);
                    if (!(error <= bound)) {
                        throw new AssertionError(what + " m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb
                                + " accumulate=" + accumulate + ": C[" + i + "][" + j + "] = " + c[o] + ", exact " + exact
                                + ", error " + error + " > bound " + bound);
                    }
                }
            }
            for (int o = 0; o < c.length; o++) {
                if (!inBlock[o]) {
                    assertEquals((float) c0[o], (float) c[o], what + ": element " + o + " outside C's block was written");
                }
            }
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}

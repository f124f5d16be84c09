package dev.panagrad.core.kernels;

import java.util.Arrays;

/**
 * Plain-Java GEMM, the reference for the SIMD kernel. B is copied, one KC × NC block at a time, into
 * a per-thread buffer of 4-column panels, k-major inside each panel (so a transposed B reads like a plain one); C is then computed
 * in 2 × 4 tiles whose 8 sums stay in registers over the block's k range (the JIT does not vectorise
 * an i-p-j loop here: it cannot rule out that C and the buffer alias, and ran it at 3.5 GFLOP/s). Above
 * {@link #PARALLEL_WORK} C's rows are split across the shared pool; every element is summed in order
 * of k by one thread, so results do not depend on the thread count.
 */
final class ScalarGemm implements GemmKernels {
    private static final int KC = 256;
    private static final int NC = 1024;
    /** From this m·n·k on, rows of C are split across threads. */
    static final long PARALLEL_WORK = 64L * 64 * 64;
    private static final int ROW_GRAIN = 8;

    private static final ThreadLocal<float[]> F_BUFFER = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<double[]> D_BUFFER = ThreadLocal.withInitial(() -> new double[0]);

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        if ((long) m * n * k < PARALLEL_WORK) {
            rows(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        Parallel.forRange(m, ROW_GRAIN, (i0, i1) -> rows(transA, transB, i1 - i0, n, k, a, aOff + (transA ? i0 : i0 * lda),
                lda, b, bOff, ldb, c, cOff + i0 * ldc, ldc, accumulate));
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda, double[] b,
            int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
        if ((long) m * n * k < PARALLEL_WORK) {
            rows(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        Parallel.forRange(m, ROW_GRAIN, (i0, i1) -> rows(transA, transB, i1 - i0, n, k, a, aOff + (transA ? i0 : i0 * lda),
                lda, b, bOff, ldb, c, cOff + i0 * ldc, ldc, accumulate));
    }

    /** The blocked loop for m rows of C, on the calling thread. */
    private static void rows(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
            int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
        }
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        int ai = transA ? 1 : lda;
        int ap = transA ? lda : 1;
        int size = Math.min(k, KC) * ((Math.min(n, NC) + 3) & ~3);
        float[] block = F_BUFFER.get();
        if (block.length < size) {
            block = new float[size];
            F_BUFFER.set(block);
        }
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                for (int j = 0; j < nc; j++) {
                    int panel = (j >> 2) * kc * 4 + (j & 3);
                    for (int p = 0; p < kc; p++) {
                        block[panel + p * 4] = transB ? b[bOff + (jc + j) * ldb + pc + p] : b[bOff + (pc + p) * ldb + jc + j];
                    }
                }
                int aBlock = aOff + pc * ap;
                for (int i0 = 0; i0 < m; i0 += 2) {
                    for (int j0 = 0; j0 < nc; j0 += 4) {
                        int cBase = cOff + i0 * ldc + jc + j0;
                        if (i0 + 2 <= m && j0 + 4 <= nc) {
                            tile2x4(kc, a, aBlock + i0 * ai, ai, ap, block, j0 * kc, c, cBase, ldc);
                        } else {
                            edge(kc, a, aBlock + i0 * ai, ai, ap, block, j0 * kc, c, cBase, ldc, Math.min(2, m - i0),
                                    Math.min(4, nc - j0));
                        }
                    }
                }
            }
        }
    }

    /**
     * C[2×4] += A[2×kc]·B[kc×4] (one packed panel at bBase) with 8 register accumulators: each element
     * summed over p, then added to C once. (A 4 × 4 tile's 16 sums plus operands exceed the 16 SSE/AVX
     * registers and spill: it measured no faster.)
     */
    private static void tile2x4(int kc, float[] a, int aBase, int ai, int ap, float[] block, int bBase, float[] c,
            int cBase, int ldc) {
        float s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        for (int p = 0; p < kc; p++) {
            float a0 = a[aBase + p * ap];
            float a1 = a[aBase + ai + p * ap];
            float b0 = block[bBase + p * 4];
            float b1 = block[bBase + p * 4 + 1];
            float b2 = block[bBase + p * 4 + 2];
            float b3 = block[bBase + p * 4 + 3];
            s00 += a0 * b0;
            s01 += a0 * b1;
            s02 += a0 * b2;
            s03 += a0 * b3;
            s10 += a1 * b0;
            s11 += a1 * b1;
            s12 += a1 * b2;
            s13 += a1 * b3;
        }
        c[cBase] += s00;
        c[cBase + 1] += s01;
        c[cBase + 2] += s02;
        c[cBase + 3] += s03;
        c[cBase + ldc] += s10;
        c[cBase + ldc + 1] += s11;
        c[cBase + ldc + 2] += s12;
        c[cBase + ldc + 3] += s13;
    }

    /** The same sums as {@link #tile2x4} for an mr × nr edge tile, element by element. */
    private static void edge(int kc, float[] a, int aBase, int ai, int ap, float[] block, int bBase, float[] c,
            int cBase, int ldc, int mr, int nr) {
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < nr; j++) {
                float sum = 0;
                for (int p = 0; p < kc; p++) {
                    sum += a[aBase + i * ai + p * ap] * block[bBase + p * 4 + j];
                }
                c[cBase + i * ldc + j] += sum;
            }
        }
    }

    /** The blocked loop for m rows of C, on the calling thread. */
    private static void rows(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda, double[] b,
            int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
        if (!accumulate) {
            for (int i = 0; i < m; i++) {
                Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
            }
        }
        if (m == 0 || n == 0 || k == 0) {
            return;
        }
        int ai = transA ? 1 : lda;
        int ap = transA ? lda : 1;
        int size = Math.min(k, KC) * ((Math.min(n, NC) + 3) & ~3);
        double[] block = D_BUFFER.get();
        if (block.length < size) {
            block = new double[size];
            D_BUFFER.set(block);
        }
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                for (int j = 0; j < nc; j++) {
                    int panel = (j >> 2) * kc * 4 + (j & 3);
                    for (int p = 0; p < kc; p++) {
                        block[panel + p * 4] = transB ? b[bOff + (jc + j) * ldb + pc + p] : b[bOff + (pc + p) * ldb + jc + j];
                    }
                }
                int aBlock = aOff + pc * ap;
                for (int i0 = 0; i0 < m; i0 += 2) {
                    for (int j0 = 0; j0 < nc; j0 += 4) {
                        int cBase = cOff + i0 * ldc + jc + j0;
                        if (i0 + 2 <= m && j0 + 4 <= nc) {
                            tile2x4(kc, a, aBlock + i0 * ai, ai, ap, block, j0 * kc, c, cBase, ldc);
                        } else {
                            edge(kc, a, aBlock + i0 * ai, ai, ap, block, j0 * kc, c, cBase, ldc, Math.min(2, m - i0),
                                    Math.min(4, nc - j0));
                        }
                    }
                }
            }
        }
    }

    /**
     * C[2×4] += A[2×kc]·B[kc×4] (one packed panel at bBase) with 8 register accumulators: each element
     * summed over p, then added to C once. (A 4 × 4 tile's 16 sums plus operands exceed the 16 SSE/AVX
     * registers and spill: it measured no faster.)
     */
    private static void tile2x4(int kc, double[] a, int aBase, int ai, int ap, double[] block, int bBase, double[] c,
            int cBase, int ldc) {
        double s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        for (int p = 0; p < kc; p++) {
            double a0 = a[aBase + p * ap];
            double a1 = a[aBase + ai + p * ap];
            double b0 = block[bBase + p * 4];
            double b1 = block[bBase + p * 4 + 1];
            double b2 = block[bBase + p * 4 + 2];
            double b3 = block[bBase + p * 4 + 3];
            s00 += a0 * b0;
            s01 += a0 * b1;
            s02 += a0 * b2;
            s03 += a0 * b3;
            s10 += a1 * b0;
            s11 += a1 * b1;
            s12 += a1 * b2;
            s13 += a1 * b3;
        }
        c[cBase] += s00;
        c[cBase + 1] += s01;
        c[cBase + 2] += s02;
        c[cBase + 3] += s03;
        c[cBase + ldc] += s10;
        c[cBase + ldc + 1] += s11;
        c[cBase + ldc + 2] += s12;
        c[cBase + ldc + 3] += s13;
    }

    /** The same sums as {@link #tile2x4} for an mr × nr edge tile, element by element. */
    private static void edge(int kc, double[] a, int aBase, int ai, int ap, double[] block, int bBase, double[] c,
            int cBase, int ldc, int mr, int nr) {
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < nr; j++) {
                double sum = 0;
                for (int p = 0; p < kc; p++) {
                    sum += a[aBase + i * ai + p * ap] * block[bBase + p * 4 + j];
                }
                c[cBase + i * ldc + j] += sum;
            }
        }
    }
}

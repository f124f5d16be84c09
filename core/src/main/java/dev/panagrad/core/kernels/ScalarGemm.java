package dev.panagrad.core.kernels;

import java.util.Arrays;

/**
 * Plain-Java GEMM, the reference for the SIMD kernel. B is copied, one KC × NC block at a time, into
 * a per-thread row-major buffer (which turns a transposed B into unit-stride rows); C's rows then
 * accumulate {@code a(i,p)·B(p,:)} in i-p-j order, an inner loop the JIT vectorises. Above
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

    /** The blocked i-p-j loop for m rows of C, on the calling thread. */
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
        int size = Math.min(k, KC) * Math.min(n, NC);
        float[] block = F_BUFFER.get();
        if (block.length < size) {
            block = new float[size];
            F_BUFFER.set(block);
        }
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                for (int p = 0; p < kc; p++) {
                    if (transB) {
                        for (int j = 0; j < nc; j++) {
                            block[p * nc + j] = b[bOff + (jc + j) * ldb + pc + p];
                        }
                    } else {
                        System.arraycopy(b, bOff + (pc + p) * ldb + jc, block, p * nc, nc);
                    }
                }
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + jc;
                    int aRow = aOff + i * ai + pc * ap;
                    for (int p = 0; p < kc; p++) {
                        float av = a[aRow + p * ap];
                        int bp = p * nc;
                        for (int j = 0; j < nc; j++) {
                            c[ci + j] += av * block[bp + j];
                        }
                    }
                }
            }
        }
    }

    /** The blocked i-p-j loop for m rows of C, on the calling thread. */
    private static void rows(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda,
            double[] b, int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
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
        int size = Math.min(k, KC) * Math.min(n, NC);
        double[] block = D_BUFFER.get();
        if (block.length < size) {
            block = new double[size];
            D_BUFFER.set(block);
        }
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                for (int p = 0; p < kc; p++) {
                    if (transB) {
                        for (int j = 0; j < nc; j++) {
                            block[p * nc + j] = b[bOff + (jc + j) * ldb + pc + p];
                        }
                    } else {
                        System.arraycopy(b, bOff + (pc + p) * ldb + jc, block, p * nc, nc);
                    }
                }
                for (int i = 0; i < m; i++) {
                    int ci = cOff + i * ldc + jc;
                    int aRow = aOff + i * ai + pc * ap;
                    for (int p = 0; p < kc; p++) {
                        double av = a[aRow + p * ap];
                        int bp = p * nc;
                        for (int j = 0; j < nc; j++) {
                            c[ci + j] += av * block[bp + j];
                        }
                    }
                }
            }
        }
    }
}

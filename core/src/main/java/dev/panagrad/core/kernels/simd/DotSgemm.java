package dev.panagrad.core.kernels.simd;

import dev.panagrad.core.kernels.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float32 {@code C = A·Bᵀ} (A plain, B transposed) as blocked dot products, for products with few rows
 * or few columns and a long k: every row of A and every row of B is contiguous in k, so element
 * {@code (i, j)} is a dot product of two unit-stride streams and nothing is packed. The packed kernel
 * instead copies B transposed into panels on every call, which costs as much as the multiply-adds when
 * only one or two micro-tiles of rows use each panel: a convolution's weight gradient with 8 output
 * channels (8 × 25 × 2352: 55 against 19 µs on one core), a layer's forward pass on one sample
 * (1 × 784 × 256: 78 against 23 µs) or into one output (64 × 1 × 256: 7.6 against 2.2 µs).
 *
 * <p>A 2 × 4 register block (two rows of A against four rows of B: 8 vector accumulators, 6 loads per
 * 8 fused multiply-adds) walks B in blocks of four rows, each held in L1 while every pair of rows of A
 * passes, so B streams from memory once. Every element of C is computed the same way wherever its block
 * falls (2 × 4, 4 × 1, 1 × 4 or 1 × 1 at the edges): one fused multiply-add chain per lane over the whole
 * vectors of k in order, the lanes then summed left to right, then the last {@code k mod L} products
 * fused in order, then added to C. Results therefore do not depend on how the blocks are split across
 * threads. Float64 keeps the packed kernel: it serves exact checks, not speed.
 */
final class DotSgemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of B per block. */
    private static final int NB = 4;

    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[2 * NB * L]);

    private DotSgemm() {}

    /**
     * Whether {@code C (m × n) = A·Bᵀ} with depth k runs faster here than packed: one side at most 8
     * (at most 16 for k ≥ 512), and k long enough to amortise the lane sums, or the whole product small
     * (measured on one core, JDK 25: dot products won at 8 × 25 × 128 and 64 × 1 × 256, lost at
     * 8 × 500 × 128, 8 × 256 × 64, 64 × 10 × 128 and 16 × 200 × 300).
     */
    static boolean suits(int m, int n, int k) {
        int small = Math.min(m, n), large = Math.max(m, n);
        if (k < L) {
            return false;
        }
        return small <= 8 && (k >= 256 || large <= 32) || small <= 16 && k >= 512;
    }

    /**
     * {@code C = A·Bᵀ} (or {@code +=}), split over the pool by blocks of B rows, or of A rows when B has few; on the
     * calling thread up to {@link VectorGemm#SERIAL_WORK}.
     */
    static void gemm(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff,
            int ldc, boolean accumulate) {
        if ((long) m * n * k <= VectorGemm.SERIAL_WORK) {
            block(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        long perRow = 2L * k * Math.min(m, n) + 1;
        if (n >= NB * 2 || n >= m) {
            int blocks = Math.ceilDiv(n, NB);
            int grain = (int) Math.max(1, VectorGemm.CHUNK_WORK / (perRow * NB));
            Parallel.forRange(blocks, grain, (q0, q1) -> {
                int j0 = q0 * NB, j1 = Math.min(n, q1 * NB);
                block(m, j1 - j0, k, a, aOff, lda, b, bOff + j0 * ldb, ldb, c, cOff + j0, ldc, accumulate);
            });
        } else {
            int pairs = Math.ceilDiv(m, 2);
            int grain = (int) Math.max(1, VectorGemm.CHUNK_WORK / (perRow * 2));
            Parallel.forRange(pairs, grain, (q0, q1) -> {
                int i0 = q0 * 2, i1 = Math.min(m, q1 * 2);
                block(i1 - i0, n, k, a, aOff + i0 * lda, lda, b, bOff, ldb, c, cOff + i0 * ldc, ldc, accumulate);
            });
        }
    }

    /** One thread's share: blocks of NB rows of B, each against every pair of rows of A. */
    private static void block(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c,
            int cOff, int ldc, boolean accumulate) {
        float[] tile = TILE.get();
        int kv = k / L * L;
        int pairs = m / 2 * 2;
        for (int j0 = 0; j0 < n; j0 += NB) {
            int nb = Math.min(NB, n - j0);
            int bRow = bOff + j0 * ldb;
            if (nb == NB) {
                for (int i0 = 0; i0 < pairs; i0 += 2) {
                    dot2x4(kv, a, aOff + i0 * lda, lda, b, bRow, ldb, tile);
                    finish(tile, 2, NB, k, kv, a, aOff + i0 * lda, lda, b, bRow, ldb, c, cOff + i0 * ldc + j0, ldc, accumulate);
                }
                if (pairs < m) {
                    dot1x4(kv, a, aOff + pairs * lda, b, bRow, ldb, tile);
                    finish(tile, 1, NB, k, kv, a, aOff + pairs * lda, lda, b, bRow, ldb, c, cOff + pairs * ldc + j0, ldc,
                            accumulate);
                }
            } else {
                for (int j = 0; j < nb; j++) {
                    int i0 = 0;
                    for (; i0 + 4 <= m; i0 += 4) {
                        dot4x1(kv, a, aOff + i0 * lda, lda, b, bRow + j * ldb, tile);
                        finish(tile, 4, 1, k, kv, a, aOff + i0 * lda, lda, b, bRow + j * ldb, ldb, c, cOff + i0 * ldc + j0 + j,
                                ldc, accumulate);
                    }
                    for (; i0 < m; i0++) {
                        dot1x1(kv, a, aOff + i0 * lda, b, bRow + j * ldb, tile);
                        finish(tile, 1, 1, k, kv, a, aOff + i0 * lda, lda, b, bRow + j * ldb, ldb, c, cOff + i0 * ldc + j0 + j,
                                ldc, accumulate);
                    }
                }
            }
        }
    }

    /**
     * Completes the {@code rows × cols} block whose lane partial sums are in {@code tile} (element (r, q) at
     * {@code (r·cols + q)·L}): sums the lanes left to right, fuses the tail {@code [kv, k)} in order and stores.
     */
    private static void finish(float[] tile, int rows, int cols, int k, int kv, float[] a, int aRow, int lda, float[] b,
            int bRow, int ldb, float[] c, int cBase, int ldc, boolean accumulate) {
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) {
                int t = (r * cols + q) * L;
                float s = tile[t];
                for (int l = 1; l < L; l++) {
                    s += tile[t + l];
                }
                int ai = aRow + r * lda, bi = bRow + q * ldb;
                for (int p = kv; p < k; p++) {
                    s = Math.fma(a[ai + p], b[bi + p], s);
                }
                int o = cBase + r * ldc + q;
                c[o] = accumulate ? c[o] + s : s;
            }
        }
    }

    /** Lane partial sums of rows {@code a0, a0+lda} of A against rows {@code b0 … b0+3·ldb} of B over {@code [0, kv)}. */
    private static void dot2x4(int kv, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] tile) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        int a1 = a0 + lda, b1 = b0 + ldb, b2 = b0 + 2 * ldb, b3 = b0 + 3 * ldb;
        for (int p = 0; p < kv; p += L) {
            FloatVector x0 = FloatVector.fromArray(S, a, a0 + p);
            FloatVector x1 = FloatVector.fromArray(S, a, a1 + p);
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + p);
            c00 = x0.fma(y0, c00);
            c10 = x1.fma(y0, c10);
            FloatVector y1 = FloatVector.fromArray(S, b, b1 + p);
            c01 = x0.fma(y1, c01);
            c11 = x1.fma(y1, c11);
            FloatVector y2 = FloatVector.fromArray(S, b, b2 + p);
            c02 = x0.fma(y2, c02);
            c12 = x1.fma(y2, c12);
            FloatVector y3 = FloatVector.fromArray(S, b, b3 + p);
            c03 = x0.fma(y3, c03);
            c13 = x1.fma(y3, c13);
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, L);
        c02.intoArray(tile, 2 * L);
        c03.intoArray(tile, 3 * L);
        c10.intoArray(tile, 4 * L);
        c11.intoArray(tile, 5 * L);
        c12.intoArray(tile, 6 * L);
        c13.intoArray(tile, 7 * L);
    }

    /** {@link #dot2x4} for one row of A. */
    private static void dot1x4(int kv, float[] a, int a0, float[] b, int b0, int ldb, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int b1 = b0 + ldb, b2 = b0 + 2 * ldb, b3 = b0 + 3 * ldb;
        for (int p = 0; p < kv; p += L) {
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            c0 = x.fma(FloatVector.fromArray(S, b, b0 + p), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, b1 + p), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, b2 + p), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, b3 + p), c3);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
        c2.intoArray(tile, 2 * L);
        c3.intoArray(tile, 3 * L);
    }

    /** Four rows of A against one row of B. */
    private static void dot4x1(int kv, float[] a, int a0, int lda, float[] b, int b0, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int a1 = a0 + lda, a2 = a0 + 2 * lda, a3 = a0 + 3 * lda;
        for (int p = 0; p < kv; p += L) {
            FloatVector y = FloatVector.fromArray(S, b, b0 + p);
            c0 = FloatVector.fromArray(S, a, a0 + p).fma(y, c0);
            c1 = FloatVector.fromArray(S, a, a1 + p).fma(y, c1);
            c2 = FloatVector.fromArray(S, a, a2 + p).fma(y, c2);
            c3 = FloatVector.fromArray(S, a, a3 + p).fma(y, c3);
        }
        c0.intoArray(tile, 0);
        c1.intoArray(tile, L);
        c2.intoArray(tile, 2 * L);
        c3.intoArray(tile, 3 * L);
    }

    /** One row of A against one row of B. */
    private static void dot1x1(int kv, float[] a, int a0, float[] b, int b0, float[] tile) {
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < kv; p += L) {
            acc = FloatVector.fromArray(S, a, a0 + p).fma(FloatVector.fromArray(S, b, b0 + p), acc);
        }
        acc.intoArray(tile, 0);
    }
}

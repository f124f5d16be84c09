package dev.panagrad.core.kernels.simd;

import dev.panagrad.core.kernels.GemmKernels;
import dev.panagrad.core.kernels.Parallel;
import java.util.Arrays;

/**
 * Vector API GEMM: float32 {@code A·Bᵀ} with few rows or columns and a long k runs as blocked dot
 * products ({@link DotSgemm}), float32 {@code Aᵀ·op(B)} with few columns as its transpose; tiny problems take an unpacked fused-multiply-add loop; the rest run the packed,
 * cache-blocked, register-blocked kernels of {@link PackedSgemm} / {@link PackedDgemm}, split across
 * the shared {@link Parallel} pool above {@link #SERIAL_WORK}. The split is by blocks of C's columns
 * when that duplicates no packing (A read in place) or no more of it than a row split would (packed
 * A: m·k per thread against k·n), else by blocks of rows. Each element of C is computed by one thread
 * in a fixed order, so results are bitwise the same for any thread count.
 */
public final class VectorGemm implements GemmKernels {
    /** Below this m·n·k, packing costs more than it saves. */
    static final long SMALL_WORK = 4096;
    /** Fewer columns than this (two micro-tile panels) make a product with a transposed A run as its transpose. */
    static final int NARROW = 2 * PackedSgemm.NR;
    /**
     * Up to this m·n·k (64³, about 7 µs on one core) a product runs on the calling thread, as in OpenBLAS
     * ({@code GEMM_MULTITHREAD_THRESHOLD} 4 × 65,536). On this kind of virtual machine two threads won at 64³
     * only when the second vCPU was running at that moment: 4.6–18.2 µs against a steady 7.1–7.9 µs on one
     * (separate processes, JDK 25). Below it they saved at most 0.7 µs (48³: 2.5–3.0 against 3.2–3.4 µs); above
     * it they win on average (96³: 12.4–41.1 against 22.2–22.4 µs).
     */
    static final long SERIAL_WORK = 64L * 64 * 64;
    /** The least m·n·k a chunk of a split product gets (about 1 µs of work on one core). */
    static final long CHUNK_WORK = 32L * 32 * 32;

    /** Loaded by {@code Kernels} by name. */
    public VectorGemm() {}

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        long work = (long) m * n * k;
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
        } else if (!transA && transB && DotSgemm.suits(m, n, k)) {
            DotSgemm.gemm(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else if (transA && n < NARROW && m >= NARROW) {
            transposed(transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else if (work < SMALL_WORK) {
            PackedSgemm.unpacked(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else if (work <= SERIAL_WORK) {
            PackedSgemm.packed(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else if (byColumns(m, n, PackedSgemm.MR, PackedSgemm.NR,
                !PackedSgemm.readsAInPlace(transA, ceilDiv(n, Parallel.threads()), lda))) {
            int nr = PackedSgemm.NR;
            int panels = (n + nr - 1) / nr;
            boolean packsA = !PackedSgemm.readsAInPlace(transA, ceilDiv(n, Parallel.threads()), lda);
            forColumnChunks(panels, packsA, (q0, q1) -> {
                int j0 = q0 * nr;
                int j1 = Math.min(n, q1 * nr);
                PackedSgemm.packed(transA, transB, m, j1 - j0, k, a, aOff, lda, b, bOff + (transB ? j0 * ldb : j0), ldb,
                        c, cOff + j0, ldc, accumulate);
            });
        } else {
            int mr = PackedSgemm.MR;
            int groups = (m + mr - 1) / mr;
            Parallel.forChunks(groups, 1, (q0, q1) -> { // each chunk packs all of B
                int i0 = q0 * mr;
                int i1 = Math.min(m, q1 * mr);
                PackedSgemm.packed(transA, transB, i1 - i0, n, k, a, aOff + (transA ? i0 : i0 * lda), lda, b, bOff, ldb,
                        c, cOff + i0 * ldc, ldc, accumulate);
            });
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda, double[] b,
            int bOff, int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) {
            return;
        }
        long work = (long) m * n * k;
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0.0);
                }
            }
        } else if (work < SMALL_WORK) {
            PackedDgemm.unpacked(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else if (work <= SERIAL_WORK) {
            PackedDgemm.packed(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
        } else if (byColumns(m, n, PackedDgemm.MR, PackedDgemm.NR,
                !PackedDgemm.readsAInPlace(transA, ceilDiv(n, Parallel.threads()), lda))) {
            int nr = PackedDgemm.NR;
            int panels = (n + nr - 1) / nr;
            boolean packsA = !PackedDgemm.readsAInPlace(transA, ceilDiv(n, Parallel.threads()), lda);
            forColumnChunks(panels, packsA, (q0, q1) -> {
                int j0 = q0 * nr;
                int j1 = Math.min(n, q1 * nr);
                PackedDgemm.packed(transA, transB, m, j1 - j0, k, a, aOff, lda, b, bOff + (transB ? j0 * ldb : j0), ldb,
                        c, cOff + j0, ldc, accumulate);
            });
        } else {
            int mr = PackedDgemm.MR;
            int groups = (m + mr - 1) / mr;
            Parallel.forChunks(groups, 1, (q0, q1) -> { // each chunk packs all of B
                int i0 = q0 * mr;
                int i1 = Math.min(m, q1 * mr);
                PackedDgemm.packed(transA, transB, i1 - i0, n, k, a, aOff + (transA ? i0 : i0 * lda), lda, b, bOff, ldb,
                        c, cOff + i0 * ldc, ldc, accumulate);
            });
        }
    }

    /**
     * {@code C = Aᵀ·op(B)} with few columns (fewer than {@link #NARROW}) as its transpose {@code Cᵀ = op(B)ᵀ·A}:
     * the product with a transposed A packs all of A into row panels that only one or two column panels then use,
     * while {@code Cᵀ} reads A in place and packs only the narrow B. Cᵀ goes to a scratch array and is written
     * back transposed. A weight gradient with few input features, {@code gᵀ·x} of 512 × 28 × 1792 (an LSTM's
     * input weights over a batch of sequences), took 672 instead of 1094 µs on one core; 256 × 10 × 64 7.6
     * instead of 13.3 µs.
     */
    private void transposed(boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        float[] t = new float[n * m];
        gemm(!transB, false, n, m, k, b, bOff, ldb, a, aOff, lda, t, 0, m, false);
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = accumulate ? c[row + j] + t[j * m + i] : t[j * m + i];
            }
        }
    }

    /**
     * Whether to split C by columns rather than rows: a column split packs only each thread's own B
     * panels, plus all of A again per thread when A is packed ({@code packsA}); a row split packs all of
     * B per thread. Either needs at least two micro-tiles along its dimension.
     */
    static boolean byColumns(int m, int n, int mr, int nr, boolean packsA) {
        if (n < 2 * nr) {
            return false;
        }
        return m < 2 * mr || !packsA || m <= n;
    }

    /**
     * Runs {@code body} over C's column panels: with A read in place a chunk costs nothing extra, so the pool may
     * cut up to {@link Parallel#CHUNKS_PER_THREAD} per thread and balance uneven threads; a chunk that packs A
     * repacks all of it, so then two chunks per thread.
     */
    private static void forColumnChunks(int panels, boolean packsA, Parallel.IntRangeBody body) {
        if (packsA) {
            Parallel.forChunks(panels, 2, body);
        } else {
            Parallel.forRange(panels, 1, body);
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}

package dev.panagrad.core.kernels;

/**
 * Row-major general matrix multiply: {@code C = op(A)·op(B)} (or {@code C += …} when
 * {@code accumulate}), where {@code op(A)} is m×k and {@code op(B)} is k×n.
 *
 * <p>{@code A} is read at {@code a[aOff + i*lda + p]} when not transposed (an m×k matrix) and at
 * {@code a[aOff + p*lda + i]} when transposed (stored k×m); likewise {@code B}. Only the m×n block of
 * {@code C} at {@code c[cOff + i*ldc + j]} is written. Transposed variants read the operand in place:
 * matmul's backward never copies a transpose.
 *
 * <p>Implementations are thread-safe (scratch buffers are per thread), may split large products over
 * the shared {@link Parallel} pool, and give bitwise the same result for any thread count.
 */
public interface GemmKernels {
    /** The implementation chosen at start-up. */
    GemmKernels INSTANCE = Kernels.choose(GemmKernels.class, new ScalarGemm(), "VectorGemm");

    /** Float32 GEMM. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
            float[] c, int cOff, int ldc, boolean accumulate);

    /** Float64 GEMM. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
            double[] c, int cOff, int ldc, boolean accumulate);

    /**
     * A right operand op(B), k × n, prepared once by {@code prepare} for many products with {@code gemmPrepared}:
     * a weight multiplied at every step of a recurrence is then packed once rather than once per product. It
     * holds its own copy of B.
     */
    interface Prepared {
        /** Rows of op(B). */
        int k();

        /** Columns of op(B). */
        int n();
    }

    /** op(B) copied as a plain row-major k × n matrix: the preparation of implementations that do not pack. */
    record Plain(int k, int n, float[] f32, double[] f64) implements Prepared {}

    /** op(B), k × n, read from {@code b} as {@link #gemm} reads it, prepared for {@code gemmPrepared}. */
    default Prepared prepare(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        float[] copy = new float[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                copy[p * n + j] = b[bOff + (transB ? j * ldb + p : p * ldb + j)];
            }
        }
        return new Plain(k, n, copy, null);
    }

    /** {@link #prepare(boolean, int, int, float[], int, int)} in double. */
    default Prepared prepare(boolean transB, int k, int n, double[] b, int bOff, int ldb) {
        double[] copy = new double[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                copy[p * n + j] = b[bOff + (transB ? j * ldb + p : p * ldb + j)];
            }
        }
        return new Plain(k, n, null, copy);
    }

    /**
     * {@code C = op(A)·B} (or {@code C += …}) for m rows of A and a prepared B. Made for callers that split
     * the rows of C across the {@link Parallel} pool themselves and call it from each chunk (where the
     * pool runs nested work serially); B is shared read-only.
     */
    default void gemmPrepared(boolean transA, int m, float[] a, int aOff, int lda, Prepared b, float[] c, int cOff, int ldc,
            boolean accumulate) {
        Plain p = (Plain) b;
        gemm(transA, false, m, p.n(), p.k(), a, aOff, lda, p.f32(), 0, p.n(), c, cOff, ldc, accumulate);
    }

    /** {@link #gemmPrepared(boolean, int, float[], int, int, Prepared, float[], int, int, boolean)} in double. */
    default void gemmPrepared(boolean transA, int m, double[] a, int aOff, int lda, Prepared b, double[] c, int cOff, int ldc,
            boolean accumulate) {
        Plain p = (Plain) b;
        gemm(transA, false, m, p.n(), p.k(), a, aOff, lda, p.f64(), 0, p.n(), c, cOff, ldc, accumulate);
    }
}

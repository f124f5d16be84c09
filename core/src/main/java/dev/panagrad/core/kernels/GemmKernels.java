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
}

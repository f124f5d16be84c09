package dev.panagrad.core.kernels.simd;

import dev.panagrad.core.kernels.GemmKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Vector API GEMM, i-p-j order with a vectorised inner loop over C's row. */
public final class VectorGemm implements GemmKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** Loaded by {@code Kernels} by name. */
    public VectorGemm() {}

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff,
            int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            }
            for (int p = 0; p < k; p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += av * b[bOff + j * ldb + p];
                    }
                    continue;
                }
                int bp = bOff + p * ldb;
                FloatVector va = FloatVector.broadcast(F, av);
                int j = 0;
                for (int bound = F.loopBound(n); j < bound; j += F.length()) {
                    FloatVector.fromArray(F, b, bp + j).mul(va).add(FloatVector.fromArray(F, c, ci + j)).intoArray(c, ci + j);
                }
                // scalar tail
                for (; j < n; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double[] a, int aOff, int lda, double[] b, int bOff,
            int ldb, double[] c, int cOff, int ldc, boolean accumulate) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (!accumulate) {
                java.util.Arrays.fill(c, ci, ci + n, 0.0);
            }
            for (int p = 0; p < k; p++) {
                double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (transB) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += av * b[bOff + j * ldb + p];
                    }
                    continue;
                }
                int bp = bOff + p * ldb;
                DoubleVector va = DoubleVector.broadcast(D, av);
                int j = 0;
                for (int bound = D.loopBound(n); j < bound; j += D.length()) {
                    DoubleVector.fromArray(D, b, bp + j).mul(va).add(DoubleVector.fromArray(D, c, ci + j)).intoArray(c, ci + j);
                }
                // scalar tail
                for (; j < n; j++) {
                    c[ci + j] += av * b[bp + j];
                }
            }
        }
    }
}

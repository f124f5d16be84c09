package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The batched, transposed-operand float32 product {@code LinearAlgebra.matmul(a, b, transA, transB)}:
 * every matrix of a batch (batch 1, several, broadcast) equals bit for bit the 2-D product of its own
 * operands, whether the batch runs matrix by matrix or side by side on the pool, and the naive product
 * within float32 rounding, on awkward sizes and all four transpose variants.
 */
class BatchedGemmTest {
    private final Rng rng = new Rng(4);

    /** {m, n, k} covering tails, one-vector panels, narrow heads and a product the kernel splits itself. */
    private static final int[][] SIZES = {{7, 10, 17}, {1, 63, 65}, {65, 1, 7}, {17, 129, 10}, {64, 10, 128},
        {129, 127, 129}};

    private Tensor randn(int... shape) {
        return Tensor.randn(rng, DType.FLOAT32, shape);
    }

    /** Matrix {@code index} of a stack of {@code rows × cols} matrices, as its own 2-D tensor. */
    private static Tensor matrix(Tensor stack, int index, int rows, int cols) {
        float[] all = stack.toFloatArray();
        return Tensor.of(Arrays.copyOfRange(all, index * rows * cols, (index + 1) * rows * cols), rows, cols);
    }

    @Test
    void eachMatrixOfABatchEqualsItsOwnProductBitForBit() {
        for (int[] s : SIZES) {
            int m = s[0], n = s[1], k = s[2];
            for (int batch : new int[] {1, 3}) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) == 1, tb = (t & 2) == 2;
                    int[] aShape = ta ? new int[] {batch, k, m} : new int[] {batch, m, k};
                    int[] bShape = tb ? new int[] {batch, n, k} : new int[] {batch, k, n};
                    Tensor a = randn(aShape);
                    Tensor b = randn(bShape);
                    Tensor z = LinearAlgebra.matmul(a, b, ta, tb);
                    assertArrayEquals(new int[] {batch, m, n}, z.shape());
                    for (int i = 0; i < batch; i++) {
                        Tensor ai = matrix(a, i, aShape[1], aShape[2]);
                        Tensor bi = matrix(b, i, bShape[1], bShape[2]);
                        Tensor expected = LinearAlgebra.matmul(ai, bi, ta, tb);
                        assertArrayEquals(expected.toFloatArray(), matrix(z, i, m, n).toFloatArray(),
                                Arrays.toString(s) + " batch " + batch + " matrix " + i + " transA=" + ta + " transB=" + tb);
                        checkNaive(ai, bi, ta, tb, matrix(z, i, m, n), m, n, k);
                    }
                }
            }
        }
    }

    @Test
    void broadcastBatchesReuseTheSharedOperandBitForBit() {
        Tensor a = randn(2, 1, 17, 10);
        Tensor b = randn(3, 7, 10);
        Tensor z = LinearAlgebra.matmul(a, b, false, true);
        assertArrayEquals(new int[] {2, 3, 17, 7}, z.shape());
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                Tensor expected = LinearAlgebra.matmul(matrix(a, i, 17, 10), matrix(b, j, 7, 10), false, true);
                assertArrayEquals(expected.toFloatArray(), matrix(z, i * 3 + j, 17, 7).toFloatArray(),
                        "batch (" + i + ", " + j + ")");
            }
        }
    }

    /** |z − naive| ≤ 2·γ_{k+1}·Σₚ|a||b| elementwise, the naive product taken in double. */
    private static void checkNaive(Tensor a, Tensor b, boolean ta, boolean tb, Tensor z, int m, int n, int k) {
        float[] av = a.toFloatArray(), bv = b.toFloatArray(), zv = z.toFloatArray();
        double u = 0x1p-24;
        double gamma = (k + 1) * u / (1 - (k + 1) * u);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? av[p * m + i] : av[i * k + p];
                    double y = tb ? bv[j * k + p] : bv[p * n + j];
                    sum += x * y;
                    magnitude += Math.abs(x * y);
                }
                assertEquals(sum, zv[i * n + j], 2 * gamma * magnitude, "element (" + i + ", " + j + ")");
            }
        }
    }
}

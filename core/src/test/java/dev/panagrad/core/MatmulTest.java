package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.check.GradCheck;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** matmul, dot and outer: PyTorch's shape semantics, values, error messages, and the transposed-operand gradients. */
class MatmulTest {
    private final Rng rng = new Rng(2026);

    private Tensor randn(int... shape) {
        return Tensor.randn(rng, DType.FLOAT64, shape);
    }

    /** Reference product of the matrices at batch offsets, in plain loops: [m,k]·[k,n]. */
    private static double[] naive(double[] a, int aOff, double[] b, int bOff, int m, int k, int n) {
        double[] c = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    c[i * n + j] += a[aOff + i * k + p] * b[bOff + p * n + j];
                }
            }
        }
        return c;
    }

    @Test
    void vectorTimesVectorIsTheirDotProductAsAScalar() {
        Tensor z = Tensor.of(new double[] {1, 2, 3}, 3).matmul(Tensor.of(new double[] {4, 5, 6}, 3));
        assertArrayEquals(new int[] {}, z.shape());
        assertEquals(32, z.item());
    }

    @Test
    void matrixTimesVectorDropsTheVectorsDimension() {
        Tensor z = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3).matmul(Tensor.of(new double[] {1, 0, -1}, 3));
        assertArrayEquals(new int[] {2}, z.shape());
        assertArrayEquals(new double[] {-2, -2}, z.toDoubleArray());
    }

    @Test
    void vectorTimesMatrixDropsTheVectorsDimension() {
        Tensor z = Tensor.of(new double[] {1, -1}, 2).matmul(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
        assertArrayEquals(new int[] {3}, z.shape());
        assertArrayEquals(new double[] {-3, -3, -3}, z.toDoubleArray());
    }

    @Test
    void vectorTimesBatchAndBatchTimesVectorKeepTheBatch() {
        assertArrayEquals(new int[] {2, 6}, randn(4).matmul(randn(2, 4, 6)).shape());
        assertArrayEquals(new int[] {2, 3}, randn(2, 3, 4).matmul(randn(4)).shape());
    }

    @Test
    void batchDimsBroadcastAsInPyTorch() {
        Tensor a = randn(2, 1, 3, 4);
        Tensor b = randn(5, 4, 6);
        Tensor z = a.matmul(b);
        assertArrayEquals(new int[] {2, 5, 3, 6}, z.shape());
        double[] av = a.toDoubleArray(), bv = b.toDoubleArray(), zv = z.toDoubleArray();
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 5; j++) {
                double[] expected = naive(av, i * 12, bv, j * 24, 3, 4, 6);
                for (int e = 0; e < 18; e++) {
                    assertEquals(expected[e], zv[(i * 5 + j) * 18 + e], 1e-12, "batch (" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void batchTimesSharedMatrixEqualsEachMatrixTimesIt() {
        Tensor a = randn(3, 5, 4);
        Tensor w = randn(4, 2);
        double[] zv = a.matmul(w).toDoubleArray();
        for (int t = 0; t < 3; t++) {
            double[] expected = naive(a.toDoubleArray(), t * 20, w.toDoubleArray(), 0, 5, 4, 2);
            for (int e = 0; e < 10; e++) {
                assertEquals(expected[e], zv[t * 10 + e], 1e-12);
            }
        }
    }

    @Test
    void float32ProductOfLayerSizeAgreesWithFloat64() {
        Tensor a = randn(64, 784);
        Tensor b = randn(784, 100);
        double[] exact = a.matmul(b).toDoubleArray();
        double[] single = a.to(DType.FLOAT32).matmul(b.to(DType.FLOAT32)).toDoubleArray();
        for (int i = 0; i < exact.length; i++) {
            assertEquals(exact[i], single[i], 1e-4 * Math.sqrt(784) * 4, "element " + i);
        }
    }

    @Test
    void emptyInnerDimensionGivesZeros() {
        Tensor z = Tensor.zeros(DType.FLOAT32, 2, 0).matmul(Tensor.zeros(DType.FLOAT32, 0, 3));
        assertArrayEquals(new int[] {2, 3}, z.shape());
        assertArrayEquals(new double[6], z.toDoubleArray());
    }

    @Test
    void outerAndDotFollowTheirDefinitions() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2);
        Tensor y = Tensor.of(new double[] {3, 4, 5}, 3);
        Tensor o = x.outer(y);
        assertArrayEquals(new int[] {2, 3}, o.shape());
        assertArrayEquals(new double[] {3, 4, 5, 6, 8, 10}, o.toDoubleArray());
        assertEquals(11, x.dot(Tensor.of(new double[] {3, 4}, 2)).item());
    }

    @Test
    void innerMismatchNamesBothShapesAndDimensions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(64, 784).matmul(Tensor.zeros(100, 10)));
        assertEquals("matmul: cannot multiply [64, 784] by [100, 10]: inner dimensions 784 and 100 differ", e.getMessage());
    }

    @Test
    void otherBadOperandsGetMessagesNamingTheProblem() {
        assertMessage("matmul: both arguments need at least one dimension, got [] and [3]; use mul for scalars",
                () -> Tensor.scalar(1).matmul(Tensor.zeros(3)));
        assertMessage("matmul: cannot multiply [2, 2, 3] by [3, 3, 2]: batch dimensions [2] and [3] do not broadcast",
                () -> Tensor.zeros(2, 2, 3).matmul(Tensor.zeros(3, 3, 2)));
        assertMessage("matmul: dtype mismatch, FLOAT32 [2, 3] and FLOAT64 [3, 2]; convert one with to(...)",
                () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(DType.FLOAT64, 3, 2)));
        assertMessage("dot: cannot multiply [3] by [4]: lengths 3 and 4 differ", () -> Tensor.zeros(3).dot(Tensor.zeros(4)));
        assertMessage("dot: expected two 1-D tensors, got [2, 3] and [3]; use matmul for matrices",
                () -> Tensor.zeros(2, 3).dot(Tensor.zeros(3)));
        assertMessage("outer: expected two 1-D tensors, got [] and [3]", () -> Tensor.scalar(2).outer(Tensor.zeros(3)));
    }

    private static void assertMessage(String expected, Runnable call) {
        assertEquals(expected, assertThrows(IllegalArgumentException.class, call::run).getMessage());
    }

    @Test
    void transposedOperandVariantsCompute_opA_times_opB() {
        Tensor a = randn(3, 4);
        Tensor b = randn(4, 5);
        Tensor plain = LinearAlgebra.matmul(a, b, false, false);
        double[] at = transpose(a.toDoubleArray(), 3, 4);
        double[] bt = transpose(b.toDoubleArray(), 4, 5);
        Tensor aT = Tensor.of(at, 4, 3);
        Tensor bT = Tensor.of(bt, 5, 4);
        assertArrayEquals(plain.toDoubleArray(), LinearAlgebra.matmul(aT, b, true, false).toDoubleArray(), 1e-12);
        assertArrayEquals(plain.toDoubleArray(), LinearAlgebra.matmul(a, bT, false, true).toDoubleArray(), 1e-12);
        assertArrayEquals(plain.toDoubleArray(), LinearAlgebra.matmul(aT, bT, true, true).toDoubleArray(), 1e-12);
    }

    private static double[] transpose(double[] x, int rows, int cols) {
        double[] t = new double[x.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j * rows + i] = x[i * cols + j];
            }
        }
        return t;
    }

    @Test
    void gradientsOfEveryTransposeVariantMatchFiniteDifferences() {
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Tensor a = ta ? randn(2, 1, 4, 3) : randn(2, 1, 3, 4);
                Tensor b = tb ? randn(3, 5, 4) : randn(3, 4, 5);
                GradCheck.gradcheck(in -> LinearAlgebra.matmul(in.get(0), in.get(1), ta, tb), List.of(a, b));
            }
        }
    }

    @Test
    void secondDerivativesOfEveryTransposeVariantMatchFiniteDifferences() {
        // d/da Σ (op(a)·op(b))² is itself a function of a and b; checking its gradient checks the
        // gradient of matmul's gradient rule (which calls matmul with other flags).
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Tensor a = ta ? randn(4, 3) : randn(3, 4);
                Tensor b = tb ? randn(2, 5, 4) : randn(2, 4, 5);
                GradCheck.gradcheck(in -> {
                    try (Tape tape = Tape.record()) {
                        Tensor x = tape.watch(in.get(0));
                        Tensor y = tape.watch(in.get(1));
                        Tensor z = LinearAlgebra.matmul(x, y, ta, tb);
                        return tape.gradient(z.mul(z).sum(), x).get(x);
                    }
                }, List.of(a, b));
            }
        }
    }

    @Test
    void adjointIdentityHoldsForMatmulInFloat64() {
        // ⟨J·u, v⟩ = ⟨u, Jᵀ·v⟩ for (a, b) ↦ a·b, with J·u = du_a·b + a·du_b computed by plain loops.
        int[][][] shapes = {{{3, 4}, {4, 5}}, {{2, 1, 3, 4}, {5, 4, 6}}, {{7}, {7, 2}}, {{6, 7}, {7}}, {{9}, {9}}};
        for (int[][] s : shapes) {
            Tensor a = randn(s[0]), b = randn(s[1]);
            Tensor ua = randn(s[0]), ub = randn(s[1]);
            Tensor z;
            Gradients g;
            Tensor v;
            try (Tape tape = Tape.record()) {
                tape.watch(a);
                tape.watch(b);
                z = a.matmul(b);
                v = randn(z.shape());
                g = tape.gradient(z, v, List.of(a, b));
            }
            double ju = inner(ua.matmul(b).add(a.matmul(ub)).detach(), v);
            double jtv = inner(ua, g.get(a)) + inner(ub, g.get(b));
            double jvDirect = directional(a, b, ua, ub, v, s);
            assertEquals(jvDirect, ju, 1e-12 * Math.max(1, Math.abs(jvDirect)), "J·u by loops vs by matmul");
            assertTrue(Math.abs(ju - jtv) <= 1e-12 * Math.max(Math.abs(ju), Math.abs(jtv)),
                    Arrays.deepToString(s) + ": ⟨Ju, v⟩ = " + ju + " vs ⟨u, Jᵀv⟩ = " + jtv);
        }
    }

    /** ⟨du_a·b + a·du_b, v⟩ for 2-D operands by loops (other shapes go through matmul, checked above). */
    private static double directional(Tensor a, Tensor b, Tensor ua, Tensor ub, Tensor v, int[][] s) {
        if (s[0].length != 2 || s[1].length != 2) {
            return inner(ua.matmul(b).add(a.matmul(ub)), v);
        }
        int m = s[0][0], k = s[0][1], n = s[1][1];
        double[] x = naive(ua.toDoubleArray(), 0, b.toDoubleArray(), 0, m, k, n);
        double[] y = naive(a.toDoubleArray(), 0, ub.toDoubleArray(), 0, m, k, n);
        double[] w = v.toDoubleArray();
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            sum += (x[i] + y[i]) * w[i];
        }
        return sum;
    }

    private static double inner(Tensor x, Tensor y) {
        double[] a = x.toDoubleArray(), b = y.toDoubleArray();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}

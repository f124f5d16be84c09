package dev.panagrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import org.junit.jupiter.api.Test;

class InitTest {
    private static double[] stats(Tensor t) {
        double[] v = t.toDoubleArray();
        double mean = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (double x : v) {
            mean += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        mean /= v.length;
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(var / v.length), min, max};
    }

    @Test
    void gainsArePyTorchs() {
        assertEquals(1.0, Init.calculateGain(Init.Nonlinearity.SIGMOID));
        assertEquals(5.0 / 3, Init.calculateGain(Init.Nonlinearity.TANH));
        assertEquals(Math.sqrt(2), Init.calculateGain(Init.Nonlinearity.RELU));
        assertEquals(Math.sqrt(2 / (1 + 0.2 * 0.2)), Init.calculateGain(Init.Nonlinearity.LEAKY_RELU, 0.2), 1e-15);
        assertEquals(0.75, Init.calculateGain(Init.Nonlinearity.SELU));
    }

    @Test
    void fansCountTheReceptiveField() {
        Tensor conv = Tensor.zeros(16, 8, 3, 5);
        assertEquals(8 * 15, Init.fanIn(conv));
        assertEquals(16 * 15, Init.fanOut(conv));
        assertThrows(IllegalArgumentException.class, () -> Init.fanIn(Tensor.zeros(4)));
    }

    @Test
    void kaimingUniformFillsItsBound() {
        Tensor w = Init.kaimingUniform(Tensor.zeros(DType.FLOAT64, 200, 50), 0, Init.FanMode.FAN_IN,
                Init.Nonlinearity.RELU, new Rng(1));
        double bound = Math.sqrt(2) * Math.sqrt(3.0 / 50);
        double[] s = stats(w);
        assertTrue(s[2] >= -bound && s[3] <= bound);
        assertTrue(s[2] < -0.98 * bound && s[3] > 0.98 * bound, "samples should reach the ends of the range");
        assertEquals(bound / Math.sqrt(3), s[1], 0.02 * bound);
    }

    @Test
    void kaimingNormalAndXavierHaveTheirStandardDeviations() {
        double[] k = stats(Init.kaimingNormal(Tensor.zeros(DType.FLOAT64, 300, 100), 0, Init.FanMode.FAN_OUT,
                Init.Nonlinearity.RELU, new Rng(2)));
        assertEquals(Math.sqrt(2.0 / 300), k[1], 0.02 * Math.sqrt(2.0 / 300));
        double[] x = stats(Init.xavierNormal(Tensor.zeros(DType.FLOAT64, 300, 100), 2.0, new Rng(3)));
        assertEquals(2.0 * Math.sqrt(2.0 / 400), x[1], 0.02 * 2.0 * Math.sqrt(2.0 / 400));
        double a = Math.sqrt(6.0 / 400);
        double[] u = stats(Init.xavierUniform(Tensor.zeros(DType.FLOAT64, 300, 100), 1.0, new Rng(4)));
        assertTrue(u[2] >= -a && u[3] <= a && u[3] > 0.98 * a);
    }

    @Test
    void orthogonalRowsOrColumnsAreOrthonormal() {
        for (int[] shape : new int[][] {{6, 4}, {4, 6}, {3, 2, 2}}) {
            Tensor q = Init.orthogonal(Tensor.zeros(DType.FLOAT64, shape), 1.5, new Rng(5)).reshape(shape[0], -1);
            boolean wide = q.size(0) < q.size(1);
            Tensor gram = wide ? q.matmul(q.t()) : q.t().matmul(q);
            int n = gram.size(0);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(i == j ? 2.25 : 0, gram.get(i, j), 1e-12);
                }
            }
        }
    }

    @Test
    void sameSeedGivesTheSameWeights() {
        Linear a = new Linear(10, 7, new Rng(42));
        Linear b = new Linear(10, 7, new Rng(42));
        assertEquals(java.util.Arrays.toString(a.weight().toFloatArray()), java.util.Arrays.toString(b.weight().toFloatArray()));
    }

    @Test
    void linearDefaultsToPyTorchsUniformBounds() {
        Linear layer = new Linear(64, 512, new Rng(7));
        double bound = 1 / Math.sqrt(64);
        double[] w = stats(layer.weight());
        double[] b = stats(layer.bias());
        assertTrue(w[2] >= -bound && w[3] <= bound && w[3] > 0.98 * bound);
        assertTrue(b[2] >= -bound && b[3] <= bound && b[3] > 0.9 * bound);
    }

    @Test
    void constantsFill() {
        assertEquals(3.5, Init.constant(Tensor.zeros(2, 2), 3.5).get(1, 1));
        assertEquals(1.0, Init.ones(Tensor.zeros(3)).get(2));
        assertEquals(0.0, Init.zeros(Tensor.ones(3)).get(0));
    }
}

package dev.panagrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Gradients;
import dev.panagrad.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gradient clipping as clip_grad_norm_ / clip_grad_value_: gradients [3, 4] and [-12] have 2-norm 13. */
class ClipGradTest {
    private final Tensor a = Tensor.zeros(DType.FLOAT64, 2).requiresGrad(true);
    private final Tensor b = Tensor.zeros(DType.FLOAT64, 1).requiresGrad(true);
    private final Gradients grads = Gradients.of(List.of(a, b),
            List.of(Tensor.of(new double[] {3, 4}, 2), Tensor.of(new double[] {-12}, 1)));

    @Test
    void scalesAllGradientsByMaxNormOverTheTotalNorm() {
        ClipGrad.ClippedGradients clipped = ClipGrad.clipGradNorm(grads, 1.3);
        assertEquals(13.0, clipped.totalNorm(), 1e-15);
        double coef = 1.3 / (13 + 1e-6);
        assertArrayEquals(new double[] {3 * coef, 4 * coef}, clipped.gradients().get(a).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {-12 * coef}, clipped.gradients().get(b).toDoubleArray(), 1e-15);
        assertEquals(1.3, ClipGrad.totalNorm(clipped.gradients(), 2), 1e-6);
    }

    @Test
    void leavesGradientsBitwiseUnchangedBelowMaxNorm() {
        ClipGrad.ClippedGradients clipped = ClipGrad.clipGradNorm(grads, 13.5);
        assertArrayEquals(new double[] {3, 4}, clipped.gradients().get(a).toDoubleArray(), 0);
        assertArrayEquals(new double[] {-12}, clipped.gradients().get(b).toDoubleArray(), 0);
    }

    @Test
    void doesNotChangeTheGivenGradients() {
        ClipGrad.clipGradNorm(grads, 0.1);
        assertArrayEquals(new double[] {3, 4}, grads.get(a).toDoubleArray(), 0);
    }

    @Test
    void infinityNormIsTheLargestMagnitude() {
        ClipGrad.ClippedGradients clipped = ClipGrad.clipGradNorm(grads, 6, Double.POSITIVE_INFINITY);
        assertEquals(12.0, clipped.totalNorm());
        double coef = 6 / (12 + 1e-6);
        assertArrayEquals(new double[] {3 * coef, 4 * coef}, clipped.gradients().get(a).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {-12 * coef}, clipped.gradients().get(b).toDoubleArray(), 1e-15);
    }

    @Test
    void otherNormTypesCombinePerTensorNorms() {
        assertEquals(19.0, ClipGrad.totalNorm(grads, 1), 1e-14);
        assertEquals(Math.cbrt(27 + 64 + 1728), ClipGrad.totalNorm(grads, 3), 1e-12);
        assertEquals(3.0, ClipGrad.totalNorm(grads, Double.NEGATIVE_INFINITY));
        assertEquals(2.0, ClipGrad.totalNorm(grads, 0), "norm 0 of the per-tensor counts [2, 1]: two non-zeros");
    }

    @Test
    void float32GradientsStayFloat32() {
        Tensor p = Tensor.zeros(DType.FLOAT32, 2);
        Gradients g = Gradients.of(List.of(p), List.of(Tensor.of(new float[] {3, 4}, 2)));
        ClipGrad.ClippedGradients clipped = ClipGrad.clipGradNorm(g, 1);
        assertEquals(DType.FLOAT32, clipped.gradients().get(p).dtype());
        assertArrayEquals(new float[] {0.6f, 0.8f}, clipped.gradients().get(p).toFloatArray(), 1e-6f);
        assertEquals(5.0, clipped.totalNorm(), 1e-6);
    }

    @Test
    void aNonFiniteNormIsAnErrorOnlyWhenAsked() {
        Gradients bad = Gradients.of(List.of(a), List.of(Tensor.of(new double[] {Double.NaN, 1}, 2)));
        String m = assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradNorm(bad, 1, 2, true)).getMessage();
        assertTrue(m.contains("The total norm of order 2 for gradients from `parameters` is non-finite"), m);
        ClipGrad.ClippedGradients clipped = ClipGrad.clipGradNorm(bad, 1, 2, false);
        assertTrue(Double.isNaN(clipped.totalNorm()));
        assertTrue(Double.isNaN(clipped.gradients().get(a).get(1)));
    }

    @Test
    void emptyGradientsHaveNormZero() {
        Gradients empty = Gradients.of(List.of(), List.of());
        ClipGrad.ClippedGradients clipped = ClipGrad.clipGradNorm(empty, 1);
        assertEquals(0.0, clipped.totalNorm());
        assertSame(empty, clipped.gradients());
    }

    @Test
    void clipGradValueClampsEachElement() {
        Gradients clipped = ClipGrad.clipGradValue(grads, 3.5);
        assertArrayEquals(new double[] {3, 3.5}, clipped.get(a).toDoubleArray(), 0);
        assertArrayEquals(new double[] {-3.5}, clipped.get(b).toDoubleArray(), 0);
    }

    @Test
    void negativeLimitsAreRefused() {
        assertEquals("clipGradNorm: max_norm must be non-negative, got -1",
                assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradNorm(grads, -1)).getMessage());
        assertEquals("clipGradValue: clip_value must be non-negative, got -0.5",
                assertThrows(IllegalArgumentException.class, () -> ClipGrad.clipGradValue(grads, -0.5)).getMessage());
    }

    @Test
    void clippedGradientsDriveAnOptimizerStep() {
        SGD sgd = new SGD(List.of(a, b), 1.0);
        sgd.step(ClipGrad.clipGradNorm(grads, 1.3).gradients());
        double coef = 1.3 / (13 + 1e-6);
        assertArrayEquals(new double[] {-3 * coef, -4 * coef}, a.toDoubleArray(), 1e-15);
    }
}

package dev.panagrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Domain;
import dev.panagrad.core.check.GradCheck;
import dev.panagrad.core.check.Property;
import dev.panagrad.core.check.TensorGen;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LayerNorm against values derived by hand from PyTorch's formula: for each leading index,
 * y = (x − μ)/√(σ² + ε)·γ + β with μ and the biased σ² over the trailing normalized dims.
 */
class LayerNormTest {
    private static final double EPS = 1e-5;

    private static void assertClose(double[] expected, Tensor actual, double tol) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, "element count");
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], tol * (1 + Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void normalisesEachRowOverTheLastDimWithTheBiasedVariance() {
        LayerNorm ln = (LayerNorm) new LayerNorm(3).to(DType.FLOAT64);
        ln.weight().assign(Tensor.of(new double[] {1, 2, 3}, 3));
        ln.bias().assign(Tensor.of(new double[] {0, 1, -1}, 3));
        // row 0: 1, 2, 3 (μ 2, σ² 2/3); row 1: 2, 2, 8 (μ 4, σ² 8)
        Tensor y = ln.forward(Tensor.of(new double[] {1, 2, 3, 2, 2, 8}, 2, 3));
        double s0 = Math.sqrt(2.0 / 3 + EPS);
        double s1 = Math.sqrt(8 + EPS);
        assertClose(new double[] {-1 / s0, 2 * 0 / s0 + 1, 3 * 1 / s0 - 1, -2 / s1, 2 * -2 / s1 + 1, 3 * 4 / s1 - 1}, y, 1e-12);
    }

    @Test
    void normalisesOverSeveralTrailingDims() {
        LayerNorm ln = (LayerNorm) new LayerNorm(2, 2).to(DType.FLOAT64);
        // one sample [2, 2] holding 1, 2, 3, 4: μ 2.5, σ² 1.25
        Tensor y = ln.forward(Tensor.of(new double[] {1, 2, 3, 4}, 1, 2, 2));
        double s = Math.sqrt(1.25 + EPS);
        assertClose(new double[] {-1.5 / s, -0.5 / s, 0.5 / s, 1.5 / s}, y, 1e-12);
    }

    @Test
    void withoutAffineEveryNormalisedSliceHasMeanZeroAndVarianceOne() {
        Property.forAll(TensorGen.tensors(TensorGen.shapes(2, 3, 2, 6), Domain.bounded(-3, 3), DType.FLOAT64), 50, x -> {
            int last = x.size(-1);
            LayerNorm ln = new LayerNorm(new int[] {last}, LayerNorm.options().eps(0).elementwiseAffine(false));
            Tensor y = ln.forward(x);
            double[] mean = y.mean(-1, false).toDoubleArray();
            double[] var = y.var(new int[] {-1}, 0, false).toDoubleArray();
            double[] spread = x.var(new int[] {-1}, 0, false).toDoubleArray();
            for (int i = 0; i < mean.length; i++) {
                if (spread[i] > 1e-6) {
                    assertEquals(0, mean[i], 1e-9, "mean of slice " + i);
                    assertEquals(1, var[i], 1e-9, "variance of slice " + i);
                }
            }
        });
    }

    @Test
    void isTheSameInTrainingAndEvaluation() {
        LayerNorm ln = new LayerNorm(3);
        Tensor x = Tensor.of(new float[] {1, 5, 2, 0, 0, 1}, 2, 3);
        assertArrayEquals(ln.train().forward(x).toFloatArray(), ln.eval().forward(x).toFloatArray());
    }

    @Test
    void defaultsArePyTorchs() {
        LayerNorm ln = new LayerNorm(2, 3);
        assertArrayEquals(new int[] {2, 3}, ln.weight().shape());
        assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, ln.weight().toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0}, ln.bias().toFloatArray());
        assertEquals(1e-5, ln.settings().eps());
        assertEquals("LayerNorm((2, 3), eps=1e-05, elementwise_affine=True)", ln.toString());
        assertEquals("LayerNorm((4,), eps=1e-06, elementwise_affine=False)",
                new LayerNorm(new int[] {4}, LayerNorm.options().eps(1e-6).elementwiseAffine(false)).toString());
    }

    @Test
    void biasFalseKeepsOnlyTheWeight() {
        LayerNorm ln = new LayerNorm(new int[] {4}, LayerNorm.options().bias(false));
        assertNull(ln.bias());
        assertEquals(List.of("weight"), List.copyOf(ln.stateDict().keySet()));
    }

    @Test
    void gradientsAreDifferentiableAgain() {
        GradCheck.gradgradcheck(in -> Normalization.layerNorm(in.get(0), new int[] {3}, in.get(1), in.get(2), EPS),
                List.of(Tensor.of(new double[] {0.3, -1.2, 2.0, 0.5, 0.1, -0.7}, 2, 3),
                        Tensor.of(new double[] {1.5, 0.5, -1}, 3), Tensor.of(new double[] {0.1, 0.2, 0.3}, 3)));
    }

    @Test
    void wrongTrailingShapeNamesTheLayerAndTheShape() {
        LayerNorm ln = new LayerNorm(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ln.forward(Tensor.zeros(3, 5)));
        assertTrue(e.getMessage().startsWith("LayerNorm((4,)") && e.getMessage().contains("[*, 4]")
                && e.getMessage().contains("[3, 5]"), e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class,
                () -> Normalization.layerNorm(Tensor.zeros(3, 5), new int[] {4}, null, null, EPS));
        assertTrue(f.getMessage().startsWith("layerNorm:"), f.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm());
        assertThrows(IllegalArgumentException.class, () -> new LayerNorm(3, 0));
    }
}

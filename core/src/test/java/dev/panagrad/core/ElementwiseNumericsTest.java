package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Numerics of the element-wise family: stability at extreme inputs, conventions at kinks, IEEE special values, AUTO-08. */
class ElementwiseNumericsTest {

    /** d/dx of Σ f(x), by the tape. */
    static Tensor gradient(Tensor x, UnaryOperator<Tensor> f) {
        try (Tape tape = Tape.record()) {
            tape.watch(x);
            return tape.gradient(f.apply(x).sum(), x).get(x);
        }
    }

    static void assertAllFinite(Tensor t) {
        for (double v : t.toDoubleArray()) {
            assertTrue(Double.isFinite(v), () -> "not finite: " + t);
        }
    }

    // ------------------------------------------------------------------ stability at |x| = 1e4 (float32)

    @Test
    void sigmoidIsFiniteAndExactAtPlusMinusTenThousandInFloat32() {
        Tensor x = Tensor.of(new float[] {-1e4f, -100f, 0f, 100f, 1e4f}, 5);
        float[] s = x.sigmoid().toFloatArray();
        assertArrayEquals(new float[] {0f, (float) Math.exp(-100), 0.5f, 1f, 1f}, s);
        Tensor g = gradient(x, Tensor::sigmoid);
        assertAllFinite(g);
        assertEquals(0.25, g.get(2));
        assertEquals(0.0, g.get(4));
    }

    @Test
    void softplusIsFiniteAndExactAtPlusMinusTenThousandInFloat32() {
        Tensor x = Tensor.of(new float[] {-1e4f, -50f, 0f, 50f, 1e4f}, 5);
        float[] s = x.softplus().toFloatArray();
        assertArrayEquals(new float[] {0f, (float) Math.exp(-50), (float) Math.log(2), 50f, 1e4f}, s);
        assertAllFinite(gradient(x, Tensor::softplus));
    }

    @Test
    void softplusDoesNotOverflowEvenWithAHugeThreshold() {
        Tensor x = Tensor.of(new float[] {1e4f, 200f}, 2);
        assertArrayEquals(new float[] {1e4f, 200f}, x.softplus(1, 1e9).toFloatArray());
        assertArrayEquals(new double[] {1, 1}, gradient(x, t -> t.softplus(1, 1e9)).toDoubleArray());
    }

    @Test
    void softplusIsLinearAboveItsThreshold() {
        Tensor x = Tensor.of(new double[] {10.5, 9.5}, 2);
        double[] z = x.softplus(2, 20).toDoubleArray();
        assertEquals(10.5, z[0]);
        assertEquals(Math.log1p(Math.exp(19)) / 2, z[1], 1e-15);
    }

    @Test
    void tanhSaturatesCleanlyWithAZeroGradient() {
        Tensor x = Tensor.of(new float[] {-1e4f, -20f, 20f, 1e4f}, 4);
        assertArrayEquals(new float[] {-1f, -1f, 1f, 1f}, x.tanh().toFloatArray());
        assertArrayEquals(new double[] {0, 0, 0, 0}, gradient(x, Tensor::tanh).toDoubleArray());
    }

    @Test
    void siluAndEluAreFiniteAtPlusMinusTenThousand() {
        Tensor x = Tensor.of(new float[] {-1e4f, 1e4f}, 2);
        assertArrayEquals(new float[] {-0f, 1e4f}, x.silu().toFloatArray());
        assertArrayEquals(new float[] {-1f, 1e4f}, x.elu().toFloatArray());
        assertAllFinite(gradient(x, Tensor::silu));
        assertAllFinite(gradient(x, Tensor::elu));
    }

    // ------------------------------------------------------------------ erf and GELU accuracy

    @Test
    void erfMatchesKnownValuesToFullDoublePrecision() {
        double[] x = {0.1, 0.5, 1, 2, 2.5, 3, 4, 5};
        // erf to 16 digits (reference values computed independently in 50-digit arithmetic)
        double[] erf = {0.1124629160182849, 0.5204998778130465, 0.8427007929497149, 0.9953222650189527, 0.9995930479825550,
                0.9999779095030014, 0.9999999845827421, 0.9999999999984626};
        Tensor z = Tensor.of(x, x.length).erf();
        for (int i = 0; i < x.length; i++) {
            assertEquals(erf[i], z.get(i), 4 * Math.ulp(erf[i]), "erf(" + x[i] + ")");
            assertEquals(-erf[i], Tensor.of(new double[] {-x[i]}, 1).erf().get(0), 4 * Math.ulp(erf[i]));
        }
    }

    @Test
    void erfHandlesSpecialValues() {
        Tensor x = Tensor.of(new double[] {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 30}, 6);
        double[] z = x.erf().toDoubleArray();
        assertEquals(0.0, z[0]);
        assertEquals(-0.0, z[1]);
        assertEquals(1.0, z[2]);
        assertEquals(-1.0, z[3]);
        assertTrue(Double.isNaN(z[4]));
        assertEquals(1.0, z[5]);
    }

    @Test
    void geluIsAccurateForLargeNegativeInputs() {
        // x·Φ(x) with Φ(−10) = ½·erfc(10/√2) = 7.619853024160527e-24: no cancellation to 0
        assertEquals(-7.619853024160527e-23, Tensor.of(new double[] {-10}, 1).gelu().item(), 1e-12 * 7.6e-23);
        assertEquals(-7.619853024160527e-23f, (float) Tensor.of(new float[] {-10f}, 1).gelu().item(), 1e-6 * 7.6e-23);
    }

    @Test
    void geluMatchesPyTorchReferenceValues() {
        Tensor x = Tensor.of(new double[] {-1, 1, 3}, 3);
        assertArrayEquals(new double[] {-0.15865525393145707, 0.8413447460685429, 2.99595030590511}, x.gelu().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {-0.15880800939172324, 0.8411919906082768, 2.996362607918227},
                x.gelu("tanh").toDoubleArray(), 1e-15);
    }

    @Test
    void erfGradientIsTwoOverRootPiTimesGaussian() {
        Tensor x = Tensor.of(new double[] {0, 1, 10}, 3);
        assertArrayEquals(new double[] {2 / Math.sqrt(Math.PI), 2 / Math.sqrt(Math.PI) * Math.exp(-1), 0},
                gradient(x, Tensor::erf).toDoubleArray(), 1e-15);
    }

    // ------------------------------------------------------------------ conventions at kinks

    @Test
    void reluDerivativeAtZeroIsZero() {
        Tensor x = Tensor.of(new double[] {-1, 0, -0.0, 1}, 4);
        assertArrayEquals(new double[] {0, 0, 0, 1}, gradient(x, Tensor::relu).toDoubleArray());
    }

    @Test
    void absDerivativeAtZeroIsZero() {
        Tensor x = Tensor.of(new double[] {-2, 0, -0.0, 3}, 4);
        assertArrayEquals(new double[] {-1, 0, 0, 1}, gradient(x, Tensor::abs).toDoubleArray(), 0.0);
    }

    @Test
    void signHasAZeroGradientEverywhere() {
        Tensor x = Tensor.of(new double[] {-2, 0, 3}, 3);
        assertArrayEquals(new double[] {0, 0, 0}, gradient(x, Tensor::sign).toDoubleArray());
    }

    @Test
    void leakyReluDerivativeAtZeroIsTheNegativeSlope() {
        Tensor x = Tensor.of(new double[] {-1, 0, 1}, 3);
        assertArrayEquals(new double[] {0.2, 0.2, 1}, gradient(x, t -> t.leakyRelu(0.2)).toDoubleArray());
        assertArrayEquals(new double[] {-0.01, 0, 1}, x.leakyRelu().toDoubleArray());
    }

    @Test
    void clampGradientPassesInsideAndOnTheBounds() {
        Tensor x = Tensor.of(new double[] {-2, -1, 0, 1, 2}, 5);
        assertArrayEquals(new double[] {0, 1, 1, 1, 0}, gradient(x, t -> t.clamp(-1, 1)).toDoubleArray());
        assertArrayEquals(new double[] {0, 1, 1, 1, 1}, gradient(x, t -> t.clampMin(-1)).toDoubleArray());
        assertArrayEquals(new double[] {1, 1, 1, 1, 0}, gradient(x, t -> t.clampMax(1)).toDoubleArray());
    }

    @Test
    void maximumAndMinimumSplitTheGradientEvenlyAtTies() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3);
        Tensor y = Tensor.of(new double[] {2, 2, 2}, 3);
        for (boolean max : new boolean[] {true, false}) {
            try (Tape tape = Tape.record()) {
                tape.watch(x);
                tape.watch(y);
                Tensor z = max ? x.maximum(y) : x.minimum(y);
                Gradients g = tape.gradient(z.sum(), x, y);
                assertArrayEquals(max ? new double[] {0, 0.5, 1} : new double[] {1, 0.5, 0}, g.get(x).toDoubleArray());
                assertArrayEquals(max ? new double[] {1, 0.5, 0} : new double[] {0, 0.5, 1}, g.get(y).toDoubleArray());
            }
        }
    }

    // ------------------------------------------------------------------ AUTO-08: no NaN from a masked branch

    static final double[] SPECIAL_POINTS = {0.0, -0.0, 1e-45, 1e-300, -1, 2.5};

    @Test
    void whereOfSqrtHasAFiniteGradientAtZeroAndTinyInputs() {
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor x = Tensor.of(SPECIAL_POINTS, SPECIAL_POINTS.length).to(dtype);
            Tensor g = gradient(x, t -> Tensor.where(t.gt(0), t.sqrt(), Tensor.zerosLike(t)));
            assertAllFinite(g);
            assertEquals(0.0, g.get(0));
            assertEquals(0.0, g.get(1));
            assertEquals(0.0, g.get(4));
            assertEquals(0.5 / Math.sqrt(2.5), g.get(5), 1e-6);
        }
    }

    @Test
    void whereOfLogHasAFiniteGradientAtZero() {
        Tensor x = Tensor.of(SPECIAL_POINTS, SPECIAL_POINTS.length);
        Tensor g = gradient(x, t -> Tensor.where(t.lt(1), t, t.log()));
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1 / 2.5}, g.toDoubleArray());
    }

    @Test
    void maskedSingularRulesGiveFiniteGradientsOnRandomInputsWithSpecialPoints() {
        Gen<double[]> inputs = Gen.listOf(Gen.oneOf(Gen.elements(0.0, -0.0, 1e-45, 1e-300, -1e-300), Gen.doubles(-3, 3)), 1, 8)
                .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray());
        Property.forAll(inputs, 1000, v -> {
            Tensor x = Tensor.of(v, v.length);
            Tensor positive = x.gt(0);
            // the two AUTO-08 cases: finite everywhere
            assertAllFinite(gradient(x, t -> Tensor.where(positive, t.sqrt(), 0)));
            assertAllFinite(gradient(x, t -> Tensor.where(t.lt(1), t, t.log())));
            // other singular rules: exactly 0 where masked out (the true derivative may overflow where selected)
            assertZeroWhereMasked(positive, gradient(x, t -> Tensor.where(positive, t.rsqrt(), 0)));
            assertZeroWhereMasked(positive, gradient(x, t -> Tensor.where(positive, t.log(), 0)));
            assertZeroWhereMasked(positive, gradient(x, t -> Tensor.where(positive, t.reciprocal(), 0)));
            assertZeroWhereMasked(positive, gradient(x, t -> Tensor.where(positive, t.pow(0.5), 0)));
            assertZeroWhereMasked(positive, gradient(x, t -> Tensor.where(positive, t.pow(Tensor.fullLike(t, -1.5)), 0)));
            assertZeroWhereMasked(positive, gradient(x, t -> Tensor.where(positive, Tensor.onesLike(t).div(t), 0)));
            assertZeroWhereMasked(positive, gradient(x, t -> Tensor.where(positive, t.add(1).log1p().add(t.add(-1).log1p()), 0)));
        });
    }

    static void assertZeroWhereMasked(Tensor mask, Tensor gradient) {
        int[] m = mask.toIntArray();
        double[] g = gradient.toDoubleArray();
        for (int i = 0; i < g.length; i++) {
            assertTrue(!Double.isNaN(g[i]) && (m[i] != 0 || g[i] == 0), "gradient " + gradient + " for mask " + mask);
        }
    }

    @Test
    void theMaskedRuleStaysQuietInAnomalyMode() {
        Tensor x = Tensor.of(new double[] {0, 4}, 2);
        try (var scope = Anomaly.detect()) {
            Tensor g = gradient(x, t -> Tensor.where(t.gt(0), t.sqrt(), 0));
            assertArrayEquals(new double[] {0, 0.25}, g.toDoubleArray());
        }
    }

    @Test
    void singularRulesStillReportInfinityWhereTheIncomingGradientIsNonZero() {
        Tensor x = Tensor.of(new double[] {0}, 1);
        assertEquals(Double.POSITIVE_INFINITY, gradient(x, Tensor::sqrt).item());
        assertEquals(Double.POSITIVE_INFINITY, gradient(x, Tensor::log).item());
    }

    // ------------------------------------------------------------------ second order at special points (NUM-04)

    /** d²/dx² of Σ f(x), by a tape inside a tape. */
    static Tensor secondDerivative(Tensor x, UnaryOperator<Tensor> f) {
        try (Tape outer = Tape.record()) {
            outer.watch(x);
            Tensor first;
            try (Tape inner = Tape.record()) {
                inner.watch(x);
                first = inner.gradient(f.apply(x).sum(), x).get(x);
            }
            return outer.gradient(first.sum(), x).get(x);
        }
    }

    @Test
    void secondDerivativesAreCorrectAtSpecialPoints() {
        double pi = Math.PI;
        Tensor angles = Tensor.of(new double[] {0, pi / 4, pi / 2, pi}, 4);
        double[] sin = {0, Math.sin(pi / 4), 1, Math.sin(pi)};
        double[] cos = {1, Math.cos(pi / 4), Math.cos(pi / 2), -1};
        assertArrayEquals(new double[] {-sin[0], -sin[1], -sin[2], -sin[3]}, secondDerivative(angles, Tensor::sin).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {-cos[0], -cos[1], -cos[2], -cos[3]}, secondDerivative(angles, Tensor::cos).toDoubleArray(), 1e-15);
        double t = Math.tanh(0.5);
        assertArrayEquals(new double[] {0, 0, -2 * t * (1 - t * t)},
                secondDerivative(Tensor.of(new double[] {1000, -1000, 0.5}, 3), Tensor::tanh).toDoubleArray(), 1e-15);
        double erf10 = -2 * 10 * (2 / Math.sqrt(pi)) * Math.exp(-100); // erf''(x) = −2x·(2/√π)·e^(−x²)
        assertEquals(erf10, secondDerivative(Tensor.of(new double[] {10}, 1), Tensor::erf).item(), 1e-12 * Math.abs(erf10));
    }

    // ------------------------------------------------------------------ IEEE special values

    @Test
    void nanAndInfinityPropagateThroughAddMulAndExp() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        Tensor x = Tensor.of(new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f}, 4);
        Tensor y = Tensor.of(new float[] {1f, 1f, Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY}, 4);
        assertArrayEquals(new double[] {nan, inf, nan, inf}, x.add(y).toDoubleArray());
        assertArrayEquals(new double[] {nan, inf, -inf, nan}, x.mul(y).toDoubleArray());
        assertArrayEquals(new double[] {nan, inf, 0, 1}, x.exp().toDoubleArray());
    }

    @Test
    void negAndReluKeepNegativeZeroAndReluKeepsNaN() {
        Tensor x = Tensor.of(new double[] {0.0, -0.0, Double.NaN}, 3);
        assertArrayEquals(new double[] {-0.0, 0.0, Double.NaN}, x.neg().toDoubleArray());
        assertArrayEquals(new double[] {0.0, -0.0, Double.NaN}, x.relu().toDoubleArray());
    }

    @Test
    void comparisonsFollowIeeeForNaN() {
        Tensor x = Tensor.of(new double[] {Double.NaN}, 1);
        assertArrayEquals(new int[] {0}, x.eq(x).toIntArray());
        assertArrayEquals(new int[] {1}, x.ne(x).toIntArray());
        assertArrayEquals(new int[] {0}, x.le(1).toIntArray());
        assertArrayEquals(new int[] {0}, x.gt(1).toIntArray());
    }
}

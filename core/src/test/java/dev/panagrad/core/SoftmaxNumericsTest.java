package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * NUM-01: softmax, log-softmax and log-sum-exp are finite and correct for |x| up to 1e4 in float32
 * (1e5 in float64), for rows of equal values and rows holding −∞; probabilities sum to 1; results are
 * invariant under a shift; log-softmax is x − logsumexp(x). A row made only of −∞ gives NaN from
 * softmax and log-softmax (as PyTorch) and −∞ from logsumexp.
 */
class SoftmaxNumericsTest {
    static final float NEG_INF = Float.NEGATIVE_INFINITY;

    /** Rows of 1–40 float32 values on [−bound, bound], some −∞ (never all), some rows all equal. */
    static Gen<Tensor> rows(double bound) {
        return s -> {
            int n = s.drawInt(1, 40);
            int kind = s.drawInt(0, 2);
            double equal = Gen.doubles(-bound, bound).generate(s);
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (float) (kind == 0 ? equal : Gen.doubles(-bound, bound).generate(s));
                if (kind == 2 && i > 0 && s.draw(3) == 0) {
                    v[i] = NEG_INF;
                }
            }
            return Tensor.of(v, 1, n);
        };
    }

    static double rowSum(Tensor t) {
        double s = 0;
        for (double v : t.toDoubleArray()) {
            s += v;
        }
        return s;
    }

    @Test
    void softmaxIsFiniteAndSumsToOneForLargeFloat32Inputs() {
        Property.forAll(rows(1e4), 1000, x -> {
            Tensor p = x.softmax(-1);
            for (double v : p.toDoubleArray()) {
                assertTrue(v >= 0 && v <= 1, "probability " + v + " for " + x);
            }
            assertEquals(1, rowSum(p), 1e-6, "sum for " + x);
        });
    }

    @Test
    void logSoftmaxIsXMinusLogsumexpAndNeverNaN() {
        Property.forAll(rows(1e4), 1000, x -> {
            double[] logp = x.logSoftmax(1).toDoubleArray();
            double lse = x.logsumexp(1, false).item();
            assertTrue(Double.isFinite(lse), "logsumexp " + lse + " of " + x);
            double[] xs = x.toDoubleArray();
            for (int i = 0; i < xs.length; i++) {
                if (xs[i] == Double.NEGATIVE_INFINITY) {
                    assertEquals(Double.NEGATIVE_INFINITY, logp[i]);
                } else {
                    assertEquals(xs[i] - lse, logp[i], 1e-3 + 1e-6 * Math.abs(xs[i]), "log-probability " + i + " of " + x);
                    assertTrue(logp[i] <= 0);
                }
            }
        });
    }

    @Test
    void float64SoftmaxSumsToOneWithin1e14ForInputsUpTo1e5() {
        SplittableRandom random = new SplittableRandom(3);
        for (int t = 0; t < 200; t++) {
            int n = 1 + random.nextInt(60);
            double[] v = new double[n];
            double scale = t % 2 == 0 ? 1e5 : 3;
            for (int i = 0; i < n; i++) {
                v[i] = random.nextDouble(-scale, scale);
            }
            Tensor p = Tensor.of(v, n).softmax(0);
            assertEquals(1, rowSum(p), 1e-14);
            assertTrue(Double.isFinite(Tensor.of(v, n).logSoftmax(0).sum().item()));
        }
    }

    @Test
    void softmaxIsInvariantUnderAShift() {
        SplittableRandom random = new SplittableRandom(4);
        for (int t = 0; t < 100; t++) {
            float[] v = new float[17];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextInt(-192, 192) / 64f;  // on a grid, so x + c is exact in float32
            }
            float c = random.nextInt(-1000, 1001);
            Tensor x = Tensor.of(v, 17);
            Tensor shifted = x.add(c);
            assertAllClose(x.softmax(0).toDoubleArray(), shifted.softmax(0).toDoubleArray(), 1e-6, 1e-5);
            assertAllClose(x.logSoftmax(0).toDoubleArray(), shifted.logSoftmax(0).toDoubleArray(), 1e-6, 1e-5);
            assertEquals(x.logsumexp().item() + c, shifted.logsumexp().item(), 1e-3);
        }
    }

    @Test
    void minusInfinityEntriesGetProbabilityZero() {
        Tensor x = Tensor.of(new float[] {NEG_INF, 0, NEG_INF, (float) Math.log(3)}, 4);
        assertArrayEquals(new float[] {0, 0.25f, 0, 0.75f}, x.softmax(0).toFloatArray(), 1e-7f);
        float[] logp = x.logSoftmax(0).toFloatArray();
        assertEquals(NEG_INF, logp[0]);
        assertEquals(Math.log(0.25), logp[1], 1e-6);
        assertEquals(Math.log(4), x.logsumexp().item(), 1e-6);
    }

    @Test
    void aRowOfOnlyMinusInfinityGivesNaNProbabilitiesAndMinusInfinityLogsumexp() {
        Tensor x = Tensor.of(new float[] {NEG_INF, NEG_INF, NEG_INF, 1, 2, 3}, 2, 3);
        float[] p = x.softmax(1).toFloatArray();
        float[] logp = x.logSoftmax(1).toFloatArray();
        for (int i = 0; i < 3; i++) {
            assertTrue(Float.isNaN(p[i]) && Float.isNaN(logp[i]), "element " + i);
            assertTrue(Float.isFinite(p[i + 3]) && Float.isFinite(logp[i + 3]), "element " + (i + 3));
        }
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 3 + Math.log(1 + Math.exp(-1) + Math.exp(-2))},
                x.logsumexp(1, false).toDoubleArray(), 1e-6);
    }

    @Test
    void rowsOfEqualValuesAreUniform() {
        Tensor x = Tensor.full(9999.5, DType.FLOAT32, 3, 7);
        for (float v : x.softmax(1).toFloatArray()) {
            assertEquals(1 / 7f, v, 1e-7f);
        }
        assertEquals(9999.5 + Math.log(7), x.logsumexp(1, false).toDoubleArray()[0], 1e-3);
    }

    @Test
    void softmaxAlongALeadingOrMiddleDimMatchesTheDefinition() {
        Tensor x = Tensor.randn(new Rng(8), DType.FLOAT64, 3, 4, 5).mul(10.0);
        for (int dim = 0; dim < 3; dim++) {
            double[] got = x.softmax(dim).toDoubleArray();
            double[] gotLog = x.logSoftmax(dim - 3).toDoubleArray();
            double[] want = x.sub(x.logsumexp(dim, true)).exp().toDoubleArray();
            assertAllClose(want, got, 1e-15, 1e-12);
            for (int i = 0; i < want.length; i++) {
                assertEquals(Math.log(want[i]), gotLog[i], 1e-12 * (1 + Math.abs(gotLog[i])));
            }
        }
    }

    @Test
    void float32AgreesWithTheFloat64Oracle() {
        Tensor x = Tensor.randn(new Rng(9), DType.FLOAT64, 6, 33).mul(5.0);
        Tensor x32 = x.to(DType.FLOAT32);
        assertAllClose(x.softmax(1).toDoubleArray(), x32.softmax(1).toDoubleArray(), 1e-7, 1e-5);
        assertAllClose(x.logSoftmax(0).toDoubleArray(), x32.logSoftmax(0).toDoubleArray(), 1e-5, 1e-5);
        assertAllClose(x.logsumexp(1, false).toDoubleArray(), x32.logsumexp(1, false).toDoubleArray(), 1e-5, 1e-6);
    }

    @Test
    void softmaxOfAScalarIsOne() {
        assertEquals(1, Tensor.scalar(-3.5).softmax(0).item());
        assertEquals(0, Tensor.scalar(-3.5).logSoftmax(-1).item());
    }

    static void assertAllClose(double[] want, double[] got, double atol, double rtol) {
        assertEquals(want.length, got.length);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], atol + rtol * Math.abs(want[i]), "element " + i);
        }
    }
}

package dev.panagrad.core.kernels.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import java.util.stream.DoubleStream;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * The deterministic exp, expm1, tanh, log and log1p against {@link Math} in double (and exp, expm1,
 * tanh and sigmoid in float lanes against Math rounded to float), over random inputs
 * spread across many binades and over special values (±0, subnormals, the extremes, ±∞, NaN and the
 * doubles on either side of the overflow and underflow thresholds): NaN exactly where Math gives NaN,
 * zeros and infinities with Math's sign, everything else within the stated ulp of Math's result.
 */
class VectorTranscendentalsTest {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int RANDOM = 400_000;

    @Test
    void expIsWithinOneUlpOfMath() {
        assertWithin("exp", VectorTranscendentals::exp, Math::exp, 1, inputs(1, 750));
    }

    @Test
    void expm1IsWithinTwoUlpOfMath() {
        assertWithin("expm1", VectorTranscendentals::expm1, Math::expm1, 2, inputs(2, 750));
    }

    @Test
    void tanhIsWithinTwoUlpOfMath() {
        assertWithin("tanh", VectorTranscendentals::tanh, Math::tanh, 2, inputs(3, 30));
    }

    @Test
    void logIsWithinOneUlpOfMath() {
        assertWithin("log", VectorTranscendentals::log, Math::log, 1, inputs(4, Double.MAX_VALUE));
    }

    @Test
    void log1pIsWithinOneUlpOfMath() {
        assertWithin("log1p", VectorTranscendentals::log1p, Math::log1p, 1, inputs(5, Double.MAX_VALUE));
    }

    /**
     * Random doubles: uniform in [−range, range], uniform in [−1, 1], and ±2^u with u uniform over the
     * exponents (so every binade is hit), plus the special values.
     */
    @Test
    void floatLanesAreWithinAFewUlpOfMathRoundedToFloat() {
        float[] x = floatInputs(17);
        assertWithinF("exp", VectorTranscendentals::exp, Math::exp, 2, x);
        assertWithinF("expm1", VectorTranscendentals::expm1, Math::expm1, 2, x);
        assertWithinF("tanh", VectorTranscendentals::tanh, Math::tanh, 3, x);
        assertWithinF("sigmoid", VectorTranscendentals::sigmoid, v -> 1 / (1 + Math.exp(-v)), 2, x);
    }

    private static float[] floatInputs(long seed) {
        Random rnd = new Random(seed);
        float[] fixed = {0f, -0f, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, 1e-8f, -1e-8f, 0.125f, 0.5f, 1, -1,
            9.5f, -9.5f, 10, 20, -20, 88.72f, 88.7228f, 88.73f, 89, -87.33f, -103.9f, -103.98f, -104, -200, 200,
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        float[] x = new float[RANDOM + fixed.length];
        for (int i = 0; i < RANDOM; i++) {
            float sign = rnd.nextBoolean() ? 1 : -1;
            x[i] = switch (i % 3) {
                case 0 -> sign * rnd.nextFloat() * 110;
                case 1 -> sign * rnd.nextFloat();
                default -> sign * (float) Math.pow(2, -149 + rnd.nextDouble() * 156);
            };
        }
        System.arraycopy(fixed, 0, x, RANDOM, fixed.length);
        return x;
    }

    /** Like {@link #assertWithin} for float lanes, against {@code (float) reference(x)}, in float ulps. */
    private static void assertWithinF(String name, UnaryOperator<FloatVector> f, DoubleUnaryOperator reference, double maxUlps,
            float[] x) {
        VectorSpecies<Float> species = FloatVector.SPECIES_PREFERRED;
        float[] lane = new float[species.length()];
        float[] out = new float[species.length()];
        double worst = 0;
        for (int i = 0; i < x.length; i += species.length()) {
            Arrays.fill(lane, 0);
            int count = Math.min(species.length(), x.length - i);
            System.arraycopy(x, i, lane, 0, count);
            f.apply(FloatVector.fromArray(species, lane, 0)).intoArray(out, 0);
            for (int l = 0; l < count; l++) {
                float e = (float) reference.applyAsDouble(lane[l]);
                float a = out[l];
                if (Float.isNaN(e) || Float.isNaN(a) || Float.isInfinite(e) || e == 0) {
                    if (Float.floatToIntBits(e) != Float.floatToIntBits(a)
                            && !(e == 0 && a == 0 && Math.abs(lane[l]) > 1)) { // ±0 of an underflow: sign may differ
                        fail(name + "(" + lane[l] + ") = " + a + ", Math gives " + e);
                    }
                    continue;
                }
                double ulps = Math.abs((double) e - a) / Math.ulp(e);
                worst = Math.max(worst, ulps);
                if (ulps > maxUlps) {
                    fail(name + "(" + lane[l] + ") = " + a + ", Math gives " + e + " (" + ulps + " ulp)");
                }
            }
        }
        System.out.printf("%s (float lanes): worst %.1f ulp%n", name, worst);
    }

    private static double[] inputs(long seed, double range) {
        Random rnd = new Random(seed);
        double[] x = new double[RANDOM];
        for (int i = 0; i < x.length; i++) {
            double sign = rnd.nextBoolean() ? 1 : -1;
            x[i] = switch (i % 3) {
                case 0 -> sign * rnd.nextDouble() * Math.min(range, 1e300);
                case 1 -> sign * rnd.nextDouble();
                default -> sign * Math.pow(2, -1074 + rnd.nextDouble() * 2098);
            };
        }
        return DoubleStream.concat(Arrays.stream(x), Arrays.stream(specials())).toArray();
    }

    private static double[] specials() {
        double[] fixed = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL,
            0x1p-1030, -0x1p-1030, 0x1p-54, -0x1p-54, 0x1p-53, 1e-300, -1e-300, 1, -1, 2, 0.5, -0.5,
            Math.nextUp(1.0), Math.nextDown(1.0), Math.nextUp(-1.0), Math.nextDown(-1.0), 0.34657359027997264,
            -0.34657359027997264, Math.sqrt(2), Math.sqrt(0.5), 20, -20, 22, -22, 40, -40, 709.0, -744.0,
            709.782712893384, -745.1332191019411, -745.1332191019412, -708.3964185322641,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
        double[] near = DoubleStream.of(709.782712893384, -745.1332191019411, -708.3964185322641, 1.0, -1.0)
                .flatMap(t -> DoubleStream.iterate(t, v -> Math.nextUp(v)).limit(64)
                        .flatMap(v -> DoubleStream.of(v, -v, Math.nextDown(t - (v - t)))))
                .toArray();
        return DoubleStream.concat(Arrays.stream(fixed), Arrays.stream(near)).toArray();
    }

    static double[] apply(UnaryOperator<DoubleVector> f, double[] x) {
        double[] y = new double[x.length];
        double[] lane = new double[D.length()];
        for (int i = 0; i < x.length; i += D.length()) {
            Arrays.fill(lane, 0);
            System.arraycopy(x, i, lane, 0, Math.min(D.length(), x.length - i));
            double[] out = new double[D.length()];
            f.apply(DoubleVector.fromArray(D, lane, 0)).intoArray(out, 0);
            System.arraycopy(out, 0, y, i, Math.min(D.length(), x.length - i));
        }
        return y;
    }

    private static void assertWithin(String name, UnaryOperator<DoubleVector> f, DoubleUnaryOperator reference,
            double maxUlps, double[] x) {
        double[] y = apply(f, x);
        double worst = 0;
        int equal = 0;
        for (int i = 0; i < x.length; i++) {
            double e = reference.applyAsDouble(x[i]);
            double a = y[i];
            if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || e == 0) {
                if (Double.doubleToLongBits(e) != Double.doubleToLongBits(a)) {
                    fail(name + "(" + x[i] + ") = " + a + ", Math gives " + e);
                }
                continue;
            }
            double ulps = Math.abs(e - a) / Math.ulp(e);
            equal += ulps == 0 ? 1 : 0;
            worst = Math.max(worst, ulps);
            if (ulps > maxUlps) {
                fail(name + "(" + x[i] + ") = " + a + ", Math gives " + e + " (" + ulps + " ulp)");
            }
        }
        System.out.printf("%s: worst %.1f ulp, equal to Math for %.2f%% of %d inputs%n", name, worst,
                100.0 * equal / x.length, x.length);
        assertTrue(worst <= maxUlps);
    }
}

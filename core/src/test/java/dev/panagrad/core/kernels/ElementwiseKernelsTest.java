package dev.panagrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.panagrad.core.kernels.ElementwiseKernels.Binary;
import dev.panagrad.core.kernels.ElementwiseKernels.Ternary;
import dev.panagrad.core.kernels.ElementwiseKernels.Compare;
import dev.panagrad.core.kernels.ElementwiseKernels.Unary;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * KER-01 for the element-wise family: the Vector API kernels against the scalar reference on every
 * tail length and unaligned offsets, with special values (±0, ±∞, NaN, subnormals) mixed in.
 * Arithmetic, max/min, sign, square, reciprocal, square roots, ReLU, leaky ReLU, clamp, comparisons and
 * where agree bitwise; transcendentals within 2 ulp of the scalar result.
 */
class ElementwiseKernelsTest {
    static final int[] LENGTHS = {0, 1, 7, 15, 16, 17, 31, 33, 100, 1023, 1025};
    static final int[] OFFSETS = {0, 1, 3};
    /** Operations whose results must be bitwise identical; the rest may differ by 2 ulp. */
    static final Set<Unary> EXACT_UNARY = EnumSet.of(Unary.NEG, Unary.ABS, Unary.SIGN, Unary.SQUARE, Unary.RECIPROCAL,
            Unary.SQRT, Unary.RSQRT, Unary.RELU, Unary.LEAKY_RELU, Unary.CLAMP);
    static final double MAX_ULPS = 2;

    static ElementwiseKernels scalar = new ScalarElementwise();
    static ElementwiseKernels vector;

    @BeforeAll
    static void loadVectorKernels() {
        vector = Kernels.vector(ElementwiseKernels.class, "VectorElementwise");
        assertNotNull(vector, "the test JVM must run with --add-modules jdk.incubator.vector");
    }

    @ParameterizedTest
    @EnumSource(Binary.class)
    void binaryFloatMatchesScalar(Binary op) {
        Random rnd = new Random(op.ordinal());
        for (int n : LENGTHS) {
            for (int off : OFFSETS) {
                for (int[] strides : new int[][] {{1, 1}, {1, 0}, {0, 1}, {0, 0}}) {
                    float[] a = floats(rnd, n + off + 1, 20);
                    float[] b = floats(rnd, n + off + 1, 20);
                    float[] s = new float[n + off];
                    float[] v = new float[n + off];
                    scalar.binary(op, a, off, strides[0], b, 1, strides[1], s, off, n);
                    vector.binary(op, a, off, strides[0], b, 1, strides[1], v, off, n);
                    assertClose(op.name(), s, v, op == Binary.POW ? MAX_ULPS : 0);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Ternary.class)
    void ternaryMatchesScalarBitwiseInBothDtypes(Ternary op) {
        Random rnd = new Random(op.ordinal());
        for (int n : LENGTHS) {
            for (int off : OFFSETS) {
                for (int strides = 0; strides < 8; strides++) {
                    int as = strides & 1, bs = (strides >> 1) & 1, cs = (strides >> 2) & 1;
                    float[] a = floats(rnd, n + off + 1, 20), b = floats(rnd, n + off + 1, 20), c = floats(rnd, n + off + 3, 20);
                    float[] s = new float[n + off], v = new float[n + off];
                    scalar.ternary(op, a, off, as, b, 1, bs, c, 2, cs, -0.3, s, off, n);
                    vector.ternary(op, a, off, as, b, 1, bs, c, 2, cs, -0.3, v, off, n);
                    assertClose(op.name(), s, v, 0);
                    double[] ad = doubles(a), bd = doubles(b), cd = doubles(c);
                    double[] sd = new double[n + off], vd = new double[n + off];
                    scalar.ternary(op, ad, off, as, bd, 1, bs, cd, 2, cs, -0.3, sd, off, n);
                    vector.ternary(op, ad, off, as, bd, 1, bs, cd, 2, cs, -0.3, vd, off, n);
                    assertClose(op.name(), sd, vd, 0);
                }
            }
        }
    }

    private static double[] doubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i] * (1 + 1e-9 * i);
        }
        return d;
    }

    @ParameterizedTest
    @EnumSource(Binary.class)
    void binaryDoubleMatchesScalar(Binary op) {
        Random rnd = new Random(op.ordinal());
        for (int n : LENGTHS) {
            for (int off : OFFSETS) {
                for (int[] strides : new int[][] {{1, 1}, {1, 0}, {0, 1}, {0, 0}}) {
                    double[] a = doubles(rnd, n + off + 1, 20);
                    double[] b = doubles(rnd, n + off + 1, 20);
                    double[] s = new double[n + off];
                    double[] v = new double[n + off];
                    scalar.binary(op, a, off, strides[0], b, 1, strides[1], s, off, n);
                    vector.binary(op, a, off, strides[0], b, 1, strides[1], v, off, n);
                    assertClose(op.name(), s, v, op == Binary.POW ? MAX_ULPS : 0);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Unary.class)
    void unaryFloatMatchesScalar(Unary op) {
        Random rnd = new Random(100 + op.ordinal());
        double[] params = params(op);
        for (int n : LENGTHS) {
            for (int off : OFFSETS) {
                float[] x = floats(rnd, n + off, range(op));
                float[] s = new float[n + off];
                float[] v = new float[n + off];
                scalar.unary(op, x, off, s, off, n, params[0], params[1]);
                vector.unary(op, x, off, v, off, n, params[0], params[1]);
                assertClose(op.name(), s, v, EXACT_UNARY.contains(op) ? 0 : MAX_ULPS);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Unary.class)
    void unaryDoubleMatchesScalar(Unary op) {
        Random rnd = new Random(200 + op.ordinal());
        double[] params = params(op);
        for (int n : LENGTHS) {
            for (int off : OFFSETS) {
                double[] x = doubles(rnd, n + off, range(op));
                double[] s = new double[n + off];
                double[] v = new double[n + off];
                scalar.unary(op, x, off, s, off, n, params[0], params[1]);
                vector.unary(op, x, off, v, off, n, params[0], params[1]);
                if (op == Unary.GELU) {
                    assertGeluClose(x, s, v);
                } else {
                    assertClose(op.name(), s, v, EXACT_UNARY.contains(op) ? 0 : MAX_ULPS);
                }
            }
        }
    }

    /**
     * Double GELU for x &lt; 0 is ½x·(1 − erf(|x|/√2)) below |x|/√2 = 2: the subtraction cancels, so the
     * Vector API's 1-ulp-different exp shows as an absolute difference of a few ε·|x| rather than a few
     * ulp of the (small) result. Float GELU is still held to 2 ulp.
     */
    static void assertGeluClose(double[] x, double[] s, double[] v) {
        for (int i = 0; i < s.length; i++) {
            boolean same = Double.doubleToLongBits(s[i]) == Double.doubleToLongBits(v[i]);
            if (!same && !(Math.abs(s[i] - v[i]) <= 2 * Math.ulp(s[i]) + 4 * Math.ulp(1.0) * Math.abs(x[i]))) {
                fail("GELU (double) differs at x = " + x[i] + ": scalar " + s[i] + ", vector " + v[i]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Compare.class)
    void comparisonsMatchScalarOnEveryDtype(Compare op) {
        Random rnd = new Random(300 + op.ordinal());
        for (int n : LENGTHS) {
            for (int off : OFFSETS) {
                for (int[] st : new int[][] {{1, 1}, {1, 0}, {0, 1}}) {
                    float[] af = floats(rnd, n + off + 1, 3);
                    float[] bf = floats(rnd, n + off + 1, 3);
                    // equal elements must occur often enough for EQ/LE/GE to matter
                    for (int i = 0; i < af.length; i += 3) {
                        bf[i] = af[i];
                    }
                    double[] ad = toDoubles(af);
                    double[] bd = toDoubles(bf);
                    int[] ai = toInts(af);
                    int[] bi = toInts(bf);
                    int[][] out = new int[6][n + off];
                    scalar.compare(op, af, off, st[0], bf, 1, st[1], out[0], off, n);
                    vector.compare(op, af, off, st[0], bf, 1, st[1], out[1], off, n);
                    scalar.compare(op, ad, off, st[0], bd, 1, st[1], out[2], off, n);
                    vector.compare(op, ad, off, st[0], bd, 1, st[1], out[3], off, n);
                    scalar.compare(op, ai, off, st[0], bi, 1, st[1], out[4], off, n);
                    vector.compare(op, ai, off, st[0], bi, 1, st[1], out[5], off, n);
                    for (int k = 0; k < 6; k += 2) {
                        org.junit.jupiter.api.Assertions.assertArrayEquals(out[k], out[k + 1], op + " dtype " + k / 2 + " n=" + n);
                    }
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void whereMatchesScalarForEveryStrideCombination() {
        Random rnd = new Random(400);
        for (int n : LENGTHS) {
            for (int off : OFFSETS) {
                for (int strides = 0; strides < 7; strides++) {
                    int ms = strides & 1;
                    int as = (strides >> 1) & 1;
                    int bs = strides == 6 ? 1 : (strides >> 2) & 1;
                    int[] mask = new int[n + off + 1];
                    for (int i = 0; i < mask.length; i++) {
                        mask[i] = rnd.nextInt(3) - 1; // -1, 0, 1: any non-zero selects a
                    }
                    float[] af = floats(rnd, n + off + 1, 5);
                    float[] bf = floats(rnd, n + off + 1, 5);
                    float[] sf = new float[n + off];
                    float[] vf = new float[n + off];
                    scalar.where(mask, off, ms, af, 1, as, bf, 0, bs, sf, off, n);
                    vector.where(mask, off, ms, af, 1, as, bf, 0, bs, vf, off, n);
                    assertClose("where float", sf, vf, 0);
                    double[] ad = toDoubles(af);
                    double[] bd = toDoubles(bf);
                    double[] sd = new double[n + off];
                    double[] vd = new double[n + off];
                    scalar.where(mask, off, ms, ad, 1, as, bd, 0, bs, sd, off, n);
                    vector.where(mask, off, ms, ad, 1, as, bd, 0, bs, vd, off, n);
                    assertClose("where double", sd, vd, 0);
                    int[] ai = toInts(af);
                    int[] bi = toInts(bf);
                    int[] si = new int[n + off];
                    int[] vi = new int[n + off];
                    scalar.where(mask, off, ms, ai, 1, as, bi, 0, bs, si, off, n);
                    vector.where(mask, off, ms, ai, 1, as, bi, 0, bs, vi, off, n);
                    org.junit.jupiter.api.Assertions.assertArrayEquals(si, vi, "where int n=" + n);
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void reluBackwardMatchesScalarAndTheWhereComposition() {
        Random rnd = new Random(500);
        int[] zero = {0};
        for (int n : LENGTHS) {
            for (int off : OFFSETS) {
                for (boolean leaky : new boolean[] {false, true}) {
                    double slope = leaky ? 0.2 : 0;
                    float[] x = floats(rnd, n + off + 1, 5);
                    float[] g = floats(rnd, n + off + 1, 5);
                    float[] s = new float[n + off];
                    float[] v = new float[n + off];
                    scalar.reluBackward(x, off, g, 1, s, off, n, leaky, slope);
                    vector.reluBackward(x, off, g, 1, v, off, n, leaky, slope);
                    assertClose("reluBackward float", s, v, 0);
                    // the composition where(x.gt(0), g, leaky ? g·slope : 0), kernel by kernel
                    int[] mask = new int[n];
                    float[] other = new float[n];
                    scalar.compare(Compare.GT, x, off, 1, new float[] {0}, 0, 0, mask, 0, n);
                    if (leaky) scalar.binary(Binary.MUL, g, 1, 1, new float[] {(float) slope}, 0, 0, other, 0, n);
                    float[] c = new float[n + off];
                    scalar.where(mask, 0, 1, g, 1, 1, other, 0, 1, c, off, n);
                    assertClose("reluBackward float vs composition", c, s, 0);

                    double[] xd = toDoubles(x);
                    double[] gd = toDoubles(g);
                    double[] sd = new double[n + off];
                    double[] vd = new double[n + off];
                    scalar.reluBackward(xd, off, gd, 1, sd, off, n, leaky, slope);
                    vector.reluBackward(xd, off, gd, 1, vd, off, n, leaky, slope);
                    assertClose("reluBackward double", sd, vd, 0);
                    double[] otherd = new double[n];
                    scalar.compare(Compare.GT, xd, off, 1, new double[] {0}, 0, 0, mask, 0, n);
                    if (leaky) scalar.binary(Binary.MUL, gd, 1, 1, new double[] {slope}, 0, 0, otherd, 0, n);
                    double[] cd = new double[n + off];
                    scalar.where(mask, 0, 1, gd, 1, 1, otherd, 0, 1, cd, off, n);
                    assertClose("reluBackward double vs composition", cd, sd, 0);
                }
            }
        }
    }

    // ------------------------------------------------------------------ inputs

    /** Typical magnitude of an op's inputs (the generators also mix in wide and special values). */
    static double range(Unary op) {
        return switch (op) {
            case EXP, EXPM1, SIGMOID, SILU, SOFTPLUS, ELU, TANH -> 100;
            case ERF, GELU, GELU_TANH -> 8;
            default -> 20;
        };
    }

    static double[] params(Unary op) {
        return switch (op) {
            case LEAKY_RELU -> new double[] {0.01, 0};
            case ELU -> new double[] {1.3, 0};
            case SOFTPLUS -> new double[] {1.5, 20};
            case CLAMP -> new double[] {-0.75, 2.5};
            default -> new double[] {0, 0};
        };
    }

    static final double[] SPECIAL = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0, -1.0,
            1e-45, -1e-40, 1e-310, 1e30, -1e30, 3.0e38, 88.7, -88.7, 710, -745, 2.5, -2.5};

    static double[] doubles(Random rnd, int n, double range) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            int kind = rnd.nextInt(10);
            if (kind == 0) {
                v[i] = SPECIAL[rnd.nextInt(SPECIAL.length)];
            } else if (kind <= 2) {
                v[i] = (rnd.nextBoolean() ? 1 : -1) * Math.scalb(1 + rnd.nextDouble(), rnd.nextInt(-40, 40));
            } else {
                v[i] = (rnd.nextDouble() * 2 - 1) * range;
            }
        }
        return v;
    }

    static float[] floats(Random rnd, int n, double range) {
        double[] d = doubles(rnd, n, range);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    static int[] toInts(float[] f) {
        int[] v = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            v[i] = (int) (f[i] * 1000);
        }
        return v;
    }

    // ------------------------------------------------------------------ comparison

    static void assertClose(String what, float[] expected, float[] actual, double maxUlps) {
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (Float.floatToIntBits(e) == Float.floatToIntBits(a)) {
                continue;
            }
            if (maxUlps == 0 || Float.isNaN(e) || Float.isNaN(a) || Float.isInfinite(e) || Float.isInfinite(a)
                    || Math.abs((double) e - a) > maxUlps * Math.ulp(e)) {
                fail(what + " (float) differs at " + i + ": scalar " + e + ", vector " + a + " ("
                        + Math.abs((double) e - a) / Math.ulp(e) + " ulp)");
            }
        }
    }

    static void assertClose(String what, double[] expected, double[] actual, double maxUlps) {
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (Double.doubleToLongBits(e) == Double.doubleToLongBits(a)) {
                continue;
            }
            if (maxUlps == 0 || Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)
                    || Math.abs(e - a) > maxUlps * Math.ulp(e)) {
                fail(what + " (double) differs at " + i + ": scalar " + e + ", vector " + a + " ("
                        + Math.abs(e - a) / Math.ulp(e) + " ulp)");
            }
        }
        assertEquals(expected.length, actual.length);
    }
}

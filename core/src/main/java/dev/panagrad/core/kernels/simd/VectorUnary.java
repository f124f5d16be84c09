package dev.panagrad.core.kernels.simd;

import static dev.panagrad.core.kernels.simd.VectorElementwise.D;
import static dev.panagrad.core.kernels.simd.VectorElementwise.F;
import static dev.panagrad.core.kernels.simd.VectorElementwise.F_D;
import static jdk.incubator.vector.VectorOperators.D2F;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.SQRT;

import dev.panagrad.core.kernels.ElementwiseKernels.Unary;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The vector bodies of the unary kernels. Each method runs whole vectors and returns the index where
 * the caller's scalar tail starts. One loop per operation (the switch sits outside the loops), so
 * every loop body is a straight line of vector operations that C2 keeps in registers.
 */
final class VectorUnary {
    private VectorUnary() {}

    /**
     * Negation, absolute value and square root with one Vector API operator per lane; the transcendentals
     * through {@link VectorTranscendentals} in double lanes, rounded once to float; sin and cos nowhere
     * (returns 0, so the caller's scalar loop computes every element with {@link Math}). The Vector
     * API's own EXP, TANH, … operators are not used: they give different bits before and after C2
     * compiles the loop. Each case names its operator as a constant: the Vector API intrinsifies only
     * constant operators (a variable one falls back to a per-lane Java loop).
     */
    static int lanewise(Unary op, float[] x, int xo, float[] out, int oo, int n) {
        switch (op) {
            case EXP -> { return exp(x, xo, out, oo, n); }
            case EXPM1 -> { return expm1(x, xo, out, oo, n); }
            case LOG -> { return log(x, xo, out, oo, n); }
            case LOG1P -> { return log1p(x, xo, out, oo, n); }
            case TANH -> { return tanh(x, xo, out, oo, n); }
            case SIN, COS -> { return 0; }
            default -> { }
        }
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector v = FloatVector.fromArray(F, x, xo + i);
            switch (op) {
                case NEG -> v.neg().intoArray(out, oo + i);
                case ABS -> v.abs().intoArray(out, oo + i);
                case SQRT -> v.lanewise(SQRT).intoArray(out, oo + i);
                default -> throw new IllegalArgumentException(op + " is not a single Vector API operator");
            }
        }
        return i;
    }

    /** As the float version, the transcendentals directly in double lanes. */
    static int lanewise(Unary op, double[] x, int xo, double[] out, int oo, int n) {
        switch (op) {
            case EXP -> { return exp(x, xo, out, oo, n); }
            case EXPM1 -> { return expm1(x, xo, out, oo, n); }
            case LOG -> { return log(x, xo, out, oo, n); }
            case LOG1P -> { return log1p(x, xo, out, oo, n); }
            case TANH -> { return tanh(x, xo, out, oo, n); }
            case SIN, COS -> { return 0; }
            default -> { }
        }
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
            switch (op) {
                case NEG -> v.neg().intoArray(out, oo + i);
                case ABS -> v.abs().intoArray(out, oo + i);
                case SQRT -> v.lanewise(SQRT).intoArray(out, oo + i);
                default -> throw new IllegalArgumentException(op + " is not a single Vector API operator");
            }
        }
        return i;
    }

    /** The operations that are exact in float arithmetic, bitwise equal to the scalar kernels. */
    static int exact(Unary op, float[] x, int xo, float[] out, int oo, int n, float p0, float p1) {
        int i = 0;
        int bound = F.loopBound(n);
        int step = F.length();
        switch (op) {
            case SIGN -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(F, x, xo + i);
                    v.blend(1f, v.compare(GT, 0f)).blend(-1f, v.compare(LT, 0f)).intoArray(out, oo + i);
                }
            }
            case SQUARE -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(F, x, xo + i);
                    v.mul(v).intoArray(out, oo + i);
                }
            }
            case RECIPROCAL -> {
                FloatVector one = FloatVector.broadcast(F, 1f);
                for (; i < bound; i += step) {
                    one.div(FloatVector.fromArray(F, x, xo + i)).intoArray(out, oo + i);
                }
            }
            case RSQRT -> {
                FloatVector one = FloatVector.broadcast(F, 1f);
                for (; i < bound; i += step) {
                    one.div(FloatVector.fromArray(F, x, xo + i).lanewise(SQRT)).intoArray(out, oo + i);
                }
            }
            case RELU -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(F, x, xo + i);
                    v.blend(0f, v.compare(LT, 0f)).intoArray(out, oo + i);
                }
            }
            case LEAKY_RELU -> {
                for (; i < bound; i += step) {
                    FloatVector v = FloatVector.fromArray(F, x, xo + i);
                    v.mul(p0).blend(v, v.compare(GT, 0f)).intoArray(out, oo + i);
                }
            }
            case CLAMP -> {
                for (; i < bound; i += step) {
                    FloatVector.fromArray(F, x, xo + i).max(p0).min(p1).intoArray(out, oo + i);
                }
            }
            default -> throw new IllegalArgumentException(op + " is not an exact float operation");
        }
        return i;
    }

    /** The operations that are exact in double arithmetic, bitwise equal to the scalar kernels. */
    static int exact(Unary op, double[] x, int xo, double[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        int bound = D.loopBound(n);
        int step = D.length();
        switch (op) {
            case SIGN -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
                    v.blend(1.0, v.compare(GT, 0.0)).blend(-1.0, v.compare(LT, 0.0)).intoArray(out, oo + i);
                }
            }
            case SQUARE -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
                    v.mul(v).intoArray(out, oo + i);
                }
            }
            case RECIPROCAL -> {
                DoubleVector one = DoubleVector.broadcast(D, 1.0);
                for (; i < bound; i += step) {
                    one.div(DoubleVector.fromArray(D, x, xo + i)).intoArray(out, oo + i);
                }
            }
            case RSQRT -> {
                DoubleVector one = DoubleVector.broadcast(D, 1.0);
                for (; i < bound; i += step) {
                    one.div(DoubleVector.fromArray(D, x, xo + i).lanewise(SQRT)).intoArray(out, oo + i);
                }
            }
            case RELU -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
                    v.blend(0.0, v.compare(LT, 0.0)).intoArray(out, oo + i);
                }
            }
            case LEAKY_RELU -> {
                for (; i < bound; i += step) {
                    DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
                    v.mul(p0).blend(v, v.compare(GT, 0.0)).intoArray(out, oo + i);
                }
            }
            case CLAMP -> {
                for (; i < bound; i += step) {
                    DoubleVector.fromArray(D, x, xo + i).max(p0).min(p1).intoArray(out, oo + i);
                }
            }
            default -> throw new IllegalArgumentException(op + " is not an exact double operation");
        }
        return i;
    }

    /**
     * Erf and the composite activations of float input: widened to double lanes, computed, rounded once.
     * Each operation has its own loop method, so each is compiled as a small unit in which C2 inlines
     * the whole formula and keeps its vectors in registers (one large method overflows C2's inlining
     * budget, and the vectors that escape get boxed).
     */
    static int widened(Unary op, float[] x, int xo, float[] out, int oo, int n, double p0, double p1) {
        return switch (op) {
            case ERF -> erf(x, xo, out, oo, n, p0, p1);
            case SIGMOID -> sigmoid(x, xo, out, oo, n, p0, p1);
            case ELU -> elu(x, xo, out, oo, n, p0, p1);
            case GELU -> gelu(x, xo, out, oo, n, p0, p1);
            case GELU_TANH -> geluTanh(x, xo, out, oo, n, p0, p1);
            case SILU -> silu(x, xo, out, oo, n, p0, p1);
            case SOFTPLUS -> softplus(x, xo, out, oo, n, p0, p1);
            default -> throw new IllegalArgumentException(op + " is not a double-lane formula");
        };
    }

    /** Erf and the composite activations in double lanes, one loop method per operation as {@link #widened}. */
    static int formula(Unary op, double[] x, int xo, double[] out, int oo, int n, double p0, double p1) {
        return switch (op) {
            case ERF -> erf(x, xo, out, oo, n, p0, p1);
            case SIGMOID -> sigmoid(x, xo, out, oo, n, p0, p1);
            case ELU -> elu(x, xo, out, oo, n, p0, p1);
            case GELU -> gelu(x, xo, out, oo, n, p0, p1);
            case GELU_TANH -> geluTanh(x, xo, out, oo, n, p0, p1);
            case SILU -> silu(x, xo, out, oo, n, p0, p1);
            case SOFTPLUS -> softplus(x, xo, out, oo, n, p0, p1);
            default -> throw new IllegalArgumentException(op + " is not a double-lane formula");
        };
    }

    private static int erf(float[] x, int xo, float[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        for (int bound = F_D.loopBound(n); i < bound; i += F_D.length()) {
            DoubleVector v = widen(x, xo + i);
            narrow(VectorMath.erf(v)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int erf(double[] x, int xo, double[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
            VectorMath.erf(v).intoArray(out, oo + i);
        }
        return i;
    }

    private static int sigmoid(float[] x, int xo, float[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            VectorTranscendentals.sigmoid(FloatVector.fromArray(F, x, xo + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int sigmoid(double[] x, int xo, double[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
            VectorMath.sigmoid(v).intoArray(out, oo + i);
        }
        return i;
    }

    private static int elu(float[] x, int xo, float[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        for (int bound = F_D.loopBound(n); i < bound; i += F_D.length()) {
            DoubleVector v = widen(x, xo + i);
            narrow(VectorMath.elu(v, p0)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int elu(double[] x, int xo, double[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
            VectorMath.elu(v, p0).intoArray(out, oo + i);
        }
        return i;
    }

    private static int gelu(float[] x, int xo, float[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        for (int bound = F_D.loopBound(n); i < bound; i += F_D.length()) {
            DoubleVector v = widen(x, xo + i);
            narrow(VectorMath.gelu(v)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int gelu(double[] x, int xo, double[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
            VectorMath.gelu(v).intoArray(out, oo + i);
        }
        return i;
    }

    private static int geluTanh(float[] x, int xo, float[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        for (int bound = F_D.loopBound(n); i < bound; i += F_D.length()) {
            DoubleVector v = widen(x, xo + i);
            narrow(VectorMath.geluTanh(v)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int geluTanh(double[] x, int xo, double[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
            VectorMath.geluTanh(v).intoArray(out, oo + i);
        }
        return i;
    }

    private static int silu(float[] x, int xo, float[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        for (int bound = F_D.loopBound(n); i < bound; i += F_D.length()) {
            DoubleVector v = widen(x, xo + i);
            narrow(VectorMath.silu(v)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int silu(double[] x, int xo, double[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
            VectorMath.silu(v).intoArray(out, oo + i);
        }
        return i;
    }

    private static int softplus(float[] x, int xo, float[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        for (int bound = F_D.loopBound(n); i < bound; i += F_D.length()) {
            DoubleVector v = widen(x, xo + i);
            narrow(VectorMath.softplus(v, p0, p1)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int softplus(double[] x, int xo, double[] out, int oo, int n, double p0, double p1) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector v = DoubleVector.fromArray(D, x, xo + i);
            VectorMath.softplus(v, p0, p1).intoArray(out, oo + i);
        }
        return i;
    }

    private static int exp(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            VectorTranscendentals.exp(FloatVector.fromArray(F, x, xo + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int exp(double[] x, int xo, double[] out, int oo, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            VectorTranscendentals.exp(DoubleVector.fromArray(D, x, xo + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int expm1(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            VectorTranscendentals.expm1(FloatVector.fromArray(F, x, xo + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int expm1(double[] x, int xo, double[] out, int oo, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            VectorTranscendentals.expm1(DoubleVector.fromArray(D, x, xo + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int log(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = F_D.loopBound(n); i < bound; i += F_D.length()) {
            narrow(VectorTranscendentals.log(widen(x, xo + i))).intoArray(out, oo + i);
        }
        return i;
    }

    private static int log(double[] x, int xo, double[] out, int oo, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            VectorTranscendentals.log(DoubleVector.fromArray(D, x, xo + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int log1p(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = F_D.loopBound(n); i < bound; i += F_D.length()) {
            narrow(VectorTranscendentals.log1p(widen(x, xo + i))).intoArray(out, oo + i);
        }
        return i;
    }

    private static int log1p(double[] x, int xo, double[] out, int oo, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            VectorTranscendentals.log1p(DoubleVector.fromArray(D, x, xo + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int tanh(float[] x, int xo, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            VectorTranscendentals.tanh(FloatVector.fromArray(F, x, xo + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static int tanh(double[] x, int xo, double[] out, int oo, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            VectorTranscendentals.tanh(DoubleVector.fromArray(D, x, xo + i)).intoArray(out, oo + i);
        }
        return i;
    }

    private static DoubleVector widen(float[] x, int at) {
        return (DoubleVector) FloatVector.fromArray(F_D, x, at).convertShape(VectorOperators.F2D, D, 0);
    }

    private static FloatVector narrow(DoubleVector v) {
        return (FloatVector) v.convertShape(D2F, F_D, 0);
    }
}

package dev.panagrad.core.kernels;

import dev.panagrad.core.kernels.ElementwiseKernels.Binary;
import dev.panagrad.core.kernels.ElementwiseKernels.Compare;
import dev.panagrad.core.kernels.ElementwiseKernels.Unary;

/**
 * The per-element definition of every element-wise operation: the scalar kernels call it in their
 * loops and the SIMD kernels in their tails, and the SIMD bodies evaluate the same formulas lane by
 * lane (same operations in the same order), so both paths agree.
 *
 * <p>Float inputs: arithmetic, sign, square, reciprocal, square roots, ReLU, leaky ReLU and clamp are
 * computed in float arithmetic (IEEE-exact, so SIMD lanes agree bitwise); every other operation is
 * evaluated in double and rounded once to float.
 *
 * <p>Numerically stable forms: sigmoid uses {@code e = exp(−|x|)} so nothing overflows; softplus is
 * {@code (max(βx, 0) + log1p(exp(−|βx|)))/β} below its threshold; exact GELU is
 * {@code ½·x·erfc(−x/√2)} and the tanh approximation {@code x·σ(2u)} (equal to {@code ½·x·(1 + tanh u)})
 * so that neither loses precision to cancellation for large negative x.
 */
public final class ElementwiseMath {
    /**
     * |x| below which erf is summed as a series; above it erfc is a continued fraction. Below it erfc is
     * 1 − erf, whose cancellation costs at most a factor 1/erfc(2) ≈ 214 in relative error.
     */
    public static final double ERF_SWITCH = 2;
    /** Terms of the erf series: relative error below 1e-15 on [0, 2]. */
    public static final int ERF_SERIES_TERMS = 32;
    /** Levels of the erfc continued fraction: relative error below 4e-15 on [2, ∞). */
    public static final int ERFC_FRACTION_TERMS = 60;
    /** Where the continued fraction's x is capped: erfc(28) underflows to 0, and the convergents (below 34⁶⁰) do not overflow. */
    public static final double ERFC_FRACTION_CAP = 28;
    /** 2/√π. */
    public static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    /** 1/√π. */
    public static final double INV_SQRT_PI = 0.5641895835477563;
    /** 1/√2. */
    public static final double SQRT_HALF = 0.7071067811865476;
    /** √(2/π), the scale of the GELU tanh approximation. */
    public static final double GELU_TANH_SCALE = 0.7978845608028654;
    /** The cubic coefficient of the GELU tanh approximation. */
    public static final double GELU_TANH_CUBIC = 0.044715;

    /** {@code 1/(2k+1)}: the series' term ratio is {@code 2x²/(2k+1)}. Read-only; shared with the SIMD kernels. */
    static final double[] ERF_SERIES_FACTORS = new double[ERF_SERIES_TERMS];

    static {
        for (int k = 0; k < ERF_SERIES_TERMS; k++) {
            ERF_SERIES_FACTORS[k] = 1.0 / (2 * k + 1);
        }
    }

    private ElementwiseMath() {}

    /** {@code 1/(2k+1)}, the factor of the k-th erf series term (k ≥ 1); the SIMD kernels use the same. */
    public static double erfSeriesFactor(int k) {
        return ERF_SERIES_FACTORS[k];
    }

    /** {@code op(x, y)} in float arithmetic ({@code POW} through double). */
    public static float binary(Binary op, float x, float y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
            case POW -> (float) Math.pow(x, y);
        };
    }

    /** {@code op(x, y)}. */
    public static double binary(Binary op, double x, double y) {
        return switch (op) {
            case ADD -> x + y;
            case SUB -> x - y;
            case MUL -> x * y;
            case DIV -> x / y;
            case MAX -> Math.max(x, y);
            case MIN -> Math.min(x, y);
            case POW -> Math.pow(x, y);
        };
    }

    /** {@code op(x; p0, p1)} for a float: the exact operations in float, the others in double. */
    public static float unary(Unary op, float x, double p0, double p1) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1f / x;
            case SQRT -> (float) Math.sqrt(x);
            case RSQRT -> 1f / (float) Math.sqrt(x);
            case RELU -> x < 0 ? 0f : x;
            case LEAKY_RELU -> x > 0 ? x : x * (float) p0;
            case CLAMP -> Math.min(Math.max(x, (float) p0), (float) p1);
            default -> (float) unary(op, (double) x, p0, p1);
        };
    }

    /**
     * {@code op(x; p0, p1)}:
     * NEG −x; ABS |x|; SIGN {@link Math#signum}; SQUARE x²; RECIPROCAL 1/x; SQRT √x; RSQRT 1/√x;
     * EXP, EXPM1, LOG, LOG1P, SIN, COS, TANH as {@link Math}; ERF {@link #erf}; SIGMOID 1/(1+e^−x);
     * RELU {@code x < 0 ? 0 : x} (keeps −0.0 and NaN); LEAKY_RELU {@code x > 0 ? x : p0·x};
     * ELU {@code x > 0 ? x : p0·(eˣ − 1)}; GELU {@code x·Φ(x)}; GELU_TANH
     * {@code ½x(1 + tanh(√(2/π)(x + 0.044715x³)))}; SILU {@code x·σ(x)}; SOFTPLUS
     * {@code βx > threshold ? x : ln(1 + e^{βx})/β} with β = p0, threshold = p1; CLAMP
     * {@code min(max(x, p0), p1)}.
     */
    public static double unary(Unary op, double x, double p0, double p1) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1 / x;
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1 / Math.sqrt(x);
            case EXP -> Math.exp(x);
            case EXPM1 -> Math.expm1(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TANH -> Math.tanh(x);
            case ERF -> erf(x);
            case SIGMOID -> sigmoid(x);
            case RELU -> x < 0 ? 0 : x;
            case LEAKY_RELU -> x > 0 ? x : x * p0;
            case ELU -> x > 0 ? x : p0 * Math.expm1(x);
            case GELU -> 0.5 * x * erfc(-x * SQRT_HALF);
            case GELU_TANH -> x * sigmoid(2 * geluTanhArgument(x));
            case SILU -> x * sigmoid(x);
            case SOFTPLUS -> softplus(x, p0, p1);
            case CLAMP -> Math.min(Math.max(x, p0), p1);
        };
    }

    /** Whether {@code op(x, y)} holds (IEEE: false for NaN except {@code NE}). */
    public static boolean compare(Compare op, double x, double y) {
        return switch (op) {
            case EQ -> x == y;
            case NE -> x != y;
            case LT -> x < y;
            case LE -> x <= y;
            case GT -> x > y;
            case GE -> x >= y;
        };
    }

    /** Whether {@code op(x, y)} holds. */
    public static boolean compare(Compare op, int x, int y) {
        return switch (op) {
            case EQ -> x == y;
            case NE -> x != y;
            case LT -> x < y;
            case LE -> x <= y;
            case GT -> x > y;
            case GE -> x >= y;
        };
    }

    /** The logistic function 1/(1 + e^−x), from {@code e = exp(−|x|)} so it never overflows. */
    public static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        double r = 1 / (1 + e);
        return x >= 0 ? r : e * r;
    }

    /** {@code βx > threshold ? x : (max(βx, 0) + log1p(exp(−|βx|)))/β}, which equals ln(1 + e^{βx})/β. */
    public static double softplus(double x, double beta, double threshold) {
        double bx = beta * x;
        return bx > threshold ? x : (Math.max(bx, 0) + Math.log1p(Math.exp(-Math.abs(bx)))) / beta;
    }

    /** {@code √(2/π)·(x + 0.044715·x³)}. */
    public static double geluTanhArgument(double x) {
        return GELU_TANH_SCALE * (x + GELU_TANH_CUBIC * (x * x * x));
    }

    /**
     * The error function, to about 1e-14 relative error: for |x| &lt; 2 the everywhere-positive series
     * {@code erf x = 2/√π·e^{−x²}·Σ 2ⁿx^{2n+1}/(1·3···(2n+1))} (no cancellation), beyond it
     * {@code 1 − erfc|x|} from {@link #erfcFraction}, with the sign of x.
     */
    public static double erf(double x) {
        double ax = Math.abs(x);
        if (ax < ERF_SWITCH) {
            return erfSeries(x);
        }
        double r = 1 - erfcFraction(ax);
        return x < 0 ? -r : r;
    }

    /** The complementary error function 1 − erf x, accurate relative to its own (tiny) value for large x. */
    public static double erfc(double x) {
        double ax = Math.abs(x);
        if (ax < ERF_SWITCH) {
            return 1 - erfSeries(x);
        }
        double c = erfcFraction(ax);
        return x < 0 ? 2 - c : c;
    }

    /** The series part of {@link #erf}, with a fixed number of terms (the SIMD kernels sum the same terms). */
    public static double erfSeries(double x) {
        double x2 = x * x;
        double twoX2 = 2 * x2;
        double term = x;
        double sum = x;
        for (int k = 1; k < ERF_SERIES_TERMS; k++) {
            term = term * (twoX2 * ERF_SERIES_FACTORS[k]);
            sum = sum + term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /**
     * erfc of {@code ax ≥ 2} from Laplace's continued fraction
     * {@code erfc x = e^{−x²}/√π · 1/K, K = x + (1/2)/(x + 1/(x + (3/2)/(x + …)))}, K evaluated by the
     * forward recurrences of its convergents' numerators and denominators (no division until the end;
     * all terms positive, so the recurrence is stable). x is capped at {@link #ERFC_FRACTION_CAP} inside
     * K, where e^{−x²} has already underflowed to 0, so the recurrences never overflow.
     */
    public static double erfcFraction(double ax) {
        double x = Math.min(ax, ERFC_FRACTION_CAP);
        double a2 = 1;
        double a1 = x;
        double b2 = 0;
        double b1 = 1;
        for (int k = 1; k <= ERFC_FRACTION_TERMS; k++) {
            double h = 0.5 * k;
            double a = x * a1 + h * a2;
            double b = x * b1 + h * b2;
            a2 = a1;
            a1 = a;
            b2 = b1;
            b1 = b;
        }
        return INV_SQRT_PI * Math.exp(-ax * ax) * (b1 / a1);
    }
}

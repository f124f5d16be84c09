package dev.panagrad.core.kernels;

/**
 * Element-wise loops over arrays. Operands are read from {@code a[ao + i*as]}, {@code b[bo + i*bs]}
 * (and a mask from {@code mask[mo + i*ms]}) with strides of 0 (a broadcast scalar) or 1; results are
 * written to {@code out[oo + i]} for {@code i < n}. Nothing else is read or written.
 *
 * <p>What each operation computes, element by element, is defined once in {@link ElementwiseMath};
 * implementations must agree with it bitwise for the arithmetic, sign, clamp and ReLU-family
 * operations and within 2 ulp for the transcendental ones.
 */
public interface ElementwiseKernels {
    /** The implementation chosen at start-up. */
    ElementwiseKernels INSTANCE = Kernels.choose(ElementwiseKernels.class, new ScalarElementwise(), "VectorElementwise");

    /** Binary operations: IEEE {@code + − × ÷}, {@link Math#max}, {@link Math#min}, {@link Math#pow}. */
    enum Binary { ADD, SUB, MUL, DIV, MAX, MIN, POW }

    /**
     * Unary operations. {@link #LEAKY_RELU} takes its negative slope in {@code p0}, {@link #ELU} its
     * alpha in {@code p0}, {@link #SOFTPLUS} beta in {@code p0} and threshold in {@code p1},
     * {@link #CLAMP} the bounds {@code [p0, p1]}; the others ignore {@code p0, p1}. See
     * {@link ElementwiseMath#unary(Unary, double, double, double)} for each formula.
     */
    enum Unary {
        NEG, ABS, SIGN, SQUARE, RECIPROCAL, SQRT, RSQRT,
        EXP, EXPM1, LOG, LOG1P, SIN, COS, TANH, ERF,
        SIGMOID, RELU, LEAKY_RELU, ELU, GELU, GELU_TANH, SILU, SOFTPLUS, CLAMP
    }

    /**
     * Three-operand ops of the form {@code a + f(b, c)·v} with a scalar v: {@link #ADDCMUL}
     * {@code a + (b × c)·v}, {@link #ADDCDIV} {@code a + (b ÷ c)·v}. Each operation is rounded to the
     * dtype in that order (v itself first rounded to it), exactly as the composition
     * {@code a.add(b.mul(c).mul(v))} of separate kernels would, and never fused into an FMA.
     */
    enum Ternary { ADDCMUL, ADDCDIV }

    /** Comparisons with IEEE semantics (every comparison with NaN is false except {@code NE}). */
    enum Compare { EQ, NE, LT, LE, GT, GE }

    /** {@code out[oo+i] = op(a[ao+i*as], b[bo+i*bs])}. */
    void binary(Binary op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n);

    /** {@code out[oo+i] = op(a[ao+i*as], b[bo+i*bs])}. */
    void binary(Binary op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n);

    /** {@code out[oo+i] = a[ao+i*as] + f(b[bo+i*bs], c[co+i*cs])·(float) v}, see {@link Ternary}. */
    void ternary(Ternary op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int cs, double v,
            float[] out, int oo, int n);

    /** {@code out[oo+i] = a[ao+i*as] + f(b[bo+i*bs], c[co+i*cs])·v}, see {@link Ternary}. */
    void ternary(Ternary op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] c, int co, int cs, double v,
            double[] out, int oo, int n);

    /** {@code out[oo+i] = op(x[xo+i]; p0, p1)}. */
    void unary(Unary op, float[] x, int xo, float[] out, int oo, int n, double p0, double p1);

    /** {@code out[oo+i] = op(x[xo+i]; p0, p1)}. */
    void unary(Unary op, double[] x, int xo, double[] out, int oo, int n, double p0, double p1);

    /** {@code out[oo+i] = op(a[ao+i*as], b[bo+i*bs]) ? 1 : 0}. */
    void compare(Compare op, float[] a, int ao, int as, float[] b, int bo, int bs, int[] out, int oo, int n);

    /** {@code out[oo+i] = op(a[ao+i*as], b[bo+i*bs]) ? 1 : 0}. */
    void compare(Compare op, double[] a, int ao, int as, double[] b, int bo, int bs, int[] out, int oo, int n);

    /** {@code out[oo+i] = op(a[ao+i*as], b[bo+i*bs]) ? 1 : 0}. */
    void compare(Compare op, int[] a, int ao, int as, int[] b, int bo, int bs, int[] out, int oo, int n);

    /** {@code out[oo+i] = mask[mo+i*ms] != 0 ? a[ao+i*as] : b[bo+i*bs]}. */
    void where(int[] mask, int mo, int ms, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n);

    /** {@code out[oo+i] = mask[mo+i*ms] != 0 ? a[ao+i*as] : b[bo+i*bs]}. */
    void where(int[] mask, int mo, int ms, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n);

    /** {@code out[oo+i] = mask[mo+i*ms] != 0 ? a[ao+i*as] : b[bo+i*bs]}. */
    void where(int[] mask, int mo, int ms, int[] a, int ao, int as, int[] b, int bo, int bs, int[] out, int oo, int n);

    /**
     * The gradient of relu and leakyRelu in one pass: {@code out[oo+i] = x[xo+i] > 0 ? g[go+i] : e}, where
     * e is {@code g[go+i]·(float) negativeSlope} when {@code leaky}, else +0. Bitwise what the
     * composition {@code where(x.gt(0), g, leaky ? g.mul(slope) : 0)} gives (NaN x selects e).
     */
    void reluBackward(float[] x, int xo, float[] g, int go, float[] out, int oo, int n, boolean leaky, double negativeSlope);

    /** {@link #reluBackward(float[], int, float[], int, float[], int, int, boolean, double)} in double. */
    void reluBackward(double[] x, int xo, double[] g, int go, double[] out, int oo, int n, boolean leaky, double negativeSlope);
}

package dev.panagrad.core.kernels;

/**
 * Element-wise loops over arrays. Operands are read from {@code a[ao + i*as]} and {@code b[bo + i*bs]}
 * with strides of 0 (a broadcast scalar) or 1; results are written to {@code out[oo + i]} for
 * {@code i < n}. Nothing else is read or written.
 */
public interface ElementwiseKernels {
    /** The implementation chosen at start-up. */
    ElementwiseKernels INSTANCE = Kernels.choose(ElementwiseKernels.class, new ScalarElementwise(), "VectorElementwise");

    /** Binary operations. */
    enum Binary { ADD, SUB, MUL, DIV, MAX, MIN, POW }

    /** Unary operations; some take parameters {@code p0, p1} (documented per constant). */
    enum Unary {
        NEG, EXP, LOG
    }

    /** {@code out[oo+i] = op(a[ao+i*as], b[bo+i*bs])}. */
    void binary(Binary op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n);

    /** {@code out[oo+i] = op(a[ao+i*as], b[bo+i*bs])}. */
    void binary(Binary op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n);

    /** {@code out[oo+i] = op(x[xo+i]; p0, p1)}. */
    void unary(Unary op, float[] x, int xo, float[] out, int oo, int n, double p0, double p1);

    /** {@code out[oo+i] = op(x[xo+i]; p0, p1)}. */
    void unary(Unary op, double[] x, int xo, double[] out, int oo, int n, double p0, double p1);
}

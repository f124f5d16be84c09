package dev.panagrad.core.kernels.simd;

import static jdk.incubator.vector.VectorOperators.D2F;
import static jdk.incubator.vector.VectorOperators.F2D;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LT;
import static jdk.incubator.vector.VectorOperators.NE;

import dev.panagrad.core.kernels.ElementwiseKernels;
import dev.panagrad.core.kernels.ElementwiseMath;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise kernels on the Vector API's preferred species: a vector body, then a {@code // scalar tail}
 * through {@link ElementwiseMath}. Arithmetic, sign, square, reciprocal, square roots, ReLU, leaky
 * ReLU, clamp, max and min are the same IEEE operation per lane as the scalar kernels (bitwise equal);
 * exp, log, log1p, expm1, sin, cos and tanh use the Vector API's float or double versions (within
 * 1 ulp of {@link Math}); pow, erf and the composite activations of float inputs are evaluated in
 * double lanes ({@link VectorMath}) and rounded once, as the scalar kernels do.
 *
 * <p>Every loop names its Vector API operators as constants (a switch on the op around constant
 * operators, never a {@code VectorOperators} variable): the Vector API intrinsifies only constant
 * operators, and a variable one falls back to a per-lane Java loop some 20–50 times slower.
 */
public final class VectorElementwise implements ElementwiseKernels {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    /** Ints with as many lanes as {@link #F}: masks and comparison results of float vectors. */
    static final VectorSpecies<Integer> I_F = VectorSpecies.of(int.class, F.vectorShape());
    /** Half-width shape: as many float or int lanes as {@link #D} has double lanes. */
    private static final VectorShape HALF = VectorShape.forBitSize(D.vectorBitSize() / 2);
    /** Floats with as many lanes as {@link #D}, widened to doubles for the double-lane formulas. */
    static final VectorSpecies<Float> F_D = VectorSpecies.of(float.class, HALF);
    /** Ints with as many lanes as {@link #D}. */
    static final VectorSpecies<Integer> I_D = VectorSpecies.of(int.class, HALF);
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;

    /** Loaded by {@code Kernels} by name. */
    public VectorElementwise() {}

    // ------------------------------------------------------------------ binary

    /*
     * Binary ops: one method per op and dtype, each with one loop per stride pattern (both contiguous,
     * one operand a broadcast scalar, both scalars), so that neither the op nor the strides are tested
     * inside a loop and C2 can hoist the array bounds checks out of it. A broadcast operand is loaded
     * once, before its loop.
     */

    @Override
    public void binary(Binary op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = switch (op) {
            case ADD -> add(a, ao, as, b, bo, bs, out, oo, n);
            case SUB -> sub(a, ao, as, b, bo, bs, out, oo, n);
            case MUL -> mul(a, ao, as, b, bo, bs, out, oo, n);
            case DIV -> div(a, ao, as, b, bo, bs, out, oo, n);
            case MAX -> max(a, ao, as, b, bo, bs, out, oo, n);
            case MIN -> min(a, ao, as, b, bo, bs, out, oo, n);
            case POW -> pow(a, ao, as, b, bo, bs, out, oo, n);
        };
        // scalar tail
        for (; i < n; i++) {
            out[oo + i] = ElementwiseMath.binary(op, a[ao + i * as], b[bo + i * bs]);
        }
    }

    @Override
    public void binary(Binary op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        int i = switch (op) {
            case ADD -> add(a, ao, as, b, bo, bs, out, oo, n);
            case SUB -> sub(a, ao, as, b, bo, bs, out, oo, n);
            case MUL -> mul(a, ao, as, b, bo, bs, out, oo, n);
            case DIV -> div(a, ao, as, b, bo, bs, out, oo, n);
            case MAX -> max(a, ao, as, b, bo, bs, out, oo, n);
            case MIN -> min(a, ao, as, b, bo, bs, out, oo, n);
            case POW -> pow(a, ao, as, b, bo, bs, out, oo, n);
        };
        // scalar tail
        for (; i < n; i++) {
            out[oo + i] = ElementwiseMath.binary(op, a[ao + i * as], b[bo + i * bs]);
        }
    }

    /** The vector body of ADD: returns the index where the scalar tail starts. */
    private static int add(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int bound = F.loopBound(n), i = 0;
        if (bound == 0) {
            return 0;
        }
        if (as == 1 && bs == 1) {
            for (; i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, ao + i).add(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
            }
        } else if (as == 1) {
            FloatVector y = FloatVector.broadcast(F, b[bo]);
            for (; i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, ao + i).add(y).intoArray(out, oo + i);
            }
        } else if (bs == 1) {
            FloatVector x = FloatVector.broadcast(F, a[ao]);
            for (; i < bound; i += F.length()) {
                x.add(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
            }
        } else {
            FloatVector z = FloatVector.broadcast(F, a[ao]).add(FloatVector.broadcast(F, b[bo]));
            for (; i < bound; i += F.length()) {
                z.intoArray(out, oo + i);
            }
        }
        return i;
    }

    /** The vector body of SUB: returns the index where the scalar tail starts. */
    private static int sub(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int bound = F.loopBound(n), i = 0;
        if (bound == 0) {
            return 0;
        }
        if (as == 1 && bs == 1) {
            for (; i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, ao + i).sub(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
            }
        } else if (as == 1) {
            FloatVector y = FloatVector.broadcast(F, b[bo]);
            for (; i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, ao + i).sub(y).intoArray(out, oo + i);
            }
        } else if (bs == 1) {
            FloatVector x = FloatVector.broadcast(F, a[ao]);
            for (; i < bound; i += F.length()) {
                x.sub(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
            }
        } else {
            FloatVector z = FloatVector.broadcast(F, a[ao]).sub(FloatVector.broadcast(F, b[bo]));
            for (; i < bound; i += F.length()) {
                z.intoArray(out, oo + i);
            }
        }
        return i;
    }

    /** The vector body of MUL: returns the index where the scalar tail starts. */
    private static int mul(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int bound = F.loopBound(n), i = 0;
        if (bound == 0) {
            return 0;
        }
        if (as == 1 && bs == 1) {
            for (; i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, ao + i).mul(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
            }
        } else if (as == 1) {
            FloatVector y = FloatVector.broadcast(F, b[bo]);
            for (; i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, ao + i).mul(y).intoArray(out, oo + i);
            }
        } else if (bs == 1) {
            FloatVector x = FloatVector.broadcast(F, a[ao]);
            for (; i < bound; i += F.length()) {
                x.mul(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
            }
        } else {
            FloatVector z = FloatVector.broadcast(F, a[ao]).mul(FloatVector.broadcast(F, b[bo]));
            for (; i < bound; i += F.length()) {
                z.intoArray(out, oo + i);
            }
        }
        return i;
    }

    /** The vector body of DIV: returns the index where the scalar tail starts. */
    private static int div(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int bound = F.loopBound(n), i = 0;
        if (bound == 0) {
            return 0;
        }
        if (as == 1 && bs == 1) {
            for (; i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, ao + i).div(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
            }
        } else if (as == 1) {
            FloatVector y = FloatVector.broadcast(F, b[bo]);
            for (; i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, ao + i).div(y).intoArray(out, oo + i);
            }
        } else if (bs == 1) {
            FloatVector x = FloatVector.broadcast(F, a[ao]);
            for (; i < bound; i += F.length()) {
                x.div(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
            }
        } else {
            FloatVector z = FloatVector.broadcast(F, a[ao]).div(FloatVector.broadcast(F, b[bo]));
            for (; i < bound; i += F.length()) {
                z.intoArray(out, oo + i);
            }
        }
        return i;
    }

    /** The vector body of MAX: returns the index where the scalar tail starts. */
    private static int max(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int bound = F.loopBound(n), i = 0;
        if (bound == 0) {
            return 0;
        }
        if (as == 1 && bs == 1) {
            for (; i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, ao + i).max(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
            }
        } else if (as == 1) {
            FloatVector y = FloatVector.broadcast(F, b[bo]);
            for (; i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, ao + i).max(y).intoArray(out, oo + i);
            }
        } else if (bs == 1) {
            FloatVector x = FloatVector.broadcast(F, a[ao]);
            for (; i < bound; i += F.length()) {
                x.max(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
            }
        } else {
            FloatVector z = FloatVector.broadcast(F, a[ao]).max(FloatVector.broadcast(F, b[bo]));
            for (; i < bound; i += F.length()) {
                z.intoArray(out, oo + i);
            }
        }
        return i;
    }

    /** The vector body of MIN: returns the index where the scalar tail starts. */
    private static int min(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int bound = F.loopBound(n), i = 0;
        if (bound == 0) {
            return 0;
        }
        if (as == 1 && bs == 1) {
            for (; i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, ao + i).min(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
            }
        } else if (as == 1) {
            FloatVector y = FloatVector.broadcast(F, b[bo]);
            for (; i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, ao + i).min(y).intoArray(out, oo + i);
            }
        } else if (bs == 1) {
            FloatVector x = FloatVector.broadcast(F, a[ao]);
            for (; i < bound; i += F.length()) {
                x.min(FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
            }
        } else {
            FloatVector z = FloatVector.broadcast(F, a[ao]).min(FloatVector.broadcast(F, b[bo]));
            for (; i < bound; i += F.length()) {
                z.intoArray(out, oo + i);
            }
        }
        return i;
    }

    /** The vector body of ADD: returns the index where the scalar tail starts. */
    private static int add(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        int bound = D.loopBound(n), i = 0;
        if (bound == 0) {
            return 0;
        }
        if (as == 1 && bs == 1) {
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, a, ao + i).add(DoubleVector.fromArray(D, b, bo + i)).intoArray(out, oo + i);
            }
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(D, b[bo]);
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, a, ao + i).add(y).intoArray(out, oo + i);
            }
        } else if (bs == 1) {
            DoubleVector x = DoubleVector.broadcast(D, a[ao]);
            for (; i < bound; i += D.length()) {
                x.add(DoubleVector.fromArray(D, b, bo + i)).intoArray(out, oo + i);
            }
        } else {
            DoubleVector z = DoubleVector.broadcast(D, a[ao]).add(DoubleVector.broadcast(D, b[bo]));
            for (; i < bound; i += D.length()) {
                z.intoArray(out, oo + i);
            }
        }
        return i;
    }

    /** The vector body of SUB: returns the index where the scalar tail starts. */
    private static int sub(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        int bound = D.loopBound(n), i = 0;
        if (bound == 0) {
            return 0;
        }
        if (as == 1 && bs == 1) {
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, a, ao + i).sub(DoubleVector.fromArray(D, b, bo + i)).intoArray(out, oo + i);
            }
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(D, b[bo]);
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, a, ao + i).sub(y).intoArray(out, oo + i);
            }
        } else if (bs == 1) {
            DoubleVector x = DoubleVector.broadcast(D, a[ao]);
            for (; i < bound; i += D.length()) {
                x.sub(DoubleVector.fromArray(D, b, bo + i)).intoArray(out, oo + i);
            }
        } else {
            DoubleVector z = DoubleVector.broadcast(D, a[ao]).sub(DoubleVector.broadcast(D, b[bo]));
            for (; i < bound; i += D.length()) {
                z.intoArray(out, oo + i);
            }
        }
        return i;
    }

    /** The vector body of MUL: returns the index where the scalar tail starts. */
    private static int mul(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        int bound = D.loopBound(n), i = 0;
        if (bound == 0) {
            return 0;
        }
        if (as == 1 && bs == 1) {
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, a, ao + i).mul(DoubleVector.fromArray(D, b, bo + i)).intoArray(out, oo + i);
            }
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(D, b[bo]);
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, a, ao + i).mul(y).intoArray(out, oo + i);
            }
        } else if (bs == 1) {
            DoubleVector x = DoubleVector.broadcast(D, a[ao]);
            for (; i < bound; i += D.length()) {
                x.mul(DoubleVector.fromArray(D, b, bo + i)).intoArray(out, oo + i);
            }
        } else {
            DoubleVector z = DoubleVector.broadcast(D, a[ao]).mul(DoubleVector.broadcast(D, b[bo]));
            for (; i < bound; i += D.length()) {
                z.intoArray(out, oo + i);
            }
        }
        return i;
    }

    /** The vector body of DIV: returns the index where the scalar tail starts. */
    private static int div(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        int bound = D.loopBound(n), i = 0;
        if (bound == 0) {
            return 0;
        }
        if (as == 1 && bs == 1) {
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, a, ao + i).div(DoubleVector.fromArray(D, b, bo + i)).intoArray(out, oo + i);
            }
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(D, b[bo]);
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, a, ao + i).div(y).intoArray(out, oo + i);
            }
        } else if (bs == 1) {
            DoubleVector x = DoubleVector.broadcast(D, a[ao]);
            for (; i < bound; i += D.length()) {
                x.div(DoubleVector.fromArray(D, b, bo + i)).intoArray(out, oo + i);
            }
        } else {
            DoubleVector z = DoubleVector.broadcast(D, a[ao]).div(DoubleVector.broadcast(D, b[bo]));
            for (; i < bound; i += D.length()) {
                z.intoArray(out, oo + i);
            }
        }
        return i;
    }

    /** The vector body of MAX: returns the index where the scalar tail starts. */
    private static int max(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        int bound = D.loopBound(n), i = 0;
        if (bound == 0) {
            return 0;
        }
        if (as == 1 && bs == 1) {
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, a, ao + i).max(DoubleVector.fromArray(D, b, bo + i)).intoArray(out, oo + i);
            }
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(D, b[bo]);
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, a, ao + i).max(y).intoArray(out, oo + i);
            }
        } else if (bs == 1) {
            DoubleVector x = DoubleVector.broadcast(D, a[ao]);
            for (; i < bound; i += D.length()) {
                x.max(DoubleVector.fromArray(D, b, bo + i)).intoArray(out, oo + i);
            }
        } else {
            DoubleVector z = DoubleVector.broadcast(D, a[ao]).max(DoubleVector.broadcast(D, b[bo]));
            for (; i < bound; i += D.length()) {
                z.intoArray(out, oo + i);
            }
        }
        return i;
    }

    /** The vector body of MIN: returns the index where the scalar tail starts. */
    private static int min(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        int bound = D.loopBound(n), i = 0;
        if (bound == 0) {
            return 0;
        }
        if (as == 1 && bs == 1) {
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, a, ao + i).min(DoubleVector.fromArray(D, b, bo + i)).intoArray(out, oo + i);
            }
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(D, b[bo]);
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, a, ao + i).min(y).intoArray(out, oo + i);
            }
        } else if (bs == 1) {
            DoubleVector x = DoubleVector.broadcast(D, a[ao]);
            for (; i < bound; i += D.length()) {
                x.min(DoubleVector.fromArray(D, b, bo + i)).intoArray(out, oo + i);
            }
        } else {
            DoubleVector z = DoubleVector.broadcast(D, a[ao]).min(DoubleVector.broadcast(D, b[bo]));
            for (; i < bound; i += D.length()) {
                z.intoArray(out, oo + i);
            }
        }
        return i;
    }

    /** The vector body of float POW, in double lanes rounded once to float. */
    private static int pow(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        int i = 0;
        for (int bound = F_D.loopBound(n); i < bound; i += F_D.length()) {
            DoubleVector z = widen(a, ao, as, i).lanewise(VectorOperators.POW, widen(b, bo, bs, i));
            ((FloatVector) z.convertShape(D2F, F_D, 0)).intoArray(out, oo + i);
        }
        return i;
    }

    /** The vector body of double POW (the Vector API's pow; a rare op, strides tested per vector). */
    private static int pow(double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            load(a, ao, as, i).lanewise(VectorOperators.POW, load(b, bo, bs, i)).intoArray(out, oo + i);
        }
        return i;
    }

    // ------------------------------------------------------------------ ternary

    /*
     * a + f(b, c)·v: the contiguous case (every operand of an optimizer update) has a loop of its own;
     * broadcast operands are loaded per vector. Products and quotients are separate roundings, in the
     * order of the scalar kernel: no FMA.
     */

    @Override
    public void ternary(Ternary op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int cs, double v,
            float[] out, int oo, int n) {
        float w = (float) v;
        FloatVector wv = FloatVector.broadcast(F, w);
        int i = 0;
        int bound = F.loopBound(n);
        boolean contiguous = as == 1 && bs == 1 && cs == 1;
        if (op == Ternary.ADDCMUL) {
            if (contiguous) {
                for (; i < bound; i += F.length()) {
                    FloatVector p = FloatVector.fromArray(F, b, bo + i).mul(FloatVector.fromArray(F, c, co + i)).mul(wv);
                    FloatVector.fromArray(F, a, ao + i).add(p).intoArray(out, oo + i);
                }
            } else {
                for (; i < bound; i += F.length()) {
                    load(a, ao, as, i).add(load(b, bo, bs, i).mul(load(c, co, cs, i)).mul(wv)).intoArray(out, oo + i);
                }
            }
            // scalar tail
            for (; i < n; i++) {
                out[oo + i] = a[ao + i * as] + b[bo + i * bs] * c[co + i * cs] * w;
            }
        } else {
            if (contiguous) {
                for (; i < bound; i += F.length()) {
                    FloatVector q = FloatVector.fromArray(F, b, bo + i).div(FloatVector.fromArray(F, c, co + i)).mul(wv);
                    FloatVector.fromArray(F, a, ao + i).add(q).intoArray(out, oo + i);
                }
            } else {
                for (; i < bound; i += F.length()) {
                    load(a, ao, as, i).add(load(b, bo, bs, i).div(load(c, co, cs, i)).mul(wv)).intoArray(out, oo + i);
                }
            }
            // scalar tail
            for (; i < n; i++) {
                out[oo + i] = a[ao + i * as] + b[bo + i * bs] / c[co + i * cs] * w;
            }
        }
    }

    @Override
    public void ternary(Ternary op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] c, int co, int cs, double v,
            double[] out, int oo, int n) {
        double w = v;
        DoubleVector wv = DoubleVector.broadcast(D, w);
        int i = 0;
        int bound = D.loopBound(n);
        boolean contiguous = as == 1 && bs == 1 && cs == 1;
        if (op == Ternary.ADDCMUL) {
            if (contiguous) {
                for (; i < bound; i += D.length()) {
                    DoubleVector p = DoubleVector.fromArray(D, b, bo + i).mul(DoubleVector.fromArray(D, c, co + i)).mul(wv);
                    DoubleVector.fromArray(D, a, ao + i).add(p).intoArray(out, oo + i);
                }
            } else {
                for (; i < bound; i += D.length()) {
                    load(a, ao, as, i).add(load(b, bo, bs, i).mul(load(c, co, cs, i)).mul(wv)).intoArray(out, oo + i);
                }
            }
            // scalar tail
            for (; i < n; i++) {
                out[oo + i] = a[ao + i * as] + b[bo + i * bs] * c[co + i * cs] * w;
            }
        } else {
            if (contiguous) {
                for (; i < bound; i += D.length()) {
                    DoubleVector q = DoubleVector.fromArray(D, b, bo + i).div(DoubleVector.fromArray(D, c, co + i)).mul(wv);
                    DoubleVector.fromArray(D, a, ao + i).add(q).intoArray(out, oo + i);
                }
            } else {
                for (; i < bound; i += D.length()) {
                    load(a, ao, as, i).add(load(b, bo, bs, i).div(load(c, co, cs, i)).mul(wv)).intoArray(out, oo + i);
                }
            }
            // scalar tail
            for (; i < n; i++) {
                out[oo + i] = a[ao + i * as] + b[bo + i * bs] / c[co + i * cs] * w;
            }
        }
    }

    // ------------------------------------------------------------------ unary

    @Override
    public void unary(Unary op, float[] x, int xo, float[] out, int oo, int n, double p0, double p1) {
        int i = switch (op) {
            case NEG, ABS, SQRT, EXP, EXPM1, LOG, LOG1P, SIN, COS, TANH -> VectorUnary.lanewise(op, x, xo, out, oo, n);
            case SIGN, SQUARE, RECIPROCAL, RSQRT, RELU, LEAKY_RELU, CLAMP ->
                    VectorUnary.exact(op, x, xo, out, oo, n, (float) p0, (float) p1);
            case ERF, SIGMOID, ELU, GELU, GELU_TANH, SILU, SOFTPLUS -> VectorUnary.widened(op, x, xo, out, oo, n, p0, p1);
        };
        // scalar tail
        for (; i < n; i++) {
            out[oo + i] = ElementwiseMath.unary(op, x[xo + i], p0, p1);
        }
    }

    @Override
    public void unary(Unary op, double[] x, int xo, double[] out, int oo, int n, double p0, double p1) {
        int i = switch (op) {
            case NEG, ABS, SQRT, EXP, EXPM1, LOG, LOG1P, SIN, COS, TANH -> VectorUnary.lanewise(op, x, xo, out, oo, n);
            case SIGN, SQUARE, RECIPROCAL, RSQRT, RELU, LEAKY_RELU, CLAMP -> VectorUnary.exact(op, x, xo, out, oo, n, p0, p1);
            case ERF, SIGMOID, ELU, GELU, GELU_TANH, SILU, SOFTPLUS -> VectorUnary.formula(op, x, xo, out, oo, n, p0, p1);
        };
        // scalar tail
        for (; i < n; i++) {
            out[oo + i] = ElementwiseMath.unary(op, x[xo + i], p0, p1);
        }
    }

    // ------------------------------------------------------------------ compare

    @Override
    public void compare(Compare op, float[] a, int ao, int as, float[] b, int bo, int bs, int[] out, int oo, int n) {
        IntVector zero = IntVector.zero(I_F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector x = load(a, ao, as, i);
            FloatVector y = load(b, bo, bs, i);
            VectorMask<Integer> m = switch (op) {
                case EQ -> x.compare(VectorOperators.EQ, y).cast(I_F);
                case NE -> x.compare(NE, y).cast(I_F);
                case LT -> x.compare(LT, y).cast(I_F);
                case LE -> x.compare(VectorOperators.LE, y).cast(I_F);
                case GT -> x.compare(GT, y).cast(I_F);
                case GE -> x.compare(VectorOperators.GE, y).cast(I_F);
            };
            zero.blend(1, m).intoArray(out, oo + i);
        }
        // scalar tail
        for (; i < n; i++) {
            out[oo + i] = ElementwiseMath.compare(op, a[ao + i * as], b[bo + i * bs]) ? 1 : 0;
        }
    }

    @Override
    public void compare(Compare op, double[] a, int ao, int as, double[] b, int bo, int bs, int[] out, int oo, int n) {
        IntVector zero = IntVector.zero(I_D);
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector x = load(a, ao, as, i);
            DoubleVector y = load(b, bo, bs, i);
            VectorMask<Integer> m = switch (op) {
                case EQ -> x.compare(VectorOperators.EQ, y).cast(I_D);
                case NE -> x.compare(NE, y).cast(I_D);
                case LT -> x.compare(LT, y).cast(I_D);
                case LE -> x.compare(VectorOperators.LE, y).cast(I_D);
                case GT -> x.compare(GT, y).cast(I_D);
                case GE -> x.compare(VectorOperators.GE, y).cast(I_D);
            };
            zero.blend(1, m).intoArray(out, oo + i);
        }
        // scalar tail
        for (; i < n; i++) {
            out[oo + i] = ElementwiseMath.compare(op, a[ao + i * as], b[bo + i * bs]) ? 1 : 0;
        }
    }

    @Override
    public void compare(Compare op, int[] a, int ao, int as, int[] b, int bo, int bs, int[] out, int oo, int n) {
        IntVector zero = IntVector.zero(I);
        int i = 0;
        for (int bound = I.loopBound(n); i < bound; i += I.length()) {
            IntVector x = load(I, a, ao, as, i);
            IntVector y = load(I, b, bo, bs, i);
            VectorMask<Integer> m = switch (op) {
                case EQ -> x.compare(VectorOperators.EQ, y);
                case NE -> x.compare(NE, y);
                case LT -> x.compare(LT, y);
                case LE -> x.compare(VectorOperators.LE, y);
                case GT -> x.compare(GT, y);
                case GE -> x.compare(VectorOperators.GE, y);
            };
            zero.blend(1, m).intoArray(out, oo + i);
        }
        // scalar tail
        for (; i < n; i++) {
            out[oo + i] = ElementwiseMath.compare(op, a[ao + i * as], b[bo + i * bs]) ? 1 : 0;
        }
    }

    // ------------------------------------------------------------------ where

    @Override
    public void where(int[] mask, int mo, int ms, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo,
            int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            VectorMask<Float> m = load(I_F, mask, mo, ms, i).compare(NE, 0).cast(F);
            load(b, bo, bs, i).blend(load(a, ao, as, i), m).intoArray(out, oo + i);
        }
        // scalar tail
        for (; i < n; i++) {
            out[oo + i] = mask[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    @Override
    public void where(int[] mask, int mo, int ms, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo,
            int n) {
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            VectorMask<Double> m = load(I_D, mask, mo, ms, i).compare(NE, 0).cast(D);
            load(b, bo, bs, i).blend(load(a, ao, as, i), m).intoArray(out, oo + i);
        }
        // scalar tail
        for (; i < n; i++) {
            out[oo + i] = mask[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    @Override
    public void where(int[] mask, int mo, int ms, int[] a, int ao, int as, int[] b, int bo, int bs, int[] out, int oo, int n) {
        int i = 0;
        for (int bound = I.loopBound(n); i < bound; i += I.length()) {
            VectorMask<Integer> m = load(I, mask, mo, ms, i).compare(NE, 0);
            load(I, b, bo, bs, i).blend(load(I, a, ao, as, i), m).intoArray(out, oo + i);
        }
        // scalar tail
        for (; i < n; i++) {
            out[oo + i] = mask[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    // ------------------------------------------------------------------ loads

    /** Lanes {@code i…} of an operand read with stride 1, or its one element broadcast (stride 0). */
    static FloatVector load(float[] a, int base, int stride, int i) {
        return stride == 1 ? FloatVector.fromArray(F, a, base + i) : FloatVector.broadcast(F, a[base]);
    }

    /** As {@link #load(float[], int, int, int)}, for doubles. */
    static DoubleVector load(double[] a, int base, int stride, int i) {
        return stride == 1 ? DoubleVector.fromArray(D, a, base + i) : DoubleVector.broadcast(D, a[base]);
    }

    /** As {@link #load(float[], int, int, int)}, for ints of species {@code s}. */
    static IntVector load(VectorSpecies<Integer> s, int[] a, int base, int stride, int i) {
        return stride == 1 ? IntVector.fromArray(s, a, base + i) : IntVector.broadcast(s, a[base]);
    }

    /** {@link #F_D} lanes of a float operand, widened to {@link #D}. */
    static DoubleVector widen(float[] a, int base, int stride, int i) {
        FloatVector f = stride == 1 ? FloatVector.fromArray(F_D, a, base + i) : FloatVector.broadcast(F_D, a[base]);
        return (DoubleVector) f.convertShape(F2D, D, 0);
    }

    // ------------------------------------------------------------------ relu gradient

    @Override
    public void reluBackward(float[] x, int xo, float[] g, int go, float[] out, int oo, int n, boolean leaky,
            double negativeSlope) {
        float slope = (float) negativeSlope;
        FloatVector zero = FloatVector.zero(F);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector gv = FloatVector.fromArray(F, g, go + i);
            VectorMask<Float> positive = FloatVector.fromArray(F, x, xo + i).compare(GT, 0f);
            FloatVector otherwise = leaky ? gv.mul(slope) : zero;
            otherwise.blend(gv, positive).intoArray(out, oo + i);
        }
        // scalar tail
        for (; i < n; i++) {
            float gi = g[go + i];
            out[oo + i] = x[xo + i] > 0 ? gi : leaky ? gi * slope : 0f;
        }
    }

    @Override
    public void reluBackward(double[] x, int xo, double[] g, int go, double[] out, int oo, int n, boolean leaky,
            double negativeSlope) {
        DoubleVector zero = DoubleVector.zero(D);
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector gv = DoubleVector.fromArray(D, g, go + i);
            VectorMask<Double> positive = DoubleVector.fromArray(D, x, xo + i).compare(GT, 0.0);
            DoubleVector otherwise = leaky ? gv.mul(negativeSlope) : zero;
            otherwise.blend(gv, positive).intoArray(out, oo + i);
        }
        // scalar tail
        for (; i < n; i++) {
            double gi = g[go + i];
            out[oo + i] = x[xo + i] > 0 ? gi : leaky ? gi * negativeSlope : 0.0;
        }
    }
}

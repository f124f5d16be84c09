package dev.panagrad.core.kernels.simd;

import dev.panagrad.core.kernels.ElementwiseKernels;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise kernels on the Vector API's preferred species. Each loop handles whole vectors, then
 * the scalar tail; arithmetic is the same IEEE operation per lane as the scalar kernels, so + − × ÷
 * max min neg agree bitwise.
 */
public final class VectorElementwise implements ElementwiseKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** Loaded by {@code Kernels} by name. */
    public VectorElementwise() {}

    @Override
    public void binary(Binary op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        VectorOperators.Binary vop = lanewise(op);
        int i = 0;
        int bound = F.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, ao + i).lanewise(vop, FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
            }
        } else if (as == 1) {
            FloatVector y = FloatVector.broadcast(F, b[bo]);
            for (; i < bound; i += F.length()) {
                FloatVector.fromArray(F, a, ao + i).lanewise(vop, y).intoArray(out, oo + i);
            }
        } else if (bs == 1) {
            FloatVector x = FloatVector.broadcast(F, a[ao]);
            for (; i < bound; i += F.length()) {
                x.lanewise(vop, FloatVector.fromArray(F, b, bo + i)).intoArray(out, oo + i);
            }
        }
        // scalar tail
        for (; i < n; i++) {
            out[oo + i] = scalar(op, a[ao + i * as], b[bo + i * bs]);
        }
    }

    @Override
    public void binary(Binary op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        VectorOperators.Binary vop = lanewise(op);
        int i = 0;
        int bound = D.loopBound(n);
        if (as == 1 && bs == 1) {
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, a, ao + i).lanewise(vop, DoubleVector.fromArray(D, b, bo + i)).intoArray(out, oo + i);
            }
        } else if (as == 1) {
            DoubleVector y = DoubleVector.broadcast(D, b[bo]);
            for (; i < bound; i += D.length()) {
                DoubleVector.fromArray(D, a, ao + i).lanewise(vop, y).intoArray(out, oo + i);
            }
        } else if (bs == 1) {
            DoubleVector x = DoubleVector.broadcast(D, a[ao]);
            for (; i < bound; i += D.length()) {
                x.lanewise(vop, DoubleVector.fromArray(D, b, bo + i)).intoArray(out, oo + i);
            }
        }
        // scalar tail
        for (; i < n; i++) {
            out[oo + i] = scalar(op, a[ao + i * as], b[bo + i * bs]);
        }
    }

    @Override
    public void unary(Unary op, float[] x, int xo, float[] out, int oo, int n, double p0, double p1) {
        VectorOperators.Unary vop = lanewise(op);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += F.length()) {
            FloatVector.fromArray(F, x, xo + i).lanewise(vop).intoArray(out, oo + i);
        }
        // scalar tail
        for (; i < n; i++) {
            out[oo + i] = (float) scalar(op, x[xo + i]);
        }
    }

    @Override
    public void unary(Unary op, double[] x, int xo, double[] out, int oo, int n, double p0, double p1) {
        VectorOperators.Unary vop = lanewise(op);
        int i = 0;
        for (int bound = D.loopBound(n); i < bound; i += D.length()) {
            DoubleVector.fromArray(D, x, xo + i).lanewise(vop).intoArray(out, oo + i);
        }
        // scalar tail
        for (; i < n; i++) {
            out[oo + i] = scalar(op, x[xo + i]);
        }
    }

    private static VectorOperators.Binary lanewise(Binary op) {
        return switch (op) {
            case ADD -> VectorOperators.ADD;
            case SUB -> VectorOperators.SUB;
            case MUL -> VectorOperators.MUL;
            case DIV -> VectorOperators.DIV;
            case MAX -> VectorOperators.MAX;
            case MIN -> VectorOperators.MIN;
            case POW -> VectorOperators.POW;
        };
    }

    private static VectorOperators.Unary lanewise(Unary op) {
        return switch (op) {
            case NEG -> VectorOperators.NEG;
            case EXP -> VectorOperators.EXP;
            case LOG -> VectorOperators.LOG;
        };
    }

    private static float scalar(Binary op, float x, float y) {
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

    private static double scalar(Binary op, double x, double y) {
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

    private static double scalar(Unary op, double v) {
        return switch (op) {
            case NEG -> -v;
            case EXP -> Math.exp(v);
            case LOG -> Math.log(v);
        };
    }
}

package dev.panagrad.core.kernels.simd;

import static dev.panagrad.core.kernels.ElementwiseMath.ERFC_FRACTION_TERMS;
import static dev.panagrad.core.kernels.ElementwiseMath.ERF_SERIES_TERMS;
import static dev.panagrad.core.kernels.ElementwiseMath.ERF_SWITCH;
import static dev.panagrad.core.kernels.ElementwiseMath.GELU_TANH_CUBIC;
import static dev.panagrad.core.kernels.ElementwiseMath.GELU_TANH_SCALE;
import static dev.panagrad.core.kernels.ElementwiseMath.INV_SQRT_PI;
import static dev.panagrad.core.kernels.ElementwiseMath.SQRT_HALF;
import static dev.panagrad.core.kernels.ElementwiseMath.TWO_OVER_SQRT_PI;
import static jdk.incubator.vector.VectorOperators.EXP;
import static jdk.incubator.vector.VectorOperators.EXPM1;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LOG1P;
import static jdk.incubator.vector.VectorOperators.LT;

import dev.panagrad.core.kernels.ElementwiseMath;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;

/**
 * The composite activations and erf, lane by lane in double precision: the same operations in the same
 * order as {@link ElementwiseMath}, so the only differences from the scalar kernels come from the
 * Vector API's exp/log1p/expm1 (within 1 ulp of {@link Math}'s).
 */
final class VectorMath {
    private VectorMath() {}

    /** 1/(1 + e^−x) from e = exp(−|x|). */
    static DoubleVector sigmoid(DoubleVector x) {
        DoubleVector e = x.abs().neg().lanewise(EXP);
        DoubleVector r = e.broadcast(1).div(e.add(1));
        return r.blend(e.mul(r), x.compare(LT, 0));
    }

    /** x·σ(x). */
    static DoubleVector silu(DoubleVector x) {
        return x.mul(sigmoid(x));
    }

    /** {@code βx > threshold ? x : (max(βx, 0) + log1p(exp(−|βx|)))/β}. */
    static DoubleVector softplus(DoubleVector x, double beta, double threshold) {
        DoubleVector bx = x.mul(beta);
        DoubleVector soft = bx.max(0).add(bx.abs().neg().lanewise(EXP).lanewise(LOG1P)).div(beta);
        return soft.blend(x, bx.compare(GT, threshold));
    }

    /** {@code x > 0 ? x : α·(eˣ − 1)}. */
    static DoubleVector elu(DoubleVector x, double alpha) {
        return x.lanewise(EXPM1).mul(alpha).blend(x, x.compare(GT, 0));
    }

    /** ½·x·erfc(−x/√2). */
    static DoubleVector gelu(DoubleVector x) {
        return x.mul(0.5).mul(erfc(x.mul(-SQRT_HALF)));
    }

    /** x·σ(2u), u = √(2/π)(x + 0.044715x³). */
    static DoubleVector geluTanh(DoubleVector x) {
        DoubleVector u = x.mul(x).mul(x).mul(GELU_TANH_CUBIC).add(x).mul(GELU_TANH_SCALE);
        return x.mul(sigmoid(u.mul(2)));
    }

    /** erf x: the series below |x| = 2.5, 1 − erfc|x| (with x's sign) above; a branch is skipped when no lane needs it. */
    static DoubleVector erf(DoubleVector x) {
        DoubleVector ax = x.abs();
        VectorMask<Double> small = ax.compare(LT, ERF_SWITCH);
        if (small.allTrue()) {
            return erfSeries(x);
        }
        DoubleVector r = x.broadcast(1).sub(erfcFraction(ax));
        DoubleVector large = r.blend(r.neg(), x.compare(LT, 0));
        return small.anyTrue() ? large.blend(erfSeries(x), small) : large;
    }

    /** erfc x = 1 − erf x, with {@code 2 − erfc|x|} for x ≤ −2.5. */
    static DoubleVector erfc(DoubleVector x) {
        DoubleVector ax = x.abs();
        VectorMask<Double> small = ax.compare(LT, ERF_SWITCH);
        if (small.allTrue()) {
            return x.broadcast(1).sub(erfSeries(x));
        }
        DoubleVector c = erfcFraction(ax);
        DoubleVector large = c.blend(x.broadcast(2).sub(c), x.compare(LT, 0));
        return small.anyTrue() ? large.blend(x.broadcast(1).sub(erfSeries(x)), small) : large;
    }

    /** {@link ElementwiseMath#erfSeries}, lane by lane. */
    private static DoubleVector erfSeries(DoubleVector x) {
        DoubleVector x2 = x.mul(x);
        DoubleVector twoX2 = x2.mul(2);
        DoubleVector term = x;
        DoubleVector sum = x;
        for (int k = 1; k < ERF_SERIES_TERMS; k++) {
            term = term.mul(twoX2.mul(ElementwiseMath.erfSeriesFactor(k)));
            sum = sum.add(term);
        }
        return x2.neg().lanewise(EXP).mul(TWO_OVER_SQRT_PI).mul(sum);
    }

    /** {@link ElementwiseMath#erfcFraction}, lane by lane. */
    private static DoubleVector erfcFraction(DoubleVector ax) {
        DoubleVector t = ax;
        for (int k = ERFC_FRACTION_TERMS; k >= 1; k--) {
            t = ax.add(ax.broadcast(0.5 * k).div(t));
        }
        return ax.mul(ax).neg().lanewise(EXP).mul(INV_SQRT_PI).div(t);
    }
}

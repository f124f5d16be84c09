package dev.panagrad.core.kernels.simd;

import static dev.panagrad.core.kernels.ElementwiseMath.ERFC_FRACTION_CAP;
import static dev.panagrad.core.kernels.ElementwiseMath.ERFC_FRACTION_TERMS;
import static dev.panagrad.core.kernels.ElementwiseMath.ERF_SERIES_TERMS;
import static dev.panagrad.core.kernels.ElementwiseMath.ERF_SWITCH;
import static dev.panagrad.core.kernels.ElementwiseMath.GELU_TANH_CUBIC;
import static dev.panagrad.core.kernels.ElementwiseMath.GELU_TANH_SCALE;
import static dev.panagrad.core.kernels.ElementwiseMath.INV_SQRT_PI;
import static dev.panagrad.core.kernels.ElementwiseMath.SQRT_HALF;
import static dev.panagrad.core.kernels.ElementwiseMath.TWO_OVER_SQRT_PI;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LT;

import dev.panagrad.core.kernels.ElementwiseMath;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;

/**
 * The composite activations and erf, lane by lane in double precision: the same operations in the same
 * order as {@link ElementwiseMath}, so the only differences from the scalar kernels come from
 * {@link VectorTranscendentals}' exp/log1p/expm1 (within 1–2 ulp of {@link Math}'s), which are used
 * instead of the Vector API's EXP/LOG1P/EXPM1 operators because those give different bits before and
 * after C2 compiles the loop.
 */
final class VectorMath {
    private VectorMath() {}

    /** 1/(1 + e^−x) from e = exp(−|x|). */
    static DoubleVector sigmoid(DoubleVector x) {
        DoubleVector e = VectorTranscendentals.exp(x.abs().neg());
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
        DoubleVector e = VectorTranscendentals.exp(bx.abs().neg());
        DoubleVector soft = bx.max(0).add(VectorTranscendentals.log1p(e)).div(beta);
        return soft.blend(x, bx.compare(GT, threshold));
    }

    /** {@code x > 0 ? x : α·(eˣ − 1)}. */
    static DoubleVector elu(DoubleVector x, double alpha) {
        return VectorTranscendentals.expm1(x).mul(alpha).blend(x, x.compare(GT, 0));
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

    /**
     * erf x: the series below |x| = 2, 1 − erfc|x| (with x's sign) above. Both are computed for every
     * lane and blended: branching on the lane masks makes C2 box the vectors, which costs more.
     */
    static DoubleVector erf(DoubleVector x) {
        DoubleVector ax = x.abs();
        VectorMask<Double> small = ax.compare(LT, ERF_SWITCH);
        DoubleVector r = x.broadcast(1).sub(erfcFraction(ax));
        DoubleVector large = r.blend(r.neg(), x.compare(LT, 0));
        return large.blend(erfSeries(x), small);
    }

    /** erfc x = 1 − erf x, with {@code 2 − erfc|x|} for x ≤ −2. */
    static DoubleVector erfc(DoubleVector x) {
        DoubleVector ax = x.abs();
        DoubleVector c = erfcFraction(ax);
        DoubleVector large = c.blend(x.broadcast(2).sub(c), x.compare(LT, 0));
        return large.blend(x.broadcast(1).sub(erfSeries(x)), ax.compare(LT, ERF_SWITCH));
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
        return VectorTranscendentals.exp(x2.neg()).mul(TWO_OVER_SQRT_PI).mul(sum);
    }

    /** {@link ElementwiseMath#erfcFraction}, lane by lane. */
    private static DoubleVector erfcFraction(DoubleVector ax) {
        DoubleVector x = ax.min(ERFC_FRACTION_CAP);
        DoubleVector a2 = x.broadcast(1);
        DoubleVector a1 = x;
        DoubleVector b2 = x.broadcast(0);
        DoubleVector b1 = x.broadcast(1);
        for (int k = 1; k <= ERFC_FRACTION_TERMS; k++) {
            double h = 0.5 * k;
            DoubleVector a = x.mul(a1).add(a2.mul(h));
            DoubleVector b = x.mul(b1).add(b2.mul(h));
            a2 = a1;
            a1 = a;
            b2 = b1;
            b1 = b;
        }
        return VectorTranscendentals.exp(ax.mul(ax).neg()).mul(INV_SQRT_PI).mul(b1.div(a1));
    }
}

package dev.panagrad.core;

import dev.panagrad.core.kernels.ElementwiseKernels;
import dev.panagrad.core.kernels.ElementwiseKernels.Unary;
import dev.panagrad.core.kernels.ElementwiseMath;
import dev.panagrad.core.kernels.Parallel;

/**
 * Activation functions, element-wise. Values come from the kernels in numerically stable forms
 * (see {@link ElementwiseMath}): sigmoid and softplus never overflow, tanh saturates to ±1, GELU does
 * not cancel for large negative inputs. Gradient rules are Tensor ops, so they differentiate again.
 *
 * <p>Conventions at kinks: relu'(0) = 0 and leakyRelu'(0) = negativeSlope (the left derivative, as
 * PyTorch); elu'(0) = α.
 */
final class Activations {
    private Activations() {}

    /**
     * z = tanh x.  ∂x = g·(1 − z²), computed as g − g·z² with one fused addcmul pass ({@code g + (g·z²)·(−1)},
     * bitwise equal to {@code g.sub(g.mul(z.square()))} since multiplying by −1 is exact).
     */
    static Tensor tanh(Tensor x) {
        Tensor z = Elementwise.unary("tanh", Unary.TANH, x, 0, 0);
        return Recorder.record("tanh", z, (g, grads) -> grads.add(x, g.addcmul(g, z.square(), -1)), x);
    }

    /** z = σ(x) = 1/(1 + e^−x).  ∂x = g·z·(1 − z). */
    static Tensor sigmoid(Tensor x) {
        Tensor z = Elementwise.unary("sigmoid", Unary.SIGMOID, x, 0, 0);
        return Recorder.record("sigmoid", z, (g, grads) -> grads.add(x, g.mul(z).mul(z.neg().add(1))), x);
    }

    /** z = max(x, 0) (−0.0 and NaN pass through).  ∂x = g where x &gt; 0, else 0: relu'(0) = 0. */
    static Tensor relu(Tensor x) {
        Tensor z = Elementwise.unary("relu", Unary.RELU, x, 0, 0);
        return Recorder.record("relu", z, (g, grads) -> grads.add(x, reluBackward(x, g, false, 0)), x);
    }

    /** z = x &gt; 0 ? x : s·x.  ∂x = g where x &gt; 0, else s·g. */
    static Tensor leakyRelu(Tensor x, double negativeSlope) {
        requireFinite("leakyRelu", "negativeSlope", negativeSlope);
        Tensor z = Elementwise.unary("leakyRelu", Unary.LEAKY_RELU, x, negativeSlope, 0);
        return Recorder.record("leakyRelu", z, (g, grads) -> grads.add(x, reluBackward(x, g, true, negativeSlope)), x);
    }

    /** z = x &gt; 0 ? x : α(eˣ − 1).  ∂x = g where x &gt; 0, else g·(z + α) (= g·α·eˣ, finite everywhere). */
    static Tensor elu(Tensor x, double alpha) {
        requireFinite("elu", "alpha", alpha);
        Tensor z = Elementwise.unary("elu", Unary.ELU, x, alpha, 0);
        return Recorder.record("elu", z, (g, grads) -> grads.add(x, Tensor.where(x.gt(0), g, g.mul(z.add(alpha)))), x);
    }

    /**
     * GELU. {@code "none"}: z = x·Φ(x), Φ the standard normal CDF, ∂x = g·(Φ(x) + x·φ(x)) with
     * φ(x) = e^(−x²/2)/√(2π). {@code "tanh"}: z = ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³), computed
     * as x·σ(2u); ∂x = g·(s + x·s(1 − s)·2u'), s = σ(2u), u' = √(2/π)(1 + 3·0.044715x²).
     */
    static Tensor gelu(Tensor x, String approximate) {
        if ("none".equals(approximate)) {
            Tensor z = Elementwise.unary("gelu", Unary.GELU, x, 0, 0);
            return Recorder.record("gelu", z, (g, grads) -> {
                Tensor cdf = x.mul(ElementwiseMath.SQRT_HALF).erf().add(1).mul(0.5);
                Tensor pdf = x.square().mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
                grads.add(x, g.mul(cdf.add(x.mul(pdf))));
            }, x);
        }
        if ("tanh".equals(approximate)) {
            Tensor z = Elementwise.unary("gelu", Unary.GELU_TANH, x, 0, 0);
            return Recorder.record("gelu", z, (g, grads) -> {
                double k = 2 * ElementwiseMath.GELU_TANH_SCALE;
                double c = ElementwiseMath.GELU_TANH_CUBIC;
                Tensor x2 = x.square();
                Tensor s = x.mul(x2.mul(c).add(1)).mul(k).sigmoid(); // σ(2u)
                Tensor du = x2.mul(3 * c).add(1).mul(k);              // (2u)'
                grads.add(x, g.mul(s.add(x.mul(s).mul(s.neg().add(1)).mul(du))));
            }, x);
        }
        throw new IllegalArgumentException("gelu: approximate must be \"none\" or \"tanh\", got \"" + approximate + "\"");
    }

    /** z = x·σ(x) (SiLU, swish).  ∂x = g·s·(1 + x·(1 − s)), s = σ(x). */
    static Tensor silu(Tensor x) {
        Tensor z = Elementwise.unary("silu", Unary.SILU, x, 0, 0);
        return Recorder.record("silu", z, (g, grads) -> {
            Tensor s = x.sigmoid();
            grads.add(x, g.mul(s).mul(x.mul(s.neg().add(1)).add(1)));
        }, x);
    }

    /**
     * z = ln(1 + e^(βx))/β, and z = x where βx &gt; threshold (PyTorch's linear region).  ∂x = g·σ(βx),
     * and g in the linear region.
     */
    static Tensor softplus(Tensor x, double beta, double threshold) {
        if (!(beta > 0) || !Double.isFinite(beta) || Double.isNaN(threshold)) {
            throw new IllegalArgumentException("softplus: need a finite beta > 0 and a threshold that is not NaN, got beta="
                    + beta + ", threshold=" + threshold);
        }
        Tensor z = Elementwise.unary("softplus", Unary.SOFTPLUS, x, beta, threshold);
        return Recorder.record("softplus", z, (g, grads) -> {
            Tensor bx = x.mul(beta);
            grads.add(x, Tensor.where(bx.gt(threshold), g, g.mul(bx.sigmoid())));
        }, x);
    }

    private static void requireFinite(String op, String name, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(op + ": " + name + " must be finite, got " + value);
        }
    }

    /**
     * The gradient of relu ({@code leaky} false) or leakyRelu: {@code where(x.gt(0), g, leaky ? g·slope : 0)}
     * in one pass, without the INT32 mask, bitwise equal to that composition (which it falls back to
     * when x and g differ in shape or dtype). As an op it is linear in g and constant in x:
     * ∂g = reluBackward(x, gg), and x gets no gradient (the composition's mask had none either), so
     * second-order gradients through relu stay those of the composition.
     */
    static Tensor reluBackward(Tensor x, Tensor g, boolean leaky, double negativeSlope) {
        if (x.dtype() != g.dtype() || !x.dtype().isFloatingPoint() || !java.util.Arrays.equals(x.shapeRef(), g.shapeRef())) {
            return leaky ? Tensor.where(x.gt(0), g, g.mul(negativeSlope)) : Tensor.where(x.gt(0), g, 0);
        }
        Tensor z = Tensor.empty(g.dtype(), g.shape());
        ElementwiseKernels k = ElementwiseKernels.INSTANCE;
        if (g.dtype() == DType.FLOAT32) {
            float[] a = x.f32(), b = g.f32(), o = z.f32();
            Parallel.forRange(o.length, Elementwise.GRAIN,
                    (from, to) -> k.reluBackward(a, from, b, from, o, from, to - from, leaky, negativeSlope));
        } else {
            double[] a = x.f64(), b = g.f64(), o = z.f64();
            Parallel.forRange(o.length, Elementwise.GRAIN,
                    (from, to) -> k.reluBackward(a, from, b, from, o, from, to - from, leaky, negativeSlope));
        }
        return Recorder.record("reluBackward", z, (gg, grads) -> grads.add(g, reluBackward(x, gg, leaky, negativeSlope)), g);
    }
}

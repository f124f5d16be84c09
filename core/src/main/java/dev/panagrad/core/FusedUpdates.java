package dev.panagrad.core;

import dev.panagrad.core.kernels.Parallel;
import java.util.Arrays;

/**
 * One-pass optimizer updates, PyTorch's fused optimizer kernels ({@code torch._fused_adam_}): for optimizer
 * implementations such as {@code nn.optim.Adam} and {@code SGD}. Written op by op, an Adam step is eight
 * element-wise passes, each allocating a parameter-sized tensor, plus the copy into the parameter; here it
 * is one pass over θ, g, m and v.
 *
 * <p>Each element is rounded exactly as the op-by-op form quoted in each method (every scalar first rounded
 * to the tensor's dtype, every operation rounded in that order, no fused multiply-add), so the result is
 * bitwise that of the composition. The parameter and the optimizer state given are updated in place, as
 * {@link Tensor#assign} does and as PyTorch's optimizers update their state: only leaf tensors may be, and each
 * update is counted in the tensor's version. State that does not exist yet (null, the first step) comes back as
 * new tensors. Writing the state in place rather than into new tensors saves allocating (and the JVM zeroing)
 * two parameter-sized tensors per Adam step and keeps the state where the caches have it: the GAN workload's
 * two Adam steps allocated 3.4 MB per training step for new moments. The state must therefore belong to the
 * caller alone (an optimizer's own buffers, which it hands out only as copies) and share no storage with the
 * parameter or the gradient. Not differentiable: call it outside any tape.
 */
public final class FusedUpdates {
    /** Elements per chunk of the shared pool: the update is memory-bound, a few nanoseconds per element. */
    private static final int GRAIN = 1 << 15;

    private FusedUpdates() {}

    /**
     * Adam's first and second moments after a step.
     *
     * @param expAvg   m, PyTorch's {@code exp_avg}
     * @param expAvgSq v, PyTorch's {@code exp_avg_sq}
     */
    public record Moments(Tensor expAvg, Tensor expAvgSq) {}

    /**
     * One step of PyTorch's single-tensor Adam ({@code decoupled} false) or AdamW ({@code decoupled} true)
     * without AMSGrad, for step number {@code step} (1 for the first). Writes θ, m and v in place (m and v new
     * when null) and returns the moments. Op by op ({@code g} negated first when {@code maximize}):
     * <pre>{@code
     * AdamW: θ = θ.mul(1 − lr·wd)          Adam: g = g.add(θ, wd)   (when wd ≠ 0)
     * m = m.mul(β₁).add(g, 1 − β₁)
     * v = v.mul(β₂).addcmul(g, g, 1 − β₂)
     * θ = θ.addcdiv(m, v.sqrt().div(√(1 − β₂ᵗ)).add(eps), −lr / (1 − β₁ᵗ))
     * }</pre>
     *
     * @param expAvg   m before the step, updated in place; or null for zeros (the first step)
     * @param expAvgSq v before the step, updated in place; or null for zeros
     * @throws IllegalArgumentException if the tensors differ in shape or dtype, are not floating point, or share
     *                                  storage
     * @throws IllegalStateException    if {@code param} or a state tensor is the output of a recorded op
     */
    public static Moments adam(Tensor param, Tensor grad, Tensor expAvg, Tensor expAvgSq, double lr, double beta1,
            double beta2, double eps, double weightDecay, boolean decoupled, boolean maximize, long step) {
        check("adam", param, grad, expAvg, expAvgSq);
        Tensor m = expAvg != null ? expAvg : Tensor.empty(param.dtype(), param.shape());
        Tensor v = expAvgSq != null ? expAvgSq : Tensor.empty(param.dtype(), param.shape());
        double stepSize = lr / (1 - Math.pow(beta1, step));
        double bias2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
        int n = param.numel();
        if (param.dtype() == DType.FLOAT32) {
            float[] p = param.f32(), g = grad.f32(), m0 = expAvg == null ? null : expAvg.f32();
            float[] v0 = expAvgSq == null ? null : expAvgSq.f32(), m1 = m.f32(), v1 = v.f32();
            float keep = (float) (1 - lr * weightDecay), wd = (float) weightDecay, b1 = (float) beta1, c1 = (float) (1 - beta1);
            float b2 = (float) beta2, c2 = (float) (1 - beta2), bc2 = (float) bias2Sqrt, e = (float) eps, s = (float) -stepSize;
            boolean coupled = !decoupled && weightDecay != 0;
            Parallel.forRange(n, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float gi = maximize ? -g[i] : g[i];
                    float theta = decoupled ? p[i] * keep : p[i];
                    if (coupled) {
                        gi = gi + p[i] * wd;
                    }
                    float mi = (m0 == null ? 0f : m0[i] * b1) + gi * c1;
                    float vi = (v0 == null ? 0f : v0[i] * b2) + gi * gi * c2;
                    float denom = (float) Math.sqrt(vi) / bc2 + e;
                    m1[i] = mi;
                    v1[i] = vi;
                    p[i] = theta + mi / denom * s;
                }
            });
        } else {
            double[] p = param.f64(), g = grad.f64(), m0 = expAvg == null ? null : expAvg.f64();
            double[] v0 = expAvgSq == null ? null : expAvgSq.f64(), m1 = m.f64(), v1 = v.f64();
            double keep = 1 - lr * weightDecay, c1 = 1 - beta1, c2 = 1 - beta2, s = -stepSize;
            boolean coupled = !decoupled && weightDecay != 0;
            Parallel.forRange(n, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double gi = maximize ? -g[i] : g[i];
                    double theta = decoupled ? p[i] * keep : p[i];
                    if (coupled) {
                        gi = gi + p[i] * weightDecay;
                    }
                    double mi = (m0 == null ? 0.0 : m0[i] * beta1) + gi * c1;
                    double vi = (v0 == null ? 0.0 : v0[i] * beta2) + gi * gi * c2;
                    double denom = Math.sqrt(vi) / bias2Sqrt + eps;
                    m1[i] = mi;
                    v1[i] = vi;
                    p[i] = theta + mi / denom * s;
                }
            });
        }
        param.bumpVersion();
        m.bumpVersion();
        v.bumpVersion();
        return new Moments(m, v);
    }

    /**
     * One step of PyTorch's single-tensor SGD without dampening: writes θ and the momentum buffer in place (a
     * new buffer when null) and returns the buffer (null when {@code momentum} is 0). Op by op ({@code g}
     * negated first when {@code maximize}):
     * <pre>{@code
     * g = g.add(θ, wd)                               (when wd ≠ 0)
     * b = b == null ? g : g.add(b, μ)                (when μ ≠ 0)
     * g = nesterov ? g.add(b, μ) : b                 (when μ ≠ 0)
     * θ = θ.add(g, −lr)
     * }</pre>
     *
     * @param momentumBuffer b before the step, updated in place; or null (the first step, or no momentum)
     * @throws IllegalArgumentException if the tensors differ in shape or dtype, are not floating point, or share
     *                                  storage
     * @throws IllegalStateException    if {@code param} or the buffer is the output of a recorded op
     */
    public static Tensor sgd(Tensor param, Tensor grad, Tensor momentumBuffer, double lr, double momentum,
            double weightDecay, boolean nesterov, boolean maximize) {
        check("sgd", param, grad, momentumBuffer, null);
        boolean hasMomentum = momentum != 0;
        Tensor b = !hasMomentum ? null : momentumBuffer != null ? momentumBuffer : Tensor.empty(param.dtype(), param.shape());
        int n = param.numel();
        boolean decay = weightDecay != 0;
        if (param.dtype() == DType.FLOAT32) {
            float[] p = param.f32(), g = grad.f32(), b0 = momentumBuffer == null ? null : momentumBuffer.f32();
            float[] b1 = b == null ? null : b.f32();
            float wd = (float) weightDecay, mu = (float) momentum, step = (float) -lr;
            Parallel.forRange(n, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    float gi = maximize ? -g[i] : g[i];
                    if (decay) {
                        gi = gi + p[i] * wd;
                    }
                    if (hasMomentum) {
                        float bi = b0 == null ? gi : gi + b0[i] * mu;
                        b1[i] = bi;
                        gi = nesterov ? gi + bi * mu : bi;
                    }
                    p[i] = p[i] + gi * step;
                }
            });
        } else {
            double[] p = param.f64(), g = grad.f64(), b0 = momentumBuffer == null ? null : momentumBuffer.f64();
            double[] b1 = b == null ? null : b.f64();
            Parallel.forRange(n, GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double gi = maximize ? -g[i] : g[i];
                    if (decay) {
                        gi = gi + p[i] * weightDecay;
                    }
                    if (hasMomentum) {
                        double bi = b0 == null ? gi : gi + b0[i] * momentum;
                        b1[i] = bi;
                        gi = nesterov ? gi + bi * momentum : bi;
                    }
                    p[i] = p[i] + gi * -lr;
                }
            });
        }
        param.bumpVersion();
        if (b != null) {
            b.bumpVersion();
        }
        return b;
    }

    /**
     * The same shape and floating dtype for every tensor given (nulls skipped), no two sharing storage; a leaf
     * parameter and leaf state.
     */
    private static void check(String op, Tensor param, Tensor grad, Tensor state1, Tensor state2) {
        if (param == null || grad == null) {
            throw new IllegalArgumentException("FusedUpdates." + op + ": param and grad are required");
        }
        if (!param.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException("FusedUpdates." + op + ": expected a floating-point parameter, got "
                    + param.dtype());
        }
        for (Tensor t : new Tensor[] {grad, state1, state2}) {
            if (t != null && (t.dtype() != param.dtype() || !Arrays.equals(t.shapeRef(), param.shapeRef()))) {
                throw new IllegalArgumentException("FusedUpdates." + op + ": every tensor must be " + Shapes.format(param.shapeRef())
                        + " " + param.dtype() + " like the parameter, got " + Shapes.format(t.shapeRef()) + " " + t.dtype());
            }
        }
        Tensor[] all = {param, grad, state1, state2};
        for (int i = 0; i < all.length; i++) {
            for (int j = i + 1; j < all.length; j++) {
                if (all[i] != null && all[j] != null && all[i].array() == all[j].array()) {
                    throw new IllegalArgumentException("FusedUpdates." + op + ": the " + ROLES[i] + " and the " + ROLES[j]
                            + " share storage; each is read or written in place and must be a tensor of its own");
                }
            }
        }
        param.requireLeaf("FusedUpdates." + op);
        for (Tensor state : new Tensor[] {state1, state2}) {
            if (state != null) {
                state.requireLeaf("FusedUpdates." + op);
            }
        }
    }

    /** What {@link #check}'s tensors are, in its order. */
    private static final String[] ROLES = {"parameter", "gradient", "first state tensor", "second state tensor"};
}

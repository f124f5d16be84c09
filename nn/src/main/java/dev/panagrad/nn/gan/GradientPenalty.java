package dev.panagrad.nn.gan;

import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Module;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A gradient penalty on a discriminator (critic), added to its loss. The penalty is built from the
 * critic's input gradient ∇ₓD(x), taken on a nested {@link Tape}; while that tape replays its rules, any
 * enclosing tape keeps recording, so the penalty is differentiable with respect to the critic's parameters
 * by the tape that records the discriminator step (double backward, with no backward rule of its own).
 *
 * {@snippet :
 * try (Tape tape = Tape.record()) {
 *     Tensor loss = GanLoss.WASSERSTEIN.discriminatorLoss(critic.forward(real), critic.forward(fake))
 *             .add(new GradientPenalty.WganGp().compute(critic, real, fake, rng)); // + λ·mean((‖∇D(x̂)‖ − 1)²)
 *     Gradients grads = tape.gradient(loss, critic.parameters());
 * }
 * }
 *
 * <p>The points the gradient is taken at are detached from whatever produced them, so the penalty never
 * sends gradient to the generator. The critic must treat samples independently (no batch normalization),
 * as both papers require: ∇ₓ is taken of Σᵢ D(xᵢ). It must be called while recording is allowed (not
 * inside {@link NoGrad}).
 */
public sealed interface GradientPenalty permits GradientPenalty.WganGp, GradientPenalty.R1 {

    /**
     * The penalty for the critic on this batch, a scalar differentiable w.r.t. the critic's parameters.
     *
     * @param critic the discriminator, mapping a batch {@code [B, ...]} to per-sample outputs
     * @param real   the real batch {@code [B, ...]}
     * @param fake   the generated batch, the shape of {@code real}
     * @param rng    the source of any randomness the penalty needs
     */
    Tensor compute(Function<Tensor, Tensor> critic, Tensor real, Tensor fake, Rng rng);

    /** {@link #compute(Function, Tensor, Tensor, Rng)} for a discriminator module. */
    default Tensor compute(Module critic, Tensor real, Tensor fake, Rng rng) {
        return compute(critic::forward, real, fake, rng);
    }

    /**
     * WGAN-GP (Gulrajani et al., 2017): {@code λ·mean_i((‖∇D(x̂ᵢ)‖₂ − 1)²)} at random interpolates
     * {@code x̂ = ε·real + (1 − ε)·fake}, ε ~ U(0, 1) drawn once per sample from the given {@link Rng}.
     *
     * @param lambda the penalty weight λ ≥ 0 (10 in the paper)
     */
    record WganGp(double lambda) implements GradientPenalty {
        /** The paper's default weight, λ = 10. */
        public static final double DEFAULT_LAMBDA = 10;

        /** Validates λ. */
        public WganGp {
            requireWeight("WganGp", "lambda", lambda);
        }

        /** WGAN-GP with λ = 10. */
        public WganGp() {
            this(DEFAULT_LAMBDA);
        }

        @Override
        public Tensor compute(Function<Tensor, Tensor> critic, Tensor real, Tensor fake, Rng rng) {
            return at(critic, interpolate(real, fake, rng));
        }

        /** The penalty at given points {@code [B, ...]}: {@code λ·mean_i((‖∇D(xᵢ)‖₂ − 1)²)}. */
        public Tensor at(Function<Tensor, Tensor> critic, Tensor points) {
            requireBatch("WganGp", "points", points);
            Tensor g = inputGradient(critic, points);
            int batch = g.size(0);
            Tensor norms = g.reshape(batch, g.numel() / batch).norm(2, new int[] {1}, false); // ‖∇D(xᵢ)‖₂ per sample
            return norms.sub(1.0).square().mean().mul(lambda);
        }
    }

    /**
     * R1 (Mescheder et al., 2018): {@code γ/2 · mean_i ‖∇D(xᵢ)‖₂²} at the real samples; ignores the
     * generated batch and the {@link Rng}.
     *
     * @param gamma the penalty weight γ ≥ 0
     */
    record R1(double gamma) implements GradientPenalty {
        /** Validates γ. */
        public R1 {
            requireWeight("R1", "gamma", gamma);
        }

        @Override
        public Tensor compute(Function<Tensor, Tensor> critic, Tensor real, Tensor fake, Rng rng) {
            requireBatch("R1", "real", real);
            Tensor g = inputGradient(critic, real);
            return g.square().sum().div(real.size(0)).mul(gamma / 2); // γ/2 · (1/B) Σᵢ ‖∇D(xᵢ)‖²
        }
    }

    /**
     * The interpolates {@code ε·real + (1 − ε)·fake} of WGAN-GP, one ε ~ U(0, 1) per sample (shape
     * {@code [B, 1, …, 1]}, broadcast over the rest), of the inputs' dtype. The inputs are detached first.
     */
    static Tensor interpolate(Tensor real, Tensor fake, Rng rng) {
        requireBatch("WganGp", "real", real);
        if (fake == null || !Arrays.equals(real.shape(), fake.shape()) || real.dtype() != fake.dtype()) {
            throw new IllegalArgumentException("WganGp: real and fake batches must have the same shape and dtype, got real "
                    + Arrays.toString(real.shape()) + " " + real.dtype() + " and fake "
                    + (fake == null ? "null" : Arrays.toString(fake.shape()) + " " + fake.dtype()));
        }
        int[] perSample = new int[real.dim()];
        Arrays.fill(perSample, 1);
        perSample[0] = real.size(0);
        Tensor eps = Tensor.rand(rng, real.dtype(), perSample);
        return eps.mul(real.detach()).add(eps.neg().add(1.0).mul(fake.detach())); // ε·real + (1 − ε)·fake
    }

    /**
     * ∇ₓ Σᵢ D(x)ᵢ at {@code x} (detached first), shaped as {@code x}: taken on a nested tape, so any
     * enclosing tape records it as a function of the critic's parameters.
     *
     * @throws IllegalStateException inside {@link NoGrad}, where no tape records and the gradient would be lost
     */
    static Tensor inputGradient(Function<Tensor, Tensor> critic, Tensor x) {
        if (NoGrad.active()) {
            throw new IllegalStateException("GradientPenalty: the critic's input gradient needs recording, but a NoGrad "
                    + "scope is open");
        }
        Tensor leaf = x.detach();
        try (Tape inner = Tape.record()) {
            inner.watch(leaf);
            Tensor out = critic.apply(leaf);
            if (out == null || !out.dtype().isFloatingPoint() || out.numel() == 0) {
                throw new IllegalArgumentException("GradientPenalty: the critic must return a non-empty floating-point "
                        + "tensor, got " + (out == null ? "null" : Arrays.toString(out.shape()) + " " + out.dtype())
                        + " for input " + Arrays.toString(x.shape()));
            }
            return inner.gradient(out.sum(), leaf).get(leaf);
        }
    }

    private static void requireBatch(String penalty, String name, Tensor x) {
        if (x == null || !x.dtype().isFloatingPoint() || x.dim() < 1 || x.size(0) < 1) {
            throw new IllegalArgumentException(penalty + ": " + name + " must be a floating-point batch [B, ...] with B >= 1,"
                    + " got " + (x == null ? "null" : Arrays.toString(x.shape()) + " " + x.dtype()));
        }
    }

    private static void requireWeight(String penalty, String name, double weight) {
        if (!(weight >= 0) || !Double.isFinite(weight)) {
            throw new IllegalArgumentException(penalty + ": " + name + " must be finite and >= 0, got " + weight);
        }
    }
}

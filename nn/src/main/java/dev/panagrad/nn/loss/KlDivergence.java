package dev.panagrad.nn.loss;

import dev.panagrad.core.Tensor;

/** The Kullback–Leibler divergence loss, as PyTorch's {@code kl_div}. */
final class KlDivergence {
    private KlDivergence() {}

    /** See {@link Losses#klDiv(Tensor, Tensor, Reduction, boolean)}. */
    static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        String loss = "klDiv";
        LossChecks.requireReduction(loss, reduction);
        LossChecks.requireMatchingTarget(loss, input, target);
        Tensor losses = logTarget
                ? target.exp().mul(target.sub(input))          // e^t·(t − x)
                : xlogx(target).sub(target.mul(input));        // t·ln t − t·x, with 0·ln 0 = 0
        return switch (reduction) {
            case BATCHMEAN -> input.dim() == 0 ? losses.sum() : losses.sum().div(input.size(0));
            default -> reduction.reduce(loss, losses);
        };
    }

    /**
     * PyTorch's {@code xlogy(t, t)}: {@code t·ln t}, 0 where t = 0 (NaN for t &lt; 0 or NaN). The log
     * reads 1 where t = 0, so its gradient there is finite.
     */
    private static Tensor xlogx(Tensor t) {
        Tensor zero = t.eq(0);
        Tensor safe = Tensor.where(zero, 1, t);
        return Tensor.where(zero, 0, t.mul(safe.log()));
    }
}

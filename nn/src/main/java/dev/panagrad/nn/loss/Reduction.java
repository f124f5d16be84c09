package dev.panagrad.nn.loss;

import dev.panagrad.core.Tensor;

/**
 * How a loss turns its per-element values into the returned tensor, PyTorch's {@code reduction}
 * argument: {@code "none"}, {@code "mean"} (the default of every loss), {@code "sum"}, and
 * {@code "batchmean"}, which only {@link Losses#klDiv} accepts.
 */
public enum Reduction {
    /** The per-element losses, unreduced (PyTorch's {@code "none"}). */
    NONE,
    /** Their mean: the sum divided by the element count, or by the total weight for weighted class losses. */
    MEAN,
    /** Their sum. */
    SUM,
    /** The sum divided by the batch size {@code input.size(0)}; {@link Losses#klDiv} only (PyTorch's {@code "batchmean"}). */
    BATCHMEAN;

    /** NONE, MEAN or SUM of {@code losses}; refuses BATCHMEAN, which only klDiv accepts. */
    Tensor reduce(String loss, Tensor losses) {
        return switch (this) {
            case NONE -> losses;
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
            case BATCHMEAN -> throw notForThisLoss(loss);
        };
    }

    /** Throws unless this reduction is NONE, MEAN or SUM (every loss but klDiv). */
    void requireElementwise(String loss) {
        if (this == BATCHMEAN) {
            throw notForThisLoss(loss);
        }
    }

    private static IllegalArgumentException notForThisLoss(String loss) {
        return new IllegalArgumentException(loss + ": reduction BATCHMEAN is only valid for klDiv; use NONE, MEAN or SUM");
    }
}

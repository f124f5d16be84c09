package dev.panagrad.nn;

import dev.panagrad.core.Tensor;

/**
 * xᵢ − log Σⱼ exp(xⱼ) along {@code dim}, as {@code torch.nn.LogSoftmax}. PyTorch's implicit-dimension form is deprecated
 * there and absent here: the dimension is required.
 */
public final class LogSoftmax extends Module {
    private final int dim;

    /** LogSoftmax along {@code dim} (negative counts from the end). */
    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    /** The input normalised along {@code dim}. */
    @Override
    public Tensor forward(Tensor input) {
        return input.logSoftmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}

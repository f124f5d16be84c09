package dev.panagrad.nn;

import dev.panagrad.core.Tensor;

/**
 * exp(xᵢ) / Σⱼ exp(xⱼ) along {@code dim}, as {@code torch.nn.Softmax}. PyTorch's implicit-dimension form is deprecated
 * there and absent here: the dimension is required.
 */
public final class Softmax extends Module {
    private final int dim;

    /** Softmax along {@code dim} (negative counts from the end). */
    public Softmax(int dim) {
        this.dim = dim;
    }

    /** The input normalised along {@code dim}. */
    @Override
    public Tensor forward(Tensor input) {
        return input.softmax(dim);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim;
    }
}

package dev.panagrad.nn;

import dev.panagrad.core.Tensor;

/** Element-wise x for x > 0 and α·(eˣ − 1) below, as {@code torch.nn.ELU} (default α = 1). */
public final class ELU extends Module {
    private final double alpha;

    /** ELU with α = 1. */
    public ELU() {
        this(1.0);
    }

    /** ELU with the given α. */
    public ELU(double alpha) {
        this.alpha = alpha;
    }

    /** The activation applied element-wise. */
    @Override
    public Tensor forward(Tensor input) {
        return input.elu(alpha);
    }

    @Override
    protected String extraRepr() {
        return "alpha=" + alpha;
    }
}

package dev.panagrad.nn;

import dev.panagrad.core.Tensor;

/** Element-wise x for x ≥ 0 and slope·x below, as {@code torch.nn.LeakyReLU} (default slope 0.01). */
public final class LeakyReLU extends Module {
    private final double negativeSlope;

    /** Leaky ReLU with negative slope 0.01. */
    public LeakyReLU() {
        this(0.01);
    }

    /** Leaky ReLU with the given negative slope. */
    public LeakyReLU(double negativeSlope) {
        this.negativeSlope = negativeSlope;
    }

    /** The activation applied element-wise. */
    @Override
    public Tensor forward(Tensor input) {
        return input.leakyRelu(negativeSlope);
    }

    @Override
    protected String extraRepr() {
        return "negative_slope=" + negativeSlope;
    }
}

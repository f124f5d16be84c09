package dev.panagrad.nn;

import dev.panagrad.core.Tensor;

/** Element-wise x·σ(x), as {@code torch.nn.SiLU}. */
public final class SiLU extends Module {
    /** The activation module. */
    public SiLU() {}

    /** The activation applied element-wise. */
    @Override
    public Tensor forward(Tensor input) {
        return input.silu();
    }
}

package dev.panagrad.nn;

import dev.panagrad.core.Tensor;

/** Element-wise max(0, x), as {@code torch.nn.ReLU}. */
public final class ReLU extends Module {
    /** The activation module. */
    public ReLU() {}

    /** The activation applied element-wise. */
    @Override
    public Tensor forward(Tensor input) {
        return input.relu();
    }
}

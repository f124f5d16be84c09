package dev.panagrad.nn;

import dev.panagrad.core.Tensor;

/** Element-wise tanh(x), as {@code torch.nn.Tanh}. */
public final class Tanh extends Module {
    /** The activation module. */
    public Tanh() {}

    /** The activation applied element-wise. */
    @Override
    public Tensor forward(Tensor input) {
        return input.tanh();
    }
}

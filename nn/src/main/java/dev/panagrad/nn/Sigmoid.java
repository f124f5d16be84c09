package dev.panagrad.nn;

import dev.panagrad.core.Tensor;

/** Element-wise 1 / (1 + e^−x), as {@code torch.nn.Sigmoid}. */
public final class Sigmoid extends Module {
    /** The activation module. */
    public Sigmoid() {}

    /** The activation applied element-wise. */
    @Override
    public Tensor forward(Tensor input) {
        return input.sigmoid();
    }
}

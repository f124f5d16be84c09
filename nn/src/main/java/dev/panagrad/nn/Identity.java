package dev.panagrad.nn;

import dev.panagrad.core.Tensor;

/** Returns its input unchanged, as {@code torch.nn.Identity} (a placeholder in a {@link Sequential}). */
public final class Identity extends Module {
    /** An identity module. */
    public Identity() {}

    /** The input itself. */
    @Override
    public Tensor forward(Tensor input) {
        return input;
    }
}

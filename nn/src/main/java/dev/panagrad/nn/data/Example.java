package dev.panagrad.nn.data;

import dev.panagrad.core.Tensor;
import java.util.Objects;

/**
 * One sample of a supervised dataset: an input and its target, like the {@code (x, y)} tuple a
 * PyTorch dataset returns. For MNIST the input is a FLOAT32 image {@code [1, 28, 28]} and the
 * target a rank-0 INT32 class index. A record rather than a list of tensors so that code says
 * {@code input()} and {@code target()} instead of positions; unlabeled uses (a GAN's real images)
 * simply ignore the target.
 *
 * @param input  the model's input
 * @param target what the model should predict for it
 */
public record Example(Tensor input, Tensor target) {
    /** Checks that both tensors are present. */
    public Example {
        Objects.requireNonNull(input, "Example: input");
        Objects.requireNonNull(target, "Example: target");
    }

    /** This example with another input and the same target (for input transforms such as normalization). */
    public Example withInput(Tensor newInput) {
        return new Example(newInput, target);
    }
}

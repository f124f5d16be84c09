package dev.panagrad.nn.data;

import dev.panagrad.core.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A batch of {@link Example}s collated by {@link Collate#examples()}: the inputs stacked along a new
 * dim 0, and the targets likewise. From MNIST with batch size 64: inputs FLOAT32 {@code [64, 1, 28,
 * 28]}, targets INT32 {@code [64]} — what PyTorch's {@code default_collate} makes of {@code (x, y)}
 * pairs (its targets are int64; ours are INT32, the integer dtype of core).
 *
 * @param inputs  the stacked inputs, dim 0 indexing the samples
 * @param targets the stacked targets, dim 0 indexing the samples
 */
public record Batch(Tensor inputs, Tensor targets) {
    /** Checks that both tensors are present and hold the same number of samples. */
    public Batch {
        Objects.requireNonNull(inputs, "Batch: inputs");
        Objects.requireNonNull(targets, "Batch: targets");
        if (inputs.dim() == 0 || targets.dim() == 0 || inputs.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("Batch: inputs and targets must share dim 0, got inputs "
                    + Arrays.toString(inputs.shape()) + " and targets " + Arrays.toString(targets.shape()));
        }
    }

    /** Number of samples in the batch. */
    public int size() {
        return inputs.size(0);
    }
}

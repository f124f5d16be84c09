package dev.panagrad.nn.data;

import dev.panagrad.core.Tensor;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dataset held in two tensors that share dim 0, as PyTorch's {@code TensorDataset(inputs,
 * targets)}: sample {@code i} is row {@code i} of each, i.e. {@code Example(inputs[i], targets[i])}
 * with dim 0 removed. Targets of shape {@code [N]} give rank-0 targets, which the default collate
 * stacks back into {@code [B]}.
 */
public final class TensorDataset implements Dataset<Example> {
    private final Tensor inputs;
    private final Tensor targets;

    /** A dataset of the rows of {@code inputs} and {@code targets}; both need rank ≥ 1 and the same size of dim 0. */
    public TensorDataset(Tensor inputs, Tensor targets) {
        Objects.requireNonNull(inputs, "TensorDataset: inputs");
        Objects.requireNonNull(targets, "TensorDataset: targets");
        if (inputs.dim() == 0 || targets.dim() == 0 || inputs.size(0) != targets.size(0)) {
            throw new IllegalArgumentException("TensorDataset: inputs and targets must share dim 0, got inputs "
                    + Arrays.toString(inputs.shape()) + " and targets " + Arrays.toString(targets.shape()));
        }
        this.inputs = inputs;
        this.targets = targets;
    }

    /** All inputs, dim 0 indexing the samples. */
    public Tensor inputs() {
        return inputs;
    }

    /** All targets, dim 0 indexing the samples. */
    public Tensor targets() {
        return targets;
    }

    @Override
    public int size() {
        return inputs.size(0);
    }

    @Override
    public Example get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException("TensorDataset: index " + index + " is out of range for " + size() + " samples");
        }
        return new Example(row(inputs, index), row(targets, index));
    }

    /**
     * The samples at {@code indices} as one batch, gathered with one {@code indexSelect} per tensor (as
     * PyTorch's {@code __getitems__}): the same tensors the default collate stacks from {@link #get},
     * without building a sample at a time.
     */
    public Batch batch(int... indices) {
        for (int i : indices) {
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException("TensorDataset: index " + i + " is out of range for " + size() + " samples");
            }
        }
        Tensor index = Tensor.of(indices, indices.length);
        return new Batch(inputs.indexSelect(0, index), targets.indexSelect(0, index));
    }

    /** Row {@code i} of {@code t} without its dim 0: {@code t[i]}. */
    private static Tensor row(Tensor t, int i) {
        int[] shape = t.shape();
        return t.narrow(0, i, 1).reshape(Arrays.copyOfRange(shape, 1, shape.length));
    }
}

package dev.panagrad.nn.data;

import dev.panagrad.core.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the samples of one batch into the value a training step consumes: PyTorch's
 * {@code collate_fn}. A {@link DataLoader} calls it once per batch with the samples in batch order
 * (never an empty list), on its prefetch thread when prefetching.
 *
 * @param <T> the sample type
 * @param <B> the batch type
 */
@FunctionalInterface
public interface Collate<T, B> {
    /** The batch made of {@code samples} (in order, at least one). */
    B collate(List<T> samples);

    /**
     * PyTorch's {@code default_collate} for {@code (input, target)} samples: each field stacked along
     * a new dim 0, so samples of shapes {@code [1, 28, 28]} and {@code []} become a batch of
     * {@code [B, 1, 28, 28]} and {@code [B]}. All inputs must share one shape and dtype, and so must
     * all targets; otherwise it throws, naming the first sample that differs.
     */
    static Collate<Example, Batch> examples() {
        return samples -> {
            Tensor[] inputs = new Tensor[samples.size()];
            Tensor[] targets = new Tensor[samples.size()];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = samples.get(i).input();
                targets[i] = samples.get(i).target();
            }
            return new Batch(stackField("inputs", inputs), stackField("targets", targets));
        };
    }

    /** The default collate for datasets of plain tensors: them stacked along a new dim 0. */
    static Collate<Tensor, Tensor> tensors() {
        return samples -> stackField("samples", samples.toArray(Tensor[]::new));
    }

    private static Tensor stackField(String field, Tensor[] tensors) {
        Tensor first = tensors[0];
        for (int i = 1; i < tensors.length; i++) {
            if (!Arrays.equals(tensors[i].shape(), first.shape()) || tensors[i].dtype() != first.dtype()) {
                throw new IllegalArgumentException("Collate: cannot stack " + field + ": sample 0 is " + first.dtype() + " "
                        + Arrays.toString(first.shape()) + " but sample " + i + " of the batch is "
                        + tensors[i].dtype() + " " + Arrays.toString(tensors[i].shape()));
            }
        }
        return Tensor.stack(0, tensors);
    }
}

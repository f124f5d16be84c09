package dev.panagrad.nn.data;

import java.util.Objects;
import java.util.function.Function;

/**
 * A map-style dataset, as PyTorch's {@code torch.utils.data.Dataset}: a fixed number of samples,
 * each read by index. A {@link DataLoader} draws indices, reads the samples and collates them into
 * batches. The common sample type is {@link Example} (an input and its target), which the default
 * collate stacks into a {@link Batch}.
 *
 * <p>Implementations must allow {@link #get} from a thread other than the one that created the
 * dataset (the loader's prefetch thread calls it), one call at a time.
 *
 * @param <T> the sample type
 */
public interface Dataset<T> {
    /** Number of samples ({@code len(dataset)} in PyTorch). */
    int size();

    /** Sample {@code index}, for {@code 0 ≤ index < size()}. */
    T get(int index);

    /**
     * This dataset with {@code transform} applied to each sample as it is read: the role of
     * torchvision's {@code transform} argument. For example {@code Mnist.train().map(e ->
     * e.withInput(Mnist.normalize(e.input())))}.
     */
    default <R> Dataset<R> map(Function<? super T, ? extends R> transform) {
        Objects.requireNonNull(transform, "Dataset.map: transform");
        Dataset<T> source = this;
        return new Dataset<>() {
            @Override
            public int size() {
                return source.size();
            }

            @Override
            public R get(int index) {
                return transform.apply(source.get(index));
            }
        };
    }

    /**
     * The samples at {@code indices} of this dataset, in that order (PyTorch's {@code Subset}): sample
     * {@code i} of the result is sample {@code indices[i]} of this one. Indices are checked now.
     */
    default Dataset<T> subset(int... indices) {
        int n = size();
        int[] copy = indices.clone();
        for (int i : copy) {
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("Dataset.subset: index " + i + " is out of range for a dataset of "
                        + n + " samples");
            }
        }
        Dataset<T> source = this;
        return new Dataset<>() {
            @Override
            public int size() {
                return copy.length;
            }

            @Override
            public T get(int index) {
                return source.get(copy[index]);
            }
        };
    }
}

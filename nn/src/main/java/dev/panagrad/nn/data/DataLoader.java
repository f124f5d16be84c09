package dev.panagrad.nn.data;

import dev.panagrad.core.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Iterates over a {@link Dataset} in batches, as PyTorch's {@code DataLoader}: it splits the sample
 * indices (shuffled or in order) into batches of {@code batchSize}, reads each batch's samples and
 * {@link Collate collates} them. One pass over the loader is one epoch.
 *
 * {@snippet :
 * DataLoader<Batch> loader = DataLoader.of(Mnist.train(), 64, DataLoader.options().shuffle(new Rng(0)));
 * for (int epoch = 0; epoch < 3; epoch++) {
 *     for (Batch batch : loader) {            // a new shuffle each pass
 *         Tensor logits = model.forward(batch.inputs()); // [64, 10]
 *         // loss against batch.targets() ([64], INT32), backward, optimizer step
 *     }
 * }
 * }
 *
 * <p><b>Order.</b> Without shuffling, batches hold samples 0, 1, 2, … in order. With
 * {@link Options#shuffle(Rng)}, epoch {@code e} uses a permutation determined by the generator's
 * state when the loader was built and by {@code e} alone: each {@link #iterator()} starts the next
 * epoch (0, 1, 2, …, a new order each time, like PyTorch's {@code shuffle=True}), and
 * {@link #iterator(int)} replays any epoch. {@link #batchIndices(int)} shows the plan. The order is
 * the same with and without prefetching. (PyTorch draws each epoch's permutation from the generator
 * as it goes; deriving it from the epoch number instead makes every epoch replayable on its own.)
 *
 * <p><b>Prefetching.</b> By default a background daemon thread loads batches ahead into a queue of
 * {@link Options#prefetch(int) 2} batches, so that reading and collating
 * overlap the training step (PyTorch's {@code prefetch_factor}, with one worker). An exception thrown
 * while loading reaches the consumer at the batch where it happened, as a
 * {@link DataLoaderException} with the original as its cause. Closing the iterator
 * ({@link BatchIterator#close()}) stops its thread; so does abandoning it (leaving a for-each loop
 * with {@code break}): the thread notices that the iterator is unreachable once the garbage collector
 * has cleared it, and ends. Either way at most {@code prefetch + 1} batches are loaded in vain.
 * {@code prefetch(0)} loads each batch on the caller's thread.
 *
 * <p>A loader is meant to be iterated from one thread at a time; the dataset's {@code get} and the
 * collate are called from one thread at a time (the prefetch thread or the caller's).
 *
 * @param <B> the batch type
 */
public final class DataLoader<B> implements Iterable<B> {
    private final Dataset<?> dataset;
    private final Function<int[], B> loader;
    private final int batchSize;
    private final boolean shuffle;
    private final long shuffleSeed;
    private final boolean dropLast;
    private final int prefetch;
    private final AtomicInteger nextEpoch = new AtomicInteger();

    private <T> DataLoader(Dataset<T> dataset, int batchSize, Collate<T, ? extends B> collate, Function<int[], B> gather,
            Options options) {
        Objects.requireNonNull(dataset, "DataLoader: dataset");
        Objects.requireNonNull(collate, "DataLoader: collate");
        Objects.requireNonNull(options, "DataLoader: options");
        if (batchSize <= 0) {
            throw new IllegalArgumentException("DataLoader: batch size must be positive, got " + batchSize);
        }
        int n = dataset.size();
        if (n <= 0) {
            throw new IllegalArgumentException("DataLoader: the dataset is empty (size " + n + "), so there is nothing to load");
        }
        if (options.dropLast && n < batchSize) {
            throw new IllegalArgumentException("DataLoader: dropLast with batch size " + batchSize + " leaves no batch of a dataset of "
                    + n + " samples");
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = options.shuffleRng != null;
        this.shuffleSeed = shuffle ? options.shuffleRng.nextLong() : 0;
        this.dropLast = options.dropLast;
        this.prefetch = options.prefetch;
        this.loader = gather != null ? gather : indices -> {
            List<T> samples = new ArrayList<>(indices.length);
            for (int i : indices) {
                samples.add(dataset.get(i));
            }
            return Objects.requireNonNull(collate.collate(samples), "DataLoader: collate returned null");
        };
    }

    /** A loader of {@link Batch}es of {@code batchSize} examples, in order, keeping the last partial batch, prefetching 2 batches. */
    public static DataLoader<Batch> of(Dataset<Example> dataset, int batchSize) {
        return of(dataset, batchSize, options());
    }

    /** A loader of {@link Batch}es of {@code batchSize} examples (default collate {@link Collate#examples()}). */
    public static DataLoader<Batch> of(Dataset<Example> dataset, int batchSize, Options options) {
        // a TensorDataset gathers each batch with one indexSelect per tensor: the same batches, not a sample at a time
        Function<int[], Batch> gather = dataset instanceof TensorDataset tensors ? tensors::batch : null;
        return new DataLoader<>(dataset, batchSize, Collate.examples(), gather, options);
    }

    /** A loader of any sample type, collating each batch with {@code collate}. */
    public static <T, B> DataLoader<B> of(Dataset<T> dataset, int batchSize, Collate<T, ? extends B> collate,
            Options options) {
        return new DataLoader<>(dataset, batchSize, collate, null, options);
    }

    /** Default options: no shuffling, keep the last partial batch, prefetch 2 batches. */
    public static Options options() {
        return new Options();
    }

    /** The batch size. */
    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch ({@code len(loader)}): ⌈n / batchSize⌉, or ⌊n / batchSize⌋ with drop-last. */
    public int numBatches() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** The sample indices of each batch of epoch {@code epoch}, in order: the plan {@link #iterator(int)} follows. */
    public List<int[]> batchIndices(int epoch) {
        int[] order = order(epoch);
        List<int[]> batches = new ArrayList<>(numBatches());
        for (int b = 0; b < numBatches(); b++) {
            int from = b * batchSize;
            batches.add(Arrays.copyOfRange(order, from, Math.min(from + batchSize, order.length)));
        }
        return batches;
    }

    /** The samples in epoch order: 0..n-1, or a Fisher–Yates shuffle seeded from the loader's seed and the epoch. */
    private int[] order(int epoch) {
        checkEpoch(epoch);
        int n = dataset.size();
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        if (shuffle) {
            Rng rng = new Rng(mix(shuffleSeed + 0x632BE59BD9B4E019L * (epoch + 1L)));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }

    /** A 64-bit finalizer (Stafford's Mix13): nearby inputs give unrelated seeds, so epochs get unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Starts the next epoch (0 for the first call, then 1, 2, …). */
    @Override
    public BatchIterator<B> iterator() {
        return iterator(nextEpoch.getAndIncrement());
    }

    /** Iterates over epoch {@code epoch}: the same batches every time for the same epoch. Does not advance {@link #iterator()}'s count. */
    public BatchIterator<B> iterator(int epoch) {
        List<int[]> plan = batchIndices(epoch);
        IntFunction<B> load = b -> loadBatch(plan.get(b), b, epoch);
        return prefetch == 0
                ? new SequentialIterator<>(plan.size(), load)
                : new PrefetchIterator<>(plan.size(), load, prefetch, "epoch " + epoch);
    }

    /** Epoch {@code epoch} as an {@link Iterable}, for a for-each loop over a given epoch. */
    public Iterable<B> epoch(int epoch) {
        checkEpoch(epoch);
        return () -> iterator(epoch);
    }

    private static void checkEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("DataLoader: epoch must be ≥ 0, got " + epoch);
        }
    }

    private B loadBatch(int[] indices, int b, int epoch) {
        try {
            return loader.apply(indices);
        } catch (RuntimeException e) {
            throw new DataLoaderException("DataLoader: loading batch " + b + " of epoch " + epoch + " (samples "
                    + preview(indices) + ") failed: " + e, e);
        }
    }

    private static String preview(int[] indices) {
        if (indices.length <= 8) {
            return Arrays.toString(indices);
        }
        return Arrays.toString(Arrays.copyOf(indices, 8)).replace("]", ", … " + (indices.length - 8) + " more]");
    }

    /**
     * The iterator over one epoch. Closing it early stops its prefetch thread at once; a for-each
     * loop that completes or is abandoned needs no close (see {@link DataLoader}).
     *
     * @param <B> the batch type
     */
    public interface BatchIterator<B> extends Iterator<B>, AutoCloseable {
        /** Stops loading: {@link #hasNext()} is false from now on and the prefetch thread, if any, ends. Idempotent. */
        @Override
        void close();
    }

    /** Loads each batch on the caller's thread when {@code next()} asks for it. */
    private static final class SequentialIterator<B> implements BatchIterator<B> {
        private final int numBatches;
        private final IntFunction<B> load;
        private int next;
        private boolean closed;

        SequentialIterator(int numBatches, IntFunction<B> load) {
            this.numBatches = numBatches;
            this.load = load;
        }

        @Override
        public boolean hasNext() {
            return !closed && next < numBatches;
        }

        @Override
        public B next() {
            if (!hasNext()) {
                throw new NoSuchElementException("DataLoader: the epoch has no more batches");
            }
            try {
                return load.apply(next++);
            } catch (RuntimeException | Error e) {
                closed = true;
                throw e;
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /**
     * Options of a {@link DataLoader}, set fluently: {@code DataLoader.options().shuffle(rng).dropLast(true)}.
     * The loader reads them when it is built.
     */
    public static final class Options {
        private Rng shuffleRng;
        private boolean dropLast;
        private int prefetch = 2;

        private Options() {}

        /**
         * Shuffle the samples anew each epoch, reproducibly: the loader draws one seed from
         * {@code rng} when it is built (PyTorch's {@code shuffle=True, generator=rng}).
         */
        public Options shuffle(Rng rng) {
            this.shuffleRng = Objects.requireNonNull(rng, "DataLoader.options: shuffle rng");
            return this;
        }

        /** Drop the last batch when it would be smaller than the batch size (PyTorch's {@code drop_last}). Default false. */
        public Options dropLast(boolean flag) {
            this.dropLast = flag;
            return this;
        }

        /**
         * How many batches the background thread loads ahead (default 2); 0 loads on the caller's
         * thread, with no background thread.
         */
        public Options prefetch(int batches) {
            if (batches < 0) {
                throw new IllegalArgumentException("DataLoader.options: prefetch must be ≥ 0 batches, got " + batches);
            }
            this.prefetch = batches;
            return this;
        }
    }
}

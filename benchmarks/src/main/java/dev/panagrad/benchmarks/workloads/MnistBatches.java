package dev.panagrad.benchmarks.workloads;

import dev.panagrad.core.Rng;
import dev.panagrad.nn.data.Batch;
import dev.panagrad.nn.data.DataLoader;
import dev.panagrad.nn.data.Mnist;

/**
 * An endless stream of shuffled MNIST training batches of 64 (the shipped 8,000 digits, pixels / 255,
 * 125 batches an epoch): each epoch a new order, through nn's {@link DataLoader} with its default
 * background prefetch, as a training loop would read them.
 */
final class MnistBatches {
    /** The batch size of every workload. */
    static final int BATCH = 64;

    private final DataLoader<Batch> loader;
    private DataLoader.BatchIterator<Batch> epoch;

    /** Batches shuffled by a generator seeded from {@code rng}. */
    MnistBatches(Rng rng) {
        loader = DataLoader.of(Mnist.train(), BATCH, DataLoader.options().shuffle(rng).dropLast(true));
        epoch = loader.iterator();
    }

    /** The next batch, starting the next epoch when this one is used up. */
    Batch next() {
        if (!epoch.hasNext()) {
            epoch.close();
            epoch = loader.iterator();
        }
        return epoch.next();
    }
}

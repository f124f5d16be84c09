package dev.panagrad.core;

import dev.panagrad.core.kernels.Parallel;

/**
 * The number of threads core's kernels use, like {@code torch.get_num_threads} and
 * {@code torch.set_num_threads}. The default is {@code -Dpanagrad.threads}, or else
 * {@link Runtime#availableProcessors()}. Results do not depend on it: each output element is computed
 * by one thread in a fixed order, so only the speed changes.
 */
public final class Threads {
    private Threads() {}

    /** The number of threads kernels split their work over, the calling thread included. */
    public static int getNumThreads() {
        return Parallel.threads();
    }

    /**
     * Sets the number of threads kernels use from now on (operations already running finish with the
     * old count).
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public static void setNumThreads(int threads) {
        Parallel.setThreads(threads);
    }
}

package dev.panagrad.core.check;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Integrated shrinking (Hypothesis's design): simplifies a failing run's recorded choice sequence
 * and replays each candidate through the generator, keeping it when the property still fails and
 * the choices it consumed are shortlex-smaller (shorter, or equally long and lexicographically
 * smaller). Since every candidate goes through the generator, shrunk values stay inside its domain.
 *
 * <p>Passes, repeated until none improves or the budget is spent: delete chunks of 8, 4, 2, 1
 * choices; zero chunks; lower each choice (to 0, else by binary search); sort small windows.
 */
final class Shrinker<T> {
    private final Gen<T> gen;
    private final Consumer<? super T> property;
    private final int maxEvaluations;
    private final long deadline;

    private long[] best;
    private T bestValue;
    private Throwable bestFailure;
    private int steps;
    private int evaluations;

    Shrinker(Gen<T> gen, Consumer<? super T> property, int maxEvaluations, long maxNanos) {
        this.gen = gen;
        this.property = property;
        this.maxEvaluations = maxEvaluations;
        this.deadline = System.nanoTime() + maxNanos;
    }

    /** The simplest failing case found from a failing run. */
    record Result<T>(T value, Throwable failure, long[] choices, int steps, int evaluations) {}

    Result<T> shrink(long[] choices, T value, Throwable failure) {
        best = choices.clone();
        bestValue = value;
        bestFailure = failure;
        boolean improved = true;
        while (improved && !exhausted()) {
            improved = deleteChunks();
            improved |= zeroChunks();
            improved |= lowerEach();
            improved |= sortWindows();
        }
        return new Result<>(bestValue, bestFailure, best, steps, evaluations);
    }

    private boolean deleteChunks() {
        boolean improved = false;
        for (int k = 8; k >= 1; k /= 2) {
            for (int i = best.length - k; i >= 0 && !exhausted(); i--) {
                if (i + k <= best.length) {
                    long[] c = new long[best.length - k];
                    System.arraycopy(best, 0, c, 0, i);
                    System.arraycopy(best, i + k, c, i, best.length - i - k);
                    improved |= accept(c);
                }
            }
        }
        return improved;
    }

    private boolean zeroChunks() {
        boolean improved = false;
        for (int k = 8; k >= 2; k /= 2) {
            for (int i = best.length - k; i >= 0 && !exhausted(); i--) {
                if (i + k <= best.length && !allZero(i, k)) {
                    long[] c = best.clone();
                    Arrays.fill(c, i, i + k, 0);
                    improved |= accept(c);
                }
            }
        }
        return improved;
    }

    /** Lowers each choice to 0 if that still fails, else to the smallest failing value a binary search finds. */
    private boolean lowerEach() {
        boolean improved = false;
        for (int i = 0; i < best.length && !exhausted(); i++) {
            if (best[i] == 0) {
                continue;
            }
            if (replaceAt(i, 0)) {
                improved = true;
                continue;
            }
            long lo = 0; // known to pass
            long hi = best[i]; // known to fail
            while (lo + 1 < hi && i < best.length && !exhausted()) {
                long mid = lo + (hi - lo) / 2;
                if (replaceAt(i, mid)) {
                    improved = true;
                    hi = i < best.length ? Math.min(mid, best[i]) : 0;
                } else {
                    lo = mid;
                }
            }
        }
        return improved;
    }

    private boolean sortWindows() {
        boolean improved = false;
        for (int k = 8; k >= 2; k /= 2) {
            for (int i = 0; i + k <= best.length && !exhausted(); i++) {
                long[] c = best.clone();
                Arrays.sort(c, i, i + k);
                if (!Arrays.equals(c, best)) {
                    improved |= accept(c);
                }
            }
        }
        return improved;
    }

    private boolean replaceAt(int i, long value) {
        long[] c = best.clone();
        c[i] = value;
        return accept(c);
    }

    private boolean allZero(int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (best[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Replays {@code candidate}; keeps it when it is simpler and the property still fails. */
    private boolean accept(long[] candidate) {
        if (exhausted()) {
            return false;
        }
        Source source = Source.replay(candidate);
        T value;
        try {
            value = gen.generate(source);
        } catch (RuntimeException e) {
            return false; // these choices do not make a value (e.g. a filter gave up): not a counterexample
        }
        long[] used = source.choices();
        if (!shortlexLess(used, best)) {
            return false;
        }
        evaluations++;
        try {
            property.accept(value);
            return false;
        } catch (RuntimeException | AssertionError e) {
            best = used;
            bestValue = value;
            bestFailure = e;
            steps++;
            return true;
        }
    }

    private boolean exhausted() {
        return evaluations >= maxEvaluations || System.nanoTime() - deadline > 0;
    }

    static boolean shortlexLess(long[] a, long[] b) {
        if (a.length != b.length) {
            return a.length < b.length;
        }
        return Arrays.compare(a, b) < 0;
    }
}

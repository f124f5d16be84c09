package dev.panagrad.core.check;

/**
 * A property did not hold. The message gives the seed that replays the run, the try that failed,
 * the original and the shrunk counterexample, and the number of shrink steps; the cause is the
 * shrunk case's exception (the original one is attached as suppressed when it differs).
 */
public final class PropertyFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final long seed;
    private final int tryNumber;
    private final transient Object original;
    private final transient Object shrunk;
    private final int shrinkSteps;

    PropertyFailure(String message, Throwable cause, long seed, int tryNumber, Object original, Object shrunk,
            int shrinkSteps) {
        super(message, cause);
        this.seed = seed;
        this.tryNumber = tryNumber;
        this.original = original;
        this.shrunk = shrunk;
        this.shrinkSteps = shrinkSteps;
    }

    /** The run's seed: {@code -Dpanagrad.seed=<seed>} (or {@link Property.Settings#withSeed}) replays the failure. */
    public long seed() {
        return seed;
    }

    /** Which try failed, from 1. */
    public int tryNumber() {
        return tryNumber;
    }

    /** The counterexample as first generated. */
    public Object original() {
        return original;
    }

    /** The simplest counterexample shrinking found (the original when shrinking found nothing simpler). */
    public Object shrunk() {
        return shrunk;
    }

    /** How many simplifications shrinking accepted. */
    public int shrinkSteps() {
        return shrinkSteps;
    }
}

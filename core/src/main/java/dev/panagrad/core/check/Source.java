package dev.panagrad.core.check;

import dev.panagrad.core.Rng;
import java.util.Arrays;

/**
 * The recorded stream of random choices a {@link Gen} draws from (Hypothesis's design). In random
 * mode each choice comes from a seeded {@link Rng} and is recorded; in replay mode choices come from a
 * given sequence (zeros once it runs out). Shrinking works on the recorded sequence, so every
 * shrunk case is still produced by the generator and stays inside its domain.
 *
 * <p>Generators map smaller choices to simpler values: choice 0 is the simplest.
 */
public final class Source {
    private final Rng rng;
    private final long[] replay;
    private long[] recorded = new long[16];
    private int size;

    private Source(Rng rng, long[] replay) {
        this.rng = rng;
        this.replay = replay;
    }

    /** A source drawing fresh random choices. */
    public static Source random(Rng rng) {
        return new Source(rng, null);
    }

    /** A source replaying {@code choices} (each clamped to its draw's bound; zeros after the end). */
    public static Source replay(long[] choices) {
        return new Source(null, choices.clone());
    }

    /** A choice uniform in {@code [0, max]} ({@code max ≥ 0}); recorded. */
    public long draw(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("Source.draw: max must be non-negative, got " + max);
        }
        long v;
        if (replay != null) {
            v = size < replay.length ? Math.min(Math.max(replay[size], 0), max) : 0;
        } else if (max == Long.MAX_VALUE) {
            v = rng.nextLong() & Long.MAX_VALUE;
        } else {
            v = Math.floorMod(rng.nextLong(), max + 1);
        }
        if (size == recorded.length) {
            recorded = Arrays.copyOf(recorded, size * 2);
        }
        recorded[size++] = v;
        return v;
    }

    /** An int uniform in {@code [min, max]}; shrinks toward {@code min}. */
    public int drawInt(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("Source.drawInt: empty range [" + min + ", " + max + "]");
        }
        return (int) (min + draw((long) max - min));
    }

    /** Whether this source replays a fixed sequence (shrinking) rather than drawing at random. */
    public boolean replaying() {
        return replay != null;
    }

    /** The choices drawn so far, in order. */
    public long[] choices() {
        return Arrays.copyOf(recorded, size);
    }
}

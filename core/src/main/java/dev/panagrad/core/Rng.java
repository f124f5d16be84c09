package dev.panagrad.core;

import java.util.SplittableRandom;

/**
 * An explicit, seeded random generator. Everything random in Panagrad (initializers, dropout,
 * shuffling, {@link Tensor#randn}) takes one, so a run is reproducible from its seed.
 *
 * <p>Backed by {@link SplittableRandom}, whose algorithm (SplitMix64) is fixed by its specification,
 * so a seed gives the same stream on every JVM. Not thread-safe: use {@link #split()} per thread.
 */
public final class Rng {
    private final SplittableRandom random;

    /** A generator whose whole stream is determined by {@code seed}. */
    public Rng(long seed) {
        this.random = new SplittableRandom(seed);
    }

    private Rng(SplittableRandom random) {
        this.random = random;
    }

    /** A new, statistically independent generator; this one advances. */
    public Rng split() {
        return new Rng(random.split());
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    /** Uniform in [origin, bound). */
    public int nextInt(int origin, int bound) {
        return random.nextInt(origin, bound);
    }

    /** 64 uniformly random bits. */
    public long nextLong() {
        return random.nextLong();
    }

    /** Standard normal, by the Box–Muller transform (deterministic given the stream). */
    public double nextGaussian() {
        double first = random.nextDouble();
        return boxMuller(first, random.nextDouble());
    }

    /**
     * The normal {@link #nextGaussian} makes of two consecutive uniform draws {@code first}, {@code second} in
     * [0, 1), for callers that draw the uniforms ahead and transform them elsewhere (in parallel).
     */
    static double boxMuller(double first, double second) {
        double u1 = 1.0 - first; // (0, 1]: log is finite
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * second);
    }
}

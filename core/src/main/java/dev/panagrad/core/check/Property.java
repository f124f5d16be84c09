package dev.panagrad.core.check;

import dev.panagrad.core.Rng;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Runs a property over generated values, like a unit test over many inputs. A property is any code
 * that throws (an exception or an {@link AssertionError}, e.g. from JUnit's assertions) when it does
 * not hold. Every run is seeded; on failure the engine shrinks the counterexample (see
 * {@link Source}) and throws a {@link PropertyFailure} giving the seed that replays it, the original
 * and the shrunk counterexample.
 *
 * {@snippet :
 * Property.forAll(Gen.listOf(Gen.integers(0, 100), 0, 10), 200,
 *         list -> assertEquals(list, list.reversed().reversed()));
 *
 * Property.forAll(TensorGen.tensors(TensorGen.shapes(0, 3, 1, 4), Domain.REAL, DType.FLOAT64), 50,
 *         x -> GradCheck.gradcheck(in -> in.get(0).exp(), List.of(x)));
 *
 * Property.Settings.defaults().withTries(500).withSeed(7).forAll(Gen.integers(-9, 9), Gen.integers(-9, 9),
 *         (a, b) -> assertEquals(a + b, b + a));
 * }
 *
 * <p>The seed comes from {@code -Dpanagrad.seed} when set, else {@link #DEFAULT_SEED}, so CI runs are
 * reproducible and a reported failure replays with {@code -Dpanagrad.seed=<seed>}.
 */
public final class Property {
    /** Seed used when {@code -Dpanagrad.seed} is not set. */
    public static final long DEFAULT_SEED = 20261127L;

    private Property() {}

    /** Checks {@code property} on {@code tries} values of {@code gen}, with the default {@link Settings}. */
    public static <T> void forAll(Gen<T> gen, int tries, Consumer<? super T> property) {
        Settings.defaults().withTries(tries).forAll(gen, property);
    }

    /** Checks {@code property} on {@code tries} values of {@code gen} drawn from {@code seed}. */
    public static <T> void forAll(long seed, Gen<T> gen, int tries, Consumer<? super T> property) {
        Settings.defaults().withSeed(seed).withTries(tries).forAll(gen, property);
    }

    /** Checks a two-argument property on {@code tries} pairs of independent values. */
    public static <A, B> void forAll(Gen<A> a, Gen<B> b, int tries, BiConsumer<? super A, ? super B> property) {
        Settings.defaults().withTries(tries).forAll(a, b, property);
    }

    /** Checks a three-argument property on {@code tries} triples of independent values. */
    public static <A, B, C> void forAll(Gen<A> a, Gen<B> b, Gen<C> c, int tries,
            TriConsumer<? super A, ? super B, ? super C> property) {
        Settings.defaults().withTries(tries).forAll(a, b, c, property);
    }

    /**
     * A three-argument property.
     *
     * @param <A> first argument
     * @param <B> second argument
     * @param <C> third argument
     */
    @FunctionalInterface
    public interface TriConsumer<A, B, C> {
        /** Checks the property on one triple; throws when it does not hold. */
        void accept(A a, B b, C c);
    }

    /**
     * How a property runs: the seed, the number of tries, and the shrinking budget (stop after
     * {@code maxShrinkEvaluations} property evaluations or {@code maxShrinkTime}, whichever comes first).
     *
     * @param seed                 the run's seed
     * @param tries                how many generated values to check
     * @param maxShrinkEvaluations budget of property evaluations while shrinking (0 disables shrinking)
     * @param maxShrinkTime        time budget for shrinking
     */
    public record Settings(long seed, int tries, int maxShrinkEvaluations, Duration maxShrinkTime) {
        /** Validates the settings. */
        public Settings {
            if (tries < 1 || maxShrinkEvaluations < 0 || maxShrinkTime.isNegative()) {
                throw new IllegalArgumentException("Property.Settings: need tries ≥ 1 and a non-negative shrink budget, got tries="
                        + tries + ", maxShrinkEvaluations=" + maxShrinkEvaluations + ", maxShrinkTime=" + maxShrinkTime);
            }
        }

        /** Seed from {@code -Dpanagrad.seed} (else {@link #DEFAULT_SEED}), 100 tries, shrinking for up to 1000 evaluations or 10 s. */
        public static Settings defaults() {
            return new Settings(Long.getLong("panagrad.seed", DEFAULT_SEED), 100, 1000, Duration.ofSeconds(10));
        }

        /** These settings with another seed. */
        public Settings withSeed(long newSeed) {
            return new Settings(newSeed, tries, maxShrinkEvaluations, maxShrinkTime);
        }

        /** These settings with another number of tries. */
        public Settings withTries(int newTries) {
            return new Settings(seed, newTries, maxShrinkEvaluations, maxShrinkTime);
        }

        /** These settings with another shrinking budget. */
        public Settings withShrinkBudget(int evaluations, Duration time) {
            return new Settings(seed, tries, evaluations, time);
        }

        /** These settings reporting the first counterexample as found, unshrunk. */
        public Settings withoutShrinking() {
            return new Settings(seed, tries, 0, maxShrinkTime);
        }

        /** Checks {@code property} on {@link #tries} values of {@code gen}. */
        public <T> void forAll(Gen<T> gen, Consumer<? super T> property) {
            Rng rng = new Rng(seed);
            for (int i = 1; i <= tries; i++) {
                Source source = Source.random(rng.split());
                T value;
                try {
                    value = gen.generate(source);
                } catch (Gen.Unsatisfiable e) {
                    throw new Gen.Unsatisfiable("Property: could not generate a value on try " + i + " of " + tries + " (seed "
                            + seed + "): " + e.getMessage(), e);
                }
                try {
                    property.accept(value);
                } catch (RuntimeException | AssertionError e) {
                    throw failure(gen, property, i, source.choices(), value, e);
                }
            }
        }

        /** Checks a two-argument property on {@link #tries} pairs of independent values. */
        public <A, B> void forAll(Gen<A> a, Gen<B> b, BiConsumer<? super A, ? super B> property) {
            forAll(Gen.pair(a, b), p -> property.accept(p.first(), p.second()));
        }

        /** Checks a three-argument property on {@link #tries} triples of independent values. */
        public <A, B, C> void forAll(Gen<A> a, Gen<B> b, Gen<C> c, TriConsumer<? super A, ? super B, ? super C> property) {
            forAll(Gen.triple(a, b, c), t -> property.accept(t.first(), t.second(), t.third()));
        }

        private <T> PropertyFailure failure(Gen<T> gen, Consumer<? super T> property, int tryNumber, long[] choices, T value,
                Throwable error) {
            Shrinker.Result<T> shrunk = new Shrinker<>(gen, property, maxShrinkEvaluations, maxShrinkTime.toNanos())
                    .shrink(choices, value, error);
            String message = "property failed on try " + tryNumber + " of " + tries + " with seed " + seed
                    + " (replay with -Dpanagrad.seed=" + seed + ")"
                    + "\noriginal counterexample: " + Describe.value(value)
                    + "\nshrunk counterexample (" + shrunk.steps() + " shrink steps, " + shrunk.evaluations()
                    + " evaluations): " + Describe.value(shrunk.value())
                    + "\ncause: " + shrunk.failure();
            PropertyFailure f = new PropertyFailure(message, shrunk.failure(), seed, tryNumber, value, shrunk.value(),
                    shrunk.steps());
            if (!shrunk.failure().toString().equals(error.toString())) {
                f.addSuppressed(error);
            }
            return f;
        }
    }
}

package dev.panagrad.core.check;

import dev.panagrad.core.Rng;
import java.util.function.Consumer;

/**
 * Runs a property over generated values. Every run is seeded; a failure reports the seed that
 * replays it and the counterexample.
 *
 * {@snippet :
 * Property.forAll(TensorGen.tensors(TensorGen.shapes(0, 3, 1, 4), Domain.REAL, DType.FLOAT64), 50,
 *         x -> GradCheck.gradcheck(in -> in.get(0).tanh(), x));
 * }
 */
public final class Property {
    /** Seed used when {@code -Dpanagrad.seed} is not set. */
    public static final long DEFAULT_SEED = 20261127L;

    private Property() {}

    /** Checks {@code property} on {@code tries} values of {@code gen}, with the seed from {@code -Dpanagrad.seed} or the default. */
    public static <T> void forAll(Gen<T> gen, int tries, Consumer<? super T> property) {
        forAll(Long.getLong("panagrad.seed", DEFAULT_SEED), gen, tries, property);
    }

    /** Checks {@code property} on {@code tries} values of {@code gen} drawn from {@code seed}. */
    public static <T> void forAll(long seed, Gen<T> gen, int tries, Consumer<? super T> property) {
        Rng rng = new Rng(seed);
        for (int i = 0; i < tries; i++) {
            Source source = Source.random(rng.split());
            T value = gen.generate(source);
            try {
                property.accept(value);
            } catch (RuntimeException | AssertionError e) {
                throw new PropertyFailure("property failed on try " + (i + 1) + " of " + tries + " (replay with -Dpanagrad.seed="
                        + seed + ")\ncounterexample: " + Describe.value(value) + "\ncause: " + e, e);
            }
        }
    }
}

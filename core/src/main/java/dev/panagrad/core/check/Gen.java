package dev.panagrad.core.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of random values of type {@code T}, drawing its randomness from a {@link Source}.
 * Because all randomness flows through the source's recorded choices, shrinking a failing case needs
 * no per-type shrinker: {@code map}, {@code flatMap} and {@code filter} shrink for free, and every
 * shrunk value is still one this generator can produce.
 *
 * <p>The built-in generators map smaller choices to simpler values: integers and doubles shrink
 * toward zero (or the in-range value nearest to it), booleans toward {@code false}, lists toward
 * fewer and simpler elements, {@code elements} and {@code oneOf} toward their first alternative.
 *
 * {@snippet :
 * Gen<List<Integer>> lists = Gen.listOf(Gen.integers(0, 100), 0, 10);
 * Gen<Gen.Pair<Integer, Double>> pairs = Gen.pair(Gen.integers(-5, 5), Gen.doubles(0, 1));
 * Gen<Integer> evens = Gen.integers(0, 50).map(i -> 2 * i);
 * }
 *
 * @param <T> type of generated values
 */
@FunctionalInterface
public interface Gen<T> {
    /** How many consecutive rejections {@link #filter} tolerates before giving up. */
    int FILTER_ATTEMPTS = 100;

    /** Draws one value. */
    T generate(Source source);

    /** A generator of {@code f(value)}; shrinks as this generator does. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return s -> f.apply(generate(s));
    }

    /**
     * A generator whose second stage depends on the first value (e.g. a tensor of a generated shape).
     * Shrinking the first stage re-runs the second on the choices that follow.
     */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        return s -> f.apply(generate(s)).generate(s);
    }

    /**
     * Only values satisfying {@code predicate}. Gives up with {@link Unsatisfiable} after
     * {@value #FILTER_ATTEMPTS} consecutive rejections: when a filter rejects that often, generate
     * valid values directly instead.
     */
    default Gen<T> filter(Predicate<? super T> predicate) {
        return s -> {
            T last = null;
            for (int attempt = 0; attempt < FILTER_ATTEMPTS; attempt++) {
                last = generate(s);
                if (predicate.test(last)) {
                    return last;
                }
            }
            throw new Unsatisfiable("Gen.filter: " + FILTER_ATTEMPTS + " consecutive values were rejected by the predicate"
                    + " (last: " + Describe.value(last) + "); generate valid values directly instead of filtering");
        };
    }

    /** A value of this generator combined with one of {@code other}. */
    default <U, R> Gen<R> zip(Gen<U> other, BiFunction<? super T, ? super U, ? extends R> combine) {
        return s -> combine.apply(generate(s), other.generate(s));
    }

    /** Always {@code value}; draws nothing. */
    static <T> Gen<T> constant(T value) {
        return s -> value;
    }

    /**
     * Ints uniform in {@code [min, max]}, shrinking toward the value of smallest magnitude: 0 when
     * the range contains it, else {@code min} for positive ranges and {@code max} for negative ones.
     */
    static Gen<Integer> integers(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("Gen.integers: empty range [" + min + ", " + max + "]");
        }
        return s -> (int) Choices.nearZero(s, min, max);
    }

    /** Longs uniform in {@code [min, max]} (any range, even the full one), shrinking as {@link #integers}. */
    static Gen<Long> longs(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("Gen.longs: empty range [" + min + ", " + max + "]");
        }
        return s -> Choices.nearZero(s, min, max);
    }

    /**
     * Doubles in {@code [min, max]}: mostly uniform on a grid of 2^32 steps, sometimes an integer or 0
     * (special values catch bugs). They shrink toward
     * simpler numbers: first 0 clamped into the range, then the integers in the range nearest to it,
     * then grid values ever closer to it.
     */
    static Gen<Double> doubles(double min, double max) {
        if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("Gen.doubles: need finite min ≤ max, got [" + min + ", " + max + "]");
        }
        return new SimpleDoubles(min, max);
    }

    /** Booleans, shrinking toward false. */
    static Gen<Boolean> booleans() {
        return s -> s.draw(1) == 1;
    }

    /** One of the given values, shrinking toward the first. */
    @SafeVarargs
    static <T> Gen<T> elements(T... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("Gen.elements: no values");
        }
        List<T> copy = List.of(values);
        return s -> copy.get(s.drawInt(0, copy.size() - 1));
    }

    /** Values of one of the given generators, chosen uniformly, shrinking toward the first. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        if (gens.length == 0) {
            throw new IllegalArgumentException("Gen.oneOf: no generators");
        }
        List<Gen<? extends T>> copy = List.of(gens);
        return s -> copy.get(s.drawInt(0, copy.size() - 1)).generate(s);
    }

    /**
     * Values of {@code first} with weight {@code firstWeight}, else of {@code second}; shrinks toward
     * {@code first}. For example {@code frequency(9, Gen.integers(1, 5), 1, Gen.constant(0))}.
     */
    static <T> Gen<T> frequency(int firstWeight, Gen<? extends T> first, int secondWeight, Gen<? extends T> second) {
        if (firstWeight < 0 || secondWeight < 0 || (long) firstWeight + secondWeight == 0) {
            throw new IllegalArgumentException("Gen.frequency: weights must be non-negative and not both 0, got "
                    + firstWeight + " and " + secondWeight);
        }
        long total = (long) firstWeight + secondWeight;
        return s -> (s.draw(total - 1) < firstWeight ? first : second).generate(s);
    }

    /**
     * Lists of {@code minSize..maxSize} values, shrinking toward shorter lists of simpler values.
     * After the first {@code minSize} elements, each further element is preceded by a "more?"
     * choice (0 = stop), so deleting an element's choices deletes the element; lists average
     * about halfway between the bounds.
     */
    static <T> Gen<List<T>> listOf(Gen<T> element, int minSize, int maxSize) {
        if (minSize < 0 || minSize > maxSize) {
            throw new IllegalArgumentException("Gen.listOf: invalid size bounds " + minSize + ".." + maxSize);
        }
        long more = Math.max(1, (maxSize - minSize) / 2); // P(stop) = 1 / (more + 1): mean extra length ≈ more
        return s -> {
            List<T> out = new ArrayList<>();
            while (out.size() < minSize || (out.size() < maxSize && s.draw(more) != 0)) {
                out.add(element.generate(s));
            }
            return out;
        };
    }

    /** Pairs of independent values. */
    static <A, B> Gen<Pair<A, B>> pair(Gen<A> first, Gen<B> second) {
        return s -> new Pair<>(first.generate(s), second.generate(s));
    }

    /** Triples of independent values. */
    static <A, B, C> Gen<Triple<A, B, C>> triple(Gen<A> first, Gen<B> second, Gen<C> third) {
        return s -> new Triple<>(first.generate(s), second.generate(s), third.generate(s));
    }

    /**
     * Two values generated together.
     *
     * @param first  the first value
     * @param second the second value
     * @param <A>    type of the first value
     * @param <B>    type of the second value
     */
    record Pair<A, B>(A first, B second) {
        @Override
        public String toString() {
            return "(" + Describe.value(first) + ", " + Describe.value(second) + ")";
        }
    }

    /**
     * Three values generated together.
     *
     * @param first  the first value
     * @param second the second value
     * @param third  the third value
     * @param <A>    type of the first value
     * @param <B>    type of the second value
     * @param <C>    type of the third value
     */
    record Triple<A, B, C>(A first, B second, C third) {
        @Override
        public String toString() {
            return "(" + Describe.value(first) + ", " + Describe.value(second) + ", " + Describe.value(third) + ")";
        }
    }

    /** Thrown when a generator cannot produce a value, e.g. a {@link #filter} that rejects nearly everything. */
    final class Unsatisfiable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsatisfiable(String message) {
            super(message);
        }

        Unsatisfiable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

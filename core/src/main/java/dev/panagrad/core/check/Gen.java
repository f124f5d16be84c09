package dev.panagrad.core.check;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of random values of type {@code T}, drawing its randomness from a {@link Source}. Because
 * all randomness flows through the source's recorded choices, shrinking a failing case needs no
 * per-type shrinker: {@code map}, {@code flatMap} and {@code filter} shrink for free.
 *
 * @param <T> type of generated values
 */
@FunctionalInterface
public interface Gen<T> {
    /** Draws one value. */
    T generate(Source source);

    /** A generator of {@code f(value)}. */
    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return s -> f.apply(generate(s));
    }

    /** A generator whose second stage depends on the first value. */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        return s -> f.apply(generate(s)).generate(s);
    }

    /**
     * Only values satisfying {@code predicate}; gives up with {@link Unsatisfiable} after 100
     * consecutive rejections (tighten the generator instead of filtering that hard).
     */
    default Gen<T> filter(Predicate<? super T> predicate) {
        return s -> {
            for (int attempt = 0; attempt < 100; attempt++) {
                T v = generate(s);
                if (predicate.test(v)) {
                    return v;
                }
            }
            throw new Unsatisfiable("Gen.filter: 100 consecutive values were rejected by the predicate");
        };
    }

    /** Pairs of a value of this generator and one of {@code other}. */
    default <U, R> Gen<R> zip(Gen<U> other, BiFunction<? super T, ? super U, ? extends R> combine) {
        return s -> combine.apply(generate(s), other.generate(s));
    }

    /** Always {@code value}. */
    static <T> Gen<T> constant(T value) {
        return s -> value;
    }

    /** Ints uniform in {@code [min, max]}, shrinking toward {@code min}. */
    static Gen<Integer> integers(int min, int max) {
        if (min > max) {
            throw new IllegalArgumentException("Gen.integers: empty range [" + min + ", " + max + "]");
        }
        return s -> s.drawInt(min, max);
    }

    /** Doubles in {@code [min, max]} on a grid of 2^32 steps, shrinking toward {@code min}. */
    static Gen<Double> doubles(double min, double max) {
        if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("Gen.doubles: need finite min ≤ max, got [" + min + ", " + max + "]");
        }
        long steps = 1L << 32;
        return s -> min + (max - min) * (s.draw(steps) / (double) steps);
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

    /** Values of one of the given generators, shrinking toward the first. */
    @SafeVarargs
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        if (gens.length == 0) {
            throw new IllegalArgumentException("Gen.oneOf: no generators");
        }
        List<Gen<? extends T>> copy = List.of(gens);
        return s -> copy.get(s.drawInt(0, copy.size() - 1)).generate(s);
    }

    /** Lists of {@code minSize..maxSize} values, shrinking toward shorter lists of simpler values. */
    static <T> Gen<List<T>> listOf(Gen<T> element, int minSize, int maxSize) {
        return s -> {
            int n = s.drawInt(minSize, maxSize);
            List<T> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(element.generate(s));
            }
            return out;
        };
    }

    /** Thrown when a generator cannot produce a value satisfying its filter. */
    final class Unsatisfiable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsatisfiable(String message) {
            super(message);
        }
    }
}

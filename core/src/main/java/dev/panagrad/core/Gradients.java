package dev.panagrad.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The gradients of one reverse pass, keyed by source tensor identity (two distinct tensors holding
 * equal values never share a gradient). There is no hidden {@code .grad} state: nothing to zero.
 */
public final class Gradients {
    private final List<Tensor> sources;
    private final Map<Tensor, Tensor> values;

    Gradients(List<Tensor> sources, Map<Tensor, Tensor> values) {
        this.sources = List.copyOf(sources);
        this.values = values;
    }

    /**
     * Gradients assembled by hand, {@code gradients.get(i)} belonging to {@code sources.get(i)}: for
     * optimizers fed from outside a tape, and for tests. Each gradient must have its source's shape and dtype.
     */
    public static Gradients of(List<Tensor> sources, List<Tensor> gradients) {
        if (sources.size() != gradients.size()) {
            throw new IllegalArgumentException("Gradients.of: " + sources.size() + " sources but " + gradients.size()
                    + " gradients");
        }
        Map<Tensor, Tensor> values = new IdentityHashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            Tensor s = sources.get(i);
            Tensor g = gradients.get(i);
            if (!Arrays.equals(s.shape(), g.shape()) || s.dtype() != g.dtype()) {
                throw new IllegalArgumentException("Gradients.of: gradient " + i + " is " + Shapes.format(g.shape())
                        + " " + g.dtype() + " but its source is " + Shapes.format(s.shape()) + " " + s.dtype());
            }
            if (values.put(s, g) != null) {
                throw new IllegalArgumentException("Gradients.of: source " + i + " appears twice");
            }
        }
        return new Gradients(sources, values);
    }

    /**
     * The same sources with every gradient replaced by {@code f(gradient)} (clipping, scaling); {@code f} must
     * keep shape and dtype.
     */
    public Gradients map(UnaryOperator<Tensor> f) {
        List<Tensor> mapped = new ArrayList<>(sources.size());
        for (Tensor s : sources) {
            mapped.add(f.apply(values.get(s)));
        }
        return of(sources, mapped);
    }

    /** The gradient with respect to {@code source}; it has the source's shape and dtype. */
    public Tensor get(Tensor source) {
        Tensor g = values.get(source);
        if (g == null) {
            throw new IllegalArgumentException("Gradients.get: the tensor of shape " + Shapes.format(source.shape())
                    + " was not one of the " + sources.size() + " sources of this gradient computation");
        }
        return g;
    }

    /** Whether {@code source} was a source of this computation. */
    public boolean contains(Tensor source) {
        return values.containsKey(source);
    }

    /** The sources, in the order they were given. */
    public List<Tensor> sources() {
        return sources;
    }

    /** The gradients in the order of {@link #sources()}. */
    public List<Tensor> list() {
        List<Tensor> out = new ArrayList<>(sources.size());
        for (Tensor s : sources) {
            out.add(values.get(s));
        }
        return Collections.unmodifiableList(out);
    }

    /** Number of sources. */
    public int size() {
        return sources.size();
    }

    /**
     * The element-wise sum of two gradient containers (gradient accumulation over micro-batches).
     * Sources present in only one container keep their gradient.
     */
    public Gradients plus(Gradients other) {
        List<Tensor> order = new ArrayList<>(sources);
        Map<Tensor, Tensor> sum = new IdentityHashMap<>(values);
        for (Tensor s : other.sources) {
            Tensor g = other.values.get(s);
            Tensor mine = sum.get(s);
            if (mine == null) {
                order.add(s);
                sum.put(s, g);
            } else {
                sum.put(s, mine.add(g));
            }
        }
        return new Gradients(order, sum);
    }
}

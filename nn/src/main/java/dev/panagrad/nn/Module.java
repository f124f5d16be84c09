package dev.panagrad.nn;

import dev.panagrad.core.DType;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The base of every layer and model, as {@code torch.nn.Module}: parameters, buffers and child modules
 * are registered by name in declaration order (no reflection), which gives PyTorch's dotted names
 * ({@code features.0.weight}) to {@link #namedParameters()} and {@link #stateDict()}.
 *
 * <p>A subclass registers in its constructor with {@link #param(String, Tensor)}, {@link #buffer(String,
 * Tensor)} and {@link #child(String, Module)}, and reads its parameters back in {@link #forward(Tensor)}
 * through {@link #param(String)} rather than caching them in fields; that is what lets {@link #to(DType)}
 * and {@link #functionalCall(Map, Tensor)} swap them.
 *
 * <p>Parameters are ordinary tensors with {@code requiresGrad} set, whose identity stays stable:
 * optimizers and {@link #loadStateDict} update them in place with {@link Tensor#assign}. A module is not
 * thread-safe while it trains; concurrent {@code forward} calls on a module in eval mode are safe.
 */
public abstract class Module {
    private final Map<String, Tensor> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** Computes this module's output for {@code input}. */
    public abstract Tensor forward(Tensor input);

    // ------------------------------------------------------------------ registration

    /**
     * Registers a trainable parameter under {@code name} and returns it, marked {@code requiresGrad}.
     * {@code null} registers an absent parameter (as {@code bias=False}): it is left out of
     * {@link #namedParameters()} and {@link #stateDict()}, and {@link #param(String)} returns null.
     */
    protected final Tensor param(String name, Tensor initial) {
        checkNewName(name);
        if (initial != null) {
            if (!initial.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + name
                        + "' must be floating point, got " + initial.dtype());
            }
            initial.requiresGrad(true);
        }
        parameters.put(name, initial);
        return initial;
    }

    /** The current tensor of the parameter registered as {@code name}, or null for an absent one. */
    protected final Tensor param(String name) {
        if (!parameters.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no parameter '" + name + "'");
        }
        return parameters.get(name);
    }

    /** Registers a buffer: state saved in the state dict but not trained (BatchNorm's running statistics). */
    protected final Tensor buffer(String name, Tensor initial) {
        checkNewName(name);
        buffers.put(name, initial);
        return initial;
    }

    /** The current tensor of the buffer registered as {@code name}. */
    protected final Tensor buffer(String name) {
        if (!buffers.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no buffer '" + name + "'");
        }
        return buffers.get(name);
    }

    /** Registers a child module under {@code name} and returns it. */
    protected final <M extends Module> M child(String name, M module) {
        checkNewName(name);
        if (module == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": child module '" + name + "' is null");
        }
        children.put(name, module);
        return module;
    }

    private void checkNewName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid name '" + name
                    + "' (names are non-empty and contain no '.')");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": '" + name + "' is already registered");
        }
    }

    // ------------------------------------------------------------------ traversal

    /** The direct children, by name, in registration order. */
    public Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * This module (under the name {@code ""}) and every descendant by dotted name, depth-first in
     * registration order, as PyTorch's {@code named_modules()}.
     */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collectModules(String name, Map<String, Module> out) {
        out.put(name, this);
        children.forEach((childName, m) -> m.collectModules(name.isEmpty() ? childName : name + "." + childName, out));
    }

    /**
     * Calls {@code fn} on every descendant and then on this module (children first, as PyTorch's
     * {@code apply}), e.g. to re-initialise every {@link Linear}; returns this.
     */
    public Module apply(Consumer<Module> fn) {
        children.values().forEach(m -> m.apply(fn));
        fn.accept(this);
        return this;
    }

    /** Every parameter of this module and its descendants, by dotted name, depth-first in registration order. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true, false);
        return Collections.unmodifiableMap(out);
    }

    /** The tensors of {@link #namedParameters()}, in the same order; their identities stay stable while training. */
    public List<Tensor> parameters() {
        return List.copyOf(namedParameters().values());
    }

    /** Every buffer of this module and its descendants, by dotted name. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false, true);
        return Collections.unmodifiableMap(out);
    }

    /**
     * Parameters and buffers by dotted name, in PyTorch's order (each module's parameters, then its
     * buffers, then its children). The tensors are the live ones, as in PyTorch: training updates them.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true, true);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean withParameters, boolean withBuffers) {
        if (withParameters) {
            parameters.forEach((name, t) -> {
                if (t != null) {
                    out.put(prefix + name, t);
                }
            });
        }
        if (withBuffers) {
            buffers.forEach((name, t) -> {
                if (t != null) {
                    out.put(prefix + name, t);
                }
            });
        }
        children.forEach((name, m) -> m.collect(prefix + name + ".", out, withParameters, withBuffers));
    }

    /** The number of parameter elements; with {@code trainableOnly}, only of those that require gradients. */
    public long numParameters(boolean trainableOnly) {
        long n = 0;
        for (Tensor p : namedParameters().values()) {
            if (!trainableOnly || p.requiresGrad()) {
                n += p.numel();
            }
        }
        return n;
    }

    /** The number of parameter elements. */
    public long numParameters() {
        return numParameters(false);
    }

    // ------------------------------------------------------------------ modes

    /** Puts this module and its descendants in training mode (dropout active, batch statistics); returns this. */
    public Module train() {
        return train(true);
    }

    /** Sets training mode ({@code true}) or evaluation mode on this module and its descendants; returns this. */
    public Module train(boolean mode) {
        training = mode;
        children.values().forEach(m -> m.train(mode));
        return this;
    }

    /** Puts this module and its descendants in evaluation mode; returns this. */
    public Module eval() {
        return train(false);
    }

    /** Whether this module is in training mode. */
    public boolean isTraining() {
        return training;
    }

    /** Freezes ({@code false}) or unfreezes every parameter of this module and its descendants; returns this. */
    public Module requiresGrad(boolean flag) {
        namedParameters().values().forEach(p -> p.requiresGrad(flag));
        return this;
    }

    /**
     * Converts every floating-point parameter and buffer to {@code dtype}, replacing the tensors (an
     * optimizer built before this call still holds the old ones, as in PyTorch). INT32 buffers are kept.
     * Returns this.
     */
    public Module to(DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".to: modules hold floating-point "
                    + "parameters; cannot convert to " + dtype);
        }
        try (NoGrad ignored = NoGrad.enter()) {
            parameters.replaceAll((name, p) -> p == null || p.dtype() == dtype ? p
                    : p.to(dtype).detach().requiresGrad(p.requiresGrad()));
            buffers.replaceAll((name, b) -> b == null || !b.dtype().isFloatingPoint() || b.dtype() == dtype ? b
                    : b.to(dtype).detach());
        }
        children.values().forEach(m -> m.to(dtype));
        return this;
    }

    // ------------------------------------------------------------------ state dicts

    /**
     * What {@link #loadStateDict} found: entries the module expects but the map lacks, and entries the
     * map has but the module does not (both empty after a strict load).
     */
    public record LoadResult(List<String> missingKeys, List<String> unexpectedKeys) {}

    /**
     * Copies {@code state}'s tensors into this module's parameters and buffers, in place, converting
     * floating-point dtypes. Everything is checked before anything is copied: a shape mismatch always
     * fails, and with {@code strict} so do missing and unexpected names; the exception lists every
     * problem. Without {@code strict}, matching entries load and the result reports the rest.
     */
    public LoadResult loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor given = state.get(e.getKey());
            if (given == null) {
                missing.add(e.getKey());
                continue;
            }
            Tensor target = e.getValue();
            if (!Arrays.equals(given.shape(), target.shape())) {
                problems.add("size mismatch for " + e.getKey() + ": copying a tensor of shape "
                        + Arrays.toString(given.shape()) + ", the shape in the model is " + Arrays.toString(target.shape()));
            } else if (given.dtype().isFloatingPoint() != target.dtype().isFloatingPoint()) {
                problems.add("dtype mismatch for " + e.getKey() + ": " + given.dtype() + " cannot load into " + target.dtype());
            }
        }
        Set<String> unexpectedSet = new LinkedHashSet<>(state.keySet());
        unexpectedSet.removeAll(own.keySet());
        List<String> unexpected = List.copyOf(unexpectedSet);
        if (strict && !missing.isEmpty()) {
            problems.add("missing keys: " + missing);
        }
        if (strict && !unexpected.isEmpty()) {
            problems.add("unexpected keys: " + unexpected);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Error(s) in loading state dict for " + getClass().getSimpleName()
                    + ":\n\t" + String.join("\n\t", problems));
        }
        try (NoGrad ignored = NoGrad.enter()) {
            own.forEach((name, target) -> {
                Tensor given = state.get(name);
                if (given != null) {
                    target.assign(given.dtype() == target.dtype() ? given : given.to(target.dtype()));
                }
            });
        }
        return new LoadResult(List.copyOf(missing), unexpected);
    }

    // ------------------------------------------------------------------ functional call

    /**
     * Runs {@link #forward} with some parameters and buffers replaced by the given tensors (by dotted
     * name), as {@code torch.func.functional_call}; gradients then flow to the given tensors. The module's
     * own tensors are restored afterwards, also on failure. Unknown names are rejected.
     */
    public Tensor functionalCall(Map<String, Tensor> replacements, Tensor input) {
        Map<String, Tensor> previous = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Tensor> e : replacements.entrySet()) {
                previous.put(e.getKey(), swap(e.getKey(), e.getValue()));
            }
            return forward(input);
        } finally {
            previous.forEach(this::swap);
        }
    }

    private Tensor swap(String dottedName, Tensor value) {
        int dot = dottedName.indexOf('.');
        if (dot >= 0) {
            Module c = children.get(dottedName.substring(0, dot));
            if (c != null) {
                return c.swap(dottedName.substring(dot + 1), value);
            }
        } else if (parameters.get(dottedName) != null) {
            return parameters.put(dottedName, value);
        } else if (buffers.get(dottedName) != null) {
            return buffers.put(dottedName, value);
        }
        throw new IllegalArgumentException(getClass().getSimpleName() + ".functionalCall: no parameter or buffer named '"
                + dottedName + "'");
    }

    // ------------------------------------------------------------------ printing

    /** The settings shown between the parentheses of {@link #toString()}, as PyTorch's {@code extra_repr}. */
    protected String extraRepr() {
        return "";
    }

    /** A tree like PyTorch's {@code print(model)}: {@code Sequential(\n  (0): Linear(in_features=…)\n)}. */
    @Override
    public String toString() {
        String name = getClass().getSimpleName();
        if (children.isEmpty()) {
            return name + "(" + extraRepr() + ")";
        }
        StringBuilder sb = new StringBuilder(name).append('(');
        String extra = extraRepr();
        if (!extra.isEmpty()) {
            sb.append("\n  ").append(extra);
        }
        children.forEach((childName, m) -> sb.append("\n  (").append(childName).append("): ")
                .append(m.toString().replace("\n", "\n  ")));
        return sb.append("\n)").toString();
    }

    /** "True"/"False", as PyTorch prints booleans in {@link #extraRepr()}. */
    protected static String pyBool(boolean b) {
        return b ? "True" : "False";
    }

    /**
     * A float as PyTorch prints it in {@link #extraRepr()} (Python's {@code repr}): {@code 1e-05},
     * {@code 0.5}, {@code 2.0}, {@code inf}.
     */
    protected static String pyFloat(double v) {
        return PyFormat.pyFloat(v);
    }
}

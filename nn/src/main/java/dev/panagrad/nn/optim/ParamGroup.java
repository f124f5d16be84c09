package dev.panagrad.nn.optim;

import dev.panagrad.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A group of parameters sharing hyperparameters, like one dict of PyTorch's {@code param_groups}.
 *
 * <p>Hyperparameters are numbers keyed by PyTorch's names ({@code "lr"}, {@code "momentum"},
 * {@code "weight_decay"}, ...). Flags such as {@code nesterov} are stored as 1 or 0, and Adam's
 * {@code betas} tuple as the two entries {@code "beta1"} and {@code "beta2"}. A group handed to an
 * optimizer overrides the optimizer's defaults for its parameters:
 *
 * {@snippet :
 * SGD sgd = SGD.ofGroups(List.of(
 *         new ParamGroup(backbone.parameters()),
 *         new ParamGroup(head.parameters()).set("lr", 1e-3)),
 *     SGD.options(1e-2).momentum(0.9));
 * }
 *
 * <p>The optimizer keeps its own copy with the defaults filled in ({@link Optimizer#paramGroups()});
 * schedulers change that copy's learning rate and may add their own entries ({@code "initial_lr"}).
 */
public final class ParamGroup {
    private final List<Tensor> params;
    private final Map<String, Double> hyperparameters = new LinkedHashMap<>();

    /** A group of the given parameters with no hyperparameter of its own (the optimizer's defaults apply). */
    public ParamGroup(List<Tensor> params) {
        this.params = List.copyOf(params);
    }

    /** The parameters of this group, in order. */
    public List<Tensor> params() {
        return params;
    }

    /** Sets hyperparameter {@code name} (PyTorch's name) to {@code value}; returns this group. */
    public ParamGroup set(String name, double value) {
        hyperparameters.put(name, value);
        return this;
    }

    /** Sets a flag hyperparameter such as {@code "nesterov"} (stored as 1 or 0); returns this group. */
    public ParamGroup set(String name, boolean value) {
        return set(name, value ? 1.0 : 0.0);
    }

    /** Whether this group holds hyperparameter {@code name}. */
    public boolean has(String name) {
        return hyperparameters.containsKey(name);
    }

    /**
     * The value of hyperparameter {@code name}.
     *
     * @throws IllegalArgumentException if the group has no such hyperparameter
     */
    public double get(String name) {
        Double value = hyperparameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("ParamGroup: no hyperparameter '" + name + "' (this group has "
                    + String.join(", ", hyperparameters.keySet()) + ")");
        }
        return value;
    }

    /** The flag hyperparameter {@code name}: true when its value is not 0. */
    public boolean flag(String name) {
        return get(name) != 0.0;
    }

    /** The learning rate, {@code get("lr")}. */
    public double lr() {
        return get("lr");
    }

    /** Sets the learning rate (what LR schedulers do each step). */
    public void setLr(double lr) {
        set("lr", lr);
    }

    /** All hyperparameters in insertion order (defaults first once an optimizer owns the group); read-only. */
    public Map<String, Double> hyperparameters() {
        return Collections.unmodifiableMap(hyperparameters);
    }

    /** Replaces all hyperparameters (loading a state dict replaces the group as PyTorch does). */
    void replaceHyperparameters(Map<String, Double> values) {
        hyperparameters.clear();
        hyperparameters.putAll(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ParamGroup(params=" + params.size());
        hyperparameters.forEach((k, v) -> sb.append(", ").append(k).append('=').append(Hyper.format(v)));
        return sb.append(')').toString();
    }
}

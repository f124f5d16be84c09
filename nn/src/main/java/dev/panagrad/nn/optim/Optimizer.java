package dev.panagrad.nn.optim;

import dev.panagrad.core.Gradients;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Base of the optimizers, following {@code torch.optim.Optimizer}: parameter groups with per-group
 * hyperparameters, per-parameter state, and a flat state dict.
 *
 * {@snippet :
 * Adam adam = new Adam(model.parameters());
 * try (Tape tape = Tape.record()) {
 *     Tensor loss = Losses.mseLoss(model.forward(x), y);
 *     adam.step(tape.gradient(loss, model.parameters()));
 * }
 * }
 *
 * <p>{@link #step} updates each parameter present in the {@link Gradients} in place through
 * {@link Tensor#assign}, inside a {@link NoGrad} scope, so parameter identities stay stable. A
 * parameter absent from the gradients is skipped and its state left untouched, as PyTorch skips a
 * parameter whose {@code .grad} is {@code None}; so is a parameter that does not require gradients
 * (frozen with {@code requiresGrad(false)}). A parameter that is a source but does not influence the loss
 * gets a zero gradient, which still moves it under momentum or weight decay, as a zero {@code .grad}
 * does in PyTorch.
 * Parameters may be FLOAT32 or FLOAT64; the state of a
 * parameter is kept in its dtype and the hyperparameters enter the arithmetic as scalars of that dtype.
 * Step counts are exact {@code long}s.
 */
public abstract class Optimizer {
    private final String name;
    private final Map<String, Double> defaults;
    private final List<ParamGroup> groups = new ArrayList<>();
    private final BiConsumer<String, ParamGroup> check;
    private final Set<String> stateNames;
    private final Set<Tensor> known = Collections.newSetFromMap(new IdentityHashMap<>());
    final Map<Tensor, ParamState> state = new IdentityHashMap<>();

    /**
     * An optimizer called {@code name} (used in error messages) with the given default
     * hyperparameters over the given groups. Each group is copied with the defaults filled in and
     * checked by {@code check}; a hyperparameter unknown to the defaults is refused (PyTorch would keep
     * it silently, we catch typos).
     *
     * @param check throws {@code IllegalArgumentException} with PyTorch's message, prefixed by its first
     *     argument (who is checking), when a group's hyperparameters are invalid; also used by
     *     {@link #loadStateDict}
     * @param stateNames the names of the buffers this optimizer may keep per parameter (validated on load)
     * @throws IllegalArgumentException on an empty parameter list, a parameter in two groups, a
     *     non-floating parameter, an unknown or invalid hyperparameter
     */
    protected Optimizer(String name, Map<String, Double> defaults, List<ParamGroup> groups,
            BiConsumer<String, ParamGroup> check, Set<String> stateNames) {
        this.name = name;
        this.defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        this.check = check;
        this.stateNames = Set.copyOf(stateNames);
        if (groups.stream().allMatch(g -> g.params().isEmpty())) {
            throw new IllegalArgumentException(name + ": optimizer got an empty parameter list");
        }
        for (ParamGroup g : groups) {
            addParamGroup(g);
        }
    }

    /**
     * The new value of {@code param} after one step with gradient {@code grad} (the grad of
     * {@code param}, same shape and dtype), reading the group's current hyperparameters and updating
     * {@code state}. Runs inside a no-grad scope; the caller assigns the result to the parameter, unless
     * the result is {@code param} itself: an update that wrote the parameter in place ({@link
     * dev.panagrad.core.FusedUpdates}) returns it.
     */
    protected abstract Tensor update(Tensor param, Tensor grad, ParamGroup group, ParamState state);

    /**
     * One optimization step: every parameter that {@code grads} contains and that requires gradients is
     * updated in place; the others, and their state, are left untouched. So a parameter frozen with
     * {@code requiresGrad(false)} (or {@code Module.requiresGrad(false)}) stays put even when the caller
     * asked the tape for all of a model's parameters, as PyTorch skips parameters whose {@code grad} is None.
     */
    public final void step(Gradients grads) {
        try (NoGrad _ = NoGrad.enter()) {
            for (ParamGroup group : groups) {
                for (Tensor p : group.params()) {
                    if (p.requiresGrad() && grads.contains(p)) {
                        ParamState s = state.computeIfAbsent(p, k -> new ParamState());
                        Tensor next = update(p, grads.get(p), group, s);
                        if (next != p) {
                            p.assign(next);
                        }
                    }
                }
            }
        }
    }

    /**
     * Adds a group (PyTorch's {@code add_param_group}), copied with this optimizer's defaults filled in.
     *
     * @throws IllegalArgumentException if a parameter is already optimized here, is not floating point,
     *     or a hyperparameter is unknown or invalid
     */
    public final void addParamGroup(ParamGroup group) {
        String who = name + " (param group " + groups.size() + ")";
        for (String key : group.hyperparameters().keySet()) {
            if (!defaults.containsKey(key)) {
                throw new IllegalArgumentException(who + ": unknown hyperparameter '" + key + "' (known: "
                        + String.join(", ", defaults.keySet()) + ")");
            }
        }
        Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Tensor p : group.params()) {
            if (!p.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(who + ": can only optimize floating-point tensors, got " + p.dtype());
            }
            if (known.contains(p) || !seen.add(p)) {
                throw new IllegalArgumentException(who + ": some parameters appear in more than one parameter group");
            }
        }
        ParamGroup filled = new ParamGroup(group.params());
        defaults.forEach(filled::set);
        group.hyperparameters().forEach(filled::set);
        check.accept(who, filled);
        known.addAll(seen);
        groups.add(filled);
    }

    /** The groups this optimizer owns (live: setting a group's lr changes the next step); the list is read-only. */
    public final List<ParamGroup> paramGroups() {
        return Collections.unmodifiableList(groups);
    }

    /** The default hyperparameters, PyTorch's {@code optimizer.defaults}; read-only. */
    public final Map<String, Double> defaults() {
        return defaults;
    }

    /** This optimizer's name as used in messages ("SGD", "Adam", ...). */
    public final String name() {
        return name;
    }

    /**
     * The state as a flat map that safetensors can store, PyTorch's {@code state_dict()} flattened. Parameters
     * are numbered across groups in order (0, 1, ...):
     * <ul>
     *   <li>{@code state.<i>.step}: FLOAT64 scalar (exact), for optimizers that count steps;</li>
     *   <li>{@code state.<i>.<buffer>} ({@code exp_avg}, {@code momentum_buffer}, ...): the buffer, in its
     *       parameter's dtype; parameters never stepped have no entry;</li>
     *   <li>{@code param_groups.<g>.params}: INT32 indices of the group's parameters;</li>
     *   <li>{@code param_groups.<g>.<name>}: each hyperparameter as a FLOAT64 scalar (flags as 1 or 0).</li>
     * </ul>
     * The tensors are copies: changing them does not change this optimizer.
     */
    public final Map<String, Tensor> stateDict() {
        return OptimizerStateDict.save(this);
    }

    /**
     * Replaces the hyperparameters of every group and the state of every parameter by those of
     * {@code stateDict} (as produced by {@link #stateDict()} of an optimizer of the same kind over
     * parameters of the same shapes). Everything is validated before anything changes; buffers are
     * copied and converted to their parameter's dtype.
     *
     * @throws IllegalArgumentException naming the offending key on a group or parameter count mismatch, a
     *     buffer whose shape differs from its parameter, an unknown, missing or malformed entry
     */
    public final void loadStateDict(Map<String, Tensor> stateDict) {
        OptimizerStateDict.load(this, stateDict);
    }

    void checkHyperparameters(String who, ParamGroup group) {
        check.accept(who, group);
    }

    Set<String> stateNames() {
        return stateNames;
    }

    List<Tensor> allParams() {
        List<Tensor> all = new ArrayList<>();
        for (ParamGroup g : groups) {
            all.addAll(g.params());
        }
        return all;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name).append(" (\n");
        for (int i = 0; i < groups.size(); i++) {
            sb.append("Parameter Group ").append(i).append('\n');
            groups.get(i).hyperparameters().forEach((k, v) ->
                    sb.append("    ").append(k).append(": ").append(Hyper.format(v)).append('\n'));
        }
        return sb.append(')').toString();
    }
}

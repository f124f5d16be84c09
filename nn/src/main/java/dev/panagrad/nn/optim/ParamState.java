package dev.panagrad.nn.optim;

import dev.panagrad.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optimizer state of one parameter, like an entry of PyTorch's {@code optimizer.state}: a step
 * count (for optimizers that count steps) and named buffers such as {@code exp_avg}, held in the
 * parameter's dtype. Buffers are immutable tensors replaced at each step, never written in place, so
 * a tensor handed out by {@link Optimizer#stateDict()} stays a snapshot.
 */
public final class ParamState {
    private long step;
    private boolean counted;
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();

    ParamState() {}

    /** The number of steps taken on this parameter (0 before the first). */
    public long step() {
        return step;
    }

    /** Counts one more step and returns the new count (1 on the first step), as PyTorch's {@code step += 1}. */
    public long incrementStep() {
        counted = true;
        return ++step;
    }

    /** Whether this state carries a step count (the optimizer counted one, or a state dict held one). */
    boolean hasStep() {
        return counted;
    }

    void restoreStep(long value) {
        step = value;
        counted = true;
    }

    /** Buffer {@code name}, or null if this parameter has none yet. */
    public Tensor get(String name) {
        return buffers.get(name);
    }

    /** Buffer {@code name}, created as {@code zerosLike(param)} if absent (PyTorch's lazy state initialization). */
    public Tensor getOrZeros(String name, Tensor param) {
        return buffers.computeIfAbsent(name, k -> Tensor.zerosLike(param));
    }

    /** Replaces buffer {@code name}. */
    public void put(String name, Tensor value) {
        buffers.put(name, value);
    }

    /** All buffers in creation order; read-only. */
    public Map<String, Tensor> buffers() {
        return Collections.unmodifiableMap(buffers);
    }
}

package dev.panagrad.nn.optim;

import dev.panagrad.core.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optimizer state of one parameter, like an entry of PyTorch's {@code optimizer.state}: a step
 * count (for optimizers that count steps) and named buffers such as {@code exp_avg}, held in the
 * parameter's dtype. The buffers belong to the optimizer: its fused steps ({@code FusedUpdates}) update them
 * in place, as PyTorch's optimizers do, so a buffer put here must be a tensor nobody else holds (a fresh
 * result, never a gradient or a caller's tensor). {@link Optimizer#stateDict()} hands out copies and
 * {@link Optimizer#loadStateDict} copies in, so saved and loaded state never changes afterwards.
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

    /** Replaces buffer {@code name} by {@code value}, which from now on belongs to this state (see the class comment). */
    public void put(String name, Tensor value) {
        buffers.put(name, value);
    }

    /** All buffers in creation order; read-only. */
    public Map<String, Tensor> buffers() {
        return Collections.unmodifiableMap(buffers);
    }
}

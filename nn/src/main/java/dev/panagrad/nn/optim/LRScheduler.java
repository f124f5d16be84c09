package dev.panagrad.nn.optim;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base of the learning-rate schedulers, following {@code torch.optim.lr_scheduler.LRScheduler}: a
 * scheduler sets the {@code lr} of every param group of its optimizer, once at construction (epoch 0)
 * and then at each {@link #step()}, which is called after the optimizer's step.
 *
 * {@snippet :
 * SGD sgd = new SGD(model.parameters(), SGD.options(0.1).momentum(0.9));
 * LRScheduler schedule = new CosineAnnealingLR(sgd, 100);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     trainOneEpoch(sgd);
 *     schedule.step();
 * }
 * }
 *
 * <p>As in PyTorch, each group's starting learning rate is recorded in the group as
 * {@code initial_lr} by the first scheduler attached to the optimizer, and serves as the group's base
 * learning rate. {@code step()} uses PyTorch's recursive (chainable) forms, which read the group's
 * current lr; {@link SequentialLR} jumps to a scheduler's closed form at a milestone, as PyTorch does.
 */
public abstract class LRScheduler {
    private final Optimizer optimizer;
    private double[] baseLrs = new double[0];
    private int lastEpoch = -1;
    private double[] lastLr = new double[0];

    /** A scheduler of {@code optimizer}'s learning rates; the subclass constructor ends with {@link #initialStep()}. */
    protected LRScheduler(Optimizer optimizer) {
        this.optimizer = optimizer;
    }

    /**
     * Records each group's {@code initial_lr} (its current lr, unless a scheduler already recorded one)
     * as its base learning rate, then takes PyTorch's initial step to epoch 0. Subclass constructors call
     * this last, once their own fields are set.
     */
    protected final void initialStep() {
        recordBaseLrs();
        step();
    }

    /** Advances one epoch (or iteration) and sets every group's learning rate. */
    public final void step() {
        checkGroupCount();
        lastEpoch++;
        apply(computeLr());
    }

    /**
     * The learning rates for epoch {@link #lastEpoch()}, one per group, in PyTorch's {@code get_lr} form:
     * it may read the groups' current lr ({@link #groupLr}).
     */
    protected abstract double[] computeLr();

    /** The learning rates for epoch {@link #lastEpoch()} from PyTorch's closed form, or null if it has none. */
    protected double[] closedFormLr() {
        return null;
    }

    /** Jumps to {@code epoch} using the closed form when there is one (PyTorch's deprecated {@code step(epoch)}). */
    final void stepTo(int epoch) {
        checkGroupCount();
        lastEpoch = epoch;
        double[] closed = closedFormLr();
        apply(closed != null ? closed : computeLr());
    }

    /** The learning rates this scheduler set last, one per group. */
    public final List<Double> getLastLr() {
        List<Double> out = new ArrayList<>(lastLr.length);
        for (double lr : lastLr) {
            out.add(lr);
        }
        return List.copyOf(out);
    }

    /** The current epoch: 0 after construction, +1 per {@link #step()}. */
    public final int lastEpoch() {
        return lastEpoch;
    }

    /** The optimizer whose learning rates this scheduler sets. */
    public final Optimizer optimizer() {
        return optimizer;
    }

    /** The base (initial) learning rate of group {@code group}. */
    protected final double baseLr(int group) {
        return baseLrs[group];
    }

    /** The current learning rate of group {@code group}. */
    protected final double groupLr(int group) {
        return optimizer.paramGroups().get(group).lr();
    }

    /** The number of param groups. */
    protected final int groupCount() {
        return optimizer.paramGroups().size();
    }

    /**
     * The scheduler's state: {@code last_epoch} (FLOAT64 scalar), {@code base_lrs} and {@code last_lr}
     * (FLOAT64, one per group). The learning rates themselves live in the optimizer's state dict.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("last_epoch", Tensor.scalar(lastEpoch, DType.FLOAT64));
        out.put("base_lrs", Tensor.of(baseLrs, baseLrs.length));
        out.put("last_lr", Tensor.of(lastLr, lastLr.length));
        return out;
    }

    /**
     * Restores the state saved by {@link #stateDict()}.
     *
     * @throws IllegalArgumentException on a missing entry, a non-integral epoch or a group count mismatch
     */
    public void loadStateDict(Map<String, Tensor> state) {
        String who = getClass().getSimpleName() + ".loadStateDict";
        Tensor epoch = require(who, state, "last_epoch");
        double e = epoch.numel() == 1 ? epoch.item() : Double.NaN;
        if (!(e >= -1 && e == Math.rint(e) && e <= Integer.MAX_VALUE)) {
            throw new IllegalArgumentException(who + ": last_epoch must be a whole number ≥ -1, got "
                    + Arrays.toString(epoch.toDoubleArray()));
        }
        double[] base = perGroup(who, state, "base_lrs");
        double[] last = perGroup(who, state, "last_lr");
        lastEpoch = (int) e;
        baseLrs = base;
        lastLr = last;
    }

    private double[] perGroup(String who, Map<String, Tensor> state, String key) {
        Tensor t = require(who, state, key);
        if (t.dim() != 1 || t.numel() != groupCount()) {
            throw new IllegalArgumentException(who + ": " + key + " has shape " + Arrays.toString(t.shape())
                    + " but the optimizer has " + groupCount() + " param groups");
        }
        return t.toDoubleArray();
    }

    static Tensor require(String who, Map<String, Tensor> state, String key) {
        Tensor t = state.get(key);
        if (t == null) {
            throw new IllegalArgumentException(who + ": missing " + key);
        }
        return t;
    }

    final void recordBaseLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int i = 0; i < baseLrs.length; i++) {
            ParamGroup g = groups.get(i);
            if (!g.has("initial_lr")) {
                g.set("initial_lr", g.lr());
            }
            baseLrs[i] = g.get("initial_lr");
        }
    }

    final void setLastEpoch(int epoch) {
        lastEpoch = epoch;
    }

    final void setLastLr(List<Double> lrs) {
        lastLr = lrs.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private void apply(double[] lrs) {
        List<ParamGroup> groups = optimizer.paramGroups();
        for (int i = 0; i < lrs.length; i++) {
            groups.get(i).setLr(lrs[i]);
        }
        lastLr = lrs.clone();
    }

    private void checkGroupCount() {
        if (baseLrs.length != groupCount()) {
            throw new IllegalStateException(getClass().getSimpleName() + ": created for " + baseLrs.length
                    + " param groups but the optimizer now has " + groupCount());
        }
    }
}

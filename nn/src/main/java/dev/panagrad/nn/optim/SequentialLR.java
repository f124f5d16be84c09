package dev.panagrad.nn.optim;

import dev.panagrad.core.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs several schedulers one after another, switching at milestone epochs, as
 * {@code torch.optim.lr_scheduler.SequentialLR}. The usual use is a linear warm-up followed by cosine
 * annealing:
 *
 * {@snippet :
 * LRScheduler warmUp = new LinearLR(adam, 0.01, 1.0, 5);
 * LRScheduler cosine = new CosineAnnealingLR(adam, 95);
 * LRScheduler schedule = new SequentialLR(adam, List.of(warmUp, cosine), new int[] {5});
 * }
 *
 * <p>At construction the groups' learning rates are reset to their {@code initial_lr} and the first
 * scheduler retakes its initial step; at milestone {@code m}, the next scheduler restarts at its epoch 0
 * from its closed form, then continues with its own steps.
 */
public final class SequentialLR extends LRScheduler {
    private final List<LRScheduler> schedulers;
    private final int[] milestones;

    /**
     * Chains {@code schedulers}, switching from scheduler {@code i} to {@code i + 1} at epoch {@code milestones[i]}.
     *
     * @throws IllegalArgumentException unless there is one scheduler more than milestones, the milestones
     *     increase, and every scheduler belongs to {@code optimizer}
     */
    public SequentialLR(Optimizer optimizer, List<LRScheduler> schedulers, int[] milestones) {
        super(optimizer);
        if (schedulers.isEmpty() || schedulers.size() != milestones.length + 1) {
            throw new IllegalArgumentException("SequentialLR: expects number of schedulers provided to be one more than "
                    + "the number of milestone points, but got number of schedulers " + schedulers.size()
                    + " and the number of milestones to be equal to " + milestones.length);
        }
        for (int i = 0; i < schedulers.size(); i++) {
            if (schedulers.get(i).optimizer() != optimizer) {
                throw new IllegalArgumentException("SequentialLR: expects all schedulers to belong to the same optimizer, "
                        + "but scheduler " + schedulers.get(i).getClass().getSimpleName() + " at index " + i
                        + " has a different optimizer");
            }
        }
        for (int i = 1; i < milestones.length; i++) {
            if (milestones[i] <= milestones[i - 1]) {
                throw new IllegalArgumentException("SequentialLR: milestones must increase, got "
                        + Arrays.toString(milestones));
            }
        }
        this.schedulers = List.copyOf(schedulers);
        this.milestones = milestones.clone();
        recordBaseLrs();
        for (ParamGroup g : optimizer.paramGroups()) {
            g.setLr(g.get("initial_lr"));
        }
        for (LRScheduler s : this.schedulers) {
            s.setLastEpoch(s.lastEpoch() - 1);
        }
        this.schedulers.get(0).initialStep();
        setLastEpoch(0);
        setLastLr(this.schedulers.get(0).getLastLr());
    }

    @Override
    protected double[] computeLr() {
        int idx = 0;
        while (idx < milestones.length && milestones[idx] <= lastEpoch()) {
            idx++;
        }
        LRScheduler active = schedulers.get(idx);
        if (idx > 0 && milestones[idx - 1] == lastEpoch()) {
            active.stepTo(0);
        } else {
            active.step();
        }
        return active.getLastLr().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The base state plus each scheduler's, under {@code schedulers.<i>.}. */
    @Override
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>(super.stateDict());
        for (int i = 0; i < schedulers.size(); i++) {
            String prefix = "schedulers." + i + ".";
            schedulers.get(i).stateDict().forEach((k, v) -> out.put(prefix + k, v));
        }
        return out;
    }

    /** Restores the state saved by {@link #stateDict()}, including every chained scheduler's. */
    @Override
    public void loadStateDict(Map<String, Tensor> state) {
        for (int i = 0; i < schedulers.size(); i++) {
            String prefix = "schedulers." + i + ".";
            Map<String, Tensor> sub = new LinkedHashMap<>();
            state.forEach((k, v) -> {
                if (k.startsWith(prefix)) {
                    sub.put(k.substring(prefix.length()), v);
                }
            });
            schedulers.get(i).loadStateDict(sub);
        }
        super.loadStateDict(state);
    }
}

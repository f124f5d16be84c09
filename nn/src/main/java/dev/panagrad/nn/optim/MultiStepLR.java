package dev.panagrad.nn.optim;

import java.util.Arrays;

/**
 * Multiplies each group's learning rate by {@code gamma} at each milestone epoch, as
 * {@code torch.optim.lr_scheduler.MultiStepLR}: lr = base_lr · gamma^(number of milestones ≤ epoch).
 * A milestone listed twice decays twice, as with PyTorch's {@code Counter}.
 */
public final class MultiStepLR extends LRScheduler {
    private final int[] milestones;
    private final double gamma;

    /** Decay by 0.1 (PyTorch's default gamma) at each of {@code milestones}. */
    public MultiStepLR(Optimizer optimizer, int[] milestones) {
        this(optimizer, milestones, 0.1);
    }

    /** Decay by {@code gamma} at each of {@code milestones} (in any order). */
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        int hits = 0;
        for (int m : milestones) {
            if (m == lastEpoch()) {
                hits++;
            }
        }
        double[] lrs = new double[groupCount()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = hits == 0 ? groupLr(i) : groupLr(i) * Math.pow(gamma, hits);
        }
        return lrs;
    }

    @Override
    protected double[] closedFormLr() {
        int passed = 0;
        for (int m : milestones) {
            if (m <= lastEpoch()) {
                passed++;
            }
        }
        double[] lrs = new double[groupCount()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = baseLr(i) * Math.pow(gamma, passed);
        }
        return lrs;
    }
}

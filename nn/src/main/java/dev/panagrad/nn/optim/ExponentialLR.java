package dev.panagrad.nn.optim;

/**
 * Multiplies each group's learning rate by {@code gamma} every epoch, as
 * {@code torch.optim.lr_scheduler.ExponentialLR}: lr = base_lr · gamma^epoch.
 */
public final class ExponentialLR extends LRScheduler {
    private final double gamma;

    /** Decay by {@code gamma} each epoch. */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = new double[groupCount()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = lastEpoch() == 0 ? groupLr(i) : groupLr(i) * gamma;
        }
        return lrs;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lrs = new double[groupCount()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = baseLr(i) * Math.pow(gamma, lastEpoch());
        }
        return lrs;
    }
}

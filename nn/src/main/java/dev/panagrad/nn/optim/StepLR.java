package dev.panagrad.nn.optim;

/**
 * Multiplies each group's learning rate by {@code gamma} every {@code stepSize} epochs, as
 * {@code torch.optim.lr_scheduler.StepLR}: lr = base_lr · gamma^⌊epoch / stepSize⌋.
 */
public final class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /** Decay by 0.1 (PyTorch's default gamma) every {@code stepSize} epochs. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    /**
     * Decay by {@code gamma} every {@code stepSize} epochs.
     *
     * @throws IllegalArgumentException if {@code stepSize < 1}
     */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        if (stepSize < 1) {
            throw new IllegalArgumentException("StepLR: step_size must be a positive integer, got " + stepSize);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = new double[groupCount()];
        boolean decay = lastEpoch() != 0 && lastEpoch() % stepSize == 0;
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = decay ? groupLr(i) * gamma : groupLr(i);
        }
        return lrs;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lrs = new double[groupCount()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = baseLr(i) * Math.pow(gamma, Math.floorDiv(lastEpoch(), stepSize));
        }
        return lrs;
    }
}

package dev.panagrad.nn.optim;

/**
 * Scales each group's learning rate by a factor moving linearly from {@code startFactor} to
 * {@code endFactor} over {@code totalIters} epochs, then keeps it, as
 * {@code torch.optim.lr_scheduler.LinearLR} (the usual linear warm-up). Closed form:
 * <pre>lr = base_lr · (start + (end − start) · min(epoch, total_iters) / total_iters)</pre>
 */
public final class LinearLR extends LRScheduler {
    private final double startFactor;
    private final double endFactor;
    private final int totalIters;

    /** PyTorch's defaults: from 1/3 to 1 over 5 epochs. */
    public LinearLR(Optimizer optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5);
    }

    /**
     * From {@code startFactor} to {@code endFactor} over {@code totalIters} epochs.
     *
     * @throws IllegalArgumentException unless 0 &lt; startFactor ≤ 1, 0 ≤ endFactor ≤ 1 and totalIters ≥ 1
     */
    public LinearLR(Optimizer optimizer, double startFactor, double endFactor, int totalIters) {
        super(optimizer);
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("LinearLR: Starting multiplicative factor expected to be greater than 0 "
                    + "and less or equal to 1, got " + Hyper.format(startFactor));
        }
        if (!(endFactor >= 0 && endFactor <= 1)) {
            throw new IllegalArgumentException("LinearLR: Ending multiplicative factor expected to be between 0 and 1, got "
                    + Hyper.format(endFactor));
        }
        if (totalIters < 1) {
            throw new IllegalArgumentException("LinearLR: total_iters must be a positive integer, got " + totalIters);
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        int e = lastEpoch();
        double[] lrs = new double[groupCount()];
        for (int i = 0; i < lrs.length; i++) {
            double lr = groupLr(i);
            if (e == 0) {
                lrs[i] = lr * startFactor;
            } else if (e > totalIters) {
                lrs[i] = lr;
            } else {
                lrs[i] = lr * (1.0 + (endFactor - startFactor)
                        / (totalIters * startFactor + (e - 1) * (endFactor - startFactor)));
            }
        }
        return lrs;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lrs = new double[groupCount()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = baseLr(i) * (startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch()) / totalIters);
        }
        return lrs;
    }
}

package dev.panagrad.nn.optim;

/**
 * Cosine annealing from each group's base learning rate down to {@code etaMin} over {@code tMax}
 * epochs, as {@code torch.optim.lr_scheduler.CosineAnnealingLR} (without restarts: past {@code tMax}
 * the rate climbs back along the cosine). Closed form:
 * <pre>lr = η_min + (base_lr − η_min) · (1 + cos(π · epoch / T_max)) / 2</pre>
 * {@link #step()} uses PyTorch's recursive form, which equals the closed form up to rounding while
 * nothing else changes the rate.
 */
public final class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /** Anneal to 0 over {@code tMax} epochs. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0.0);
    }

    /**
     * Anneal to {@code etaMin} over {@code tMax} epochs.
     *
     * @throws IllegalArgumentException if {@code tMax < 1}
     */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        if (tMax < 1) {
            throw new IllegalArgumentException("CosineAnnealingLR: T_max must be a positive integer, got " + tMax);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    @Override
    protected double[] computeLr() {
        int e = lastEpoch();
        double[] lrs = new double[groupCount()];
        for (int i = 0; i < lrs.length; i++) {
            double lr = groupLr(i);
            if (e == 0) {
                lrs[i] = lr;
            } else if (Math.floorMod(e - 1 - tMax, 2 * tMax) == 0) {
                lrs[i] = lr + (baseLr(i) - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            } else {
                lrs[i] = (1 + Math.cos(Math.PI * e / tMax)) / (1 + Math.cos(Math.PI * (e - 1) / tMax))
                        * (lr - etaMin) + etaMin;
            }
        }
        return lrs;
    }

    @Override
    protected double[] closedFormLr() {
        double[] lrs = new double[groupCount()];
        for (int i = 0; i < lrs.length; i++) {
            lrs[i] = etaMin + (baseLr(i) - etaMin) * (1 + Math.cos(Math.PI * lastEpoch() / tMax)) / 2;
        }
        return lrs;
    }
}

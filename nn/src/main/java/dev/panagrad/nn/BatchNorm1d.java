package dev.panagrad.nn;

/**
 * Batch normalization of [N, C] or [N, C, L] inputs over N (and L) per channel, as
 * {@code torch.nn.BatchNorm1d}; everything else is described on {@link BatchNorm}.
 */
public final class BatchNorm1d extends BatchNorm {
    /** With PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm1d(int numFeatures) {
        this(numFeatures, BatchNorm.options());
    }

    /** With the given settings, e.g. {@code BatchNorm.options().momentum(null).affine(false)}. */
    public BatchNorm1d(int numFeatures, Options options) {
        super(numFeatures, options);
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 2 || rank == 3;
    }

    @Override
    String expectedInput() {
        return "[N, " + numFeatures() + "] or [N, " + numFeatures() + ", L]";
    }
}

package dev.panagrad.nn;

/**
 * Batch normalization of [N, C, H, W] inputs over N, H and W per channel, as
 * {@code torch.nn.BatchNorm2d}; everything else is described on {@link BatchNorm}.
 */
public final class BatchNorm2d extends BatchNorm {
    /** With PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
    public BatchNorm2d(int numFeatures) {
        this(numFeatures, BatchNorm.options());
    }

    /** With the given settings, e.g. {@code BatchNorm.options().eps(1e-3)}. */
    public BatchNorm2d(int numFeatures, Options options) {
        super(numFeatures, options);
    }

    @Override
    boolean acceptsRank(int rank) {
        return rank == 4;
    }

    @Override
    String expectedInput() {
        return "[N, " + numFeatures() + ", H, W]";
    }
}

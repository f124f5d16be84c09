package dev.panagrad.nn;

import dev.panagrad.core.DType;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Tensor;
import java.util.Arrays;

/**
 * The shared part of {@link BatchNorm1d} and {@link BatchNorm2d}, as PyTorch's {@code _BatchNorm}:
 * per-channel normalization {@code y = (x − μ) / √(σ² + eps) · weight + bias} over dim 1 (see
 * {@link Normalization#batchNorm}).
 *
 * <p>State, in PyTorch's state-dict order: parameters {@code weight} [C] (ones) and {@code bias} [C]
 * (zeros) when {@code affine}; buffers {@code running_mean} [C] (zeros), {@code running_var} [C] (ones)
 * and {@code num_batches_tracked} (a rank-0 count) when {@code trackRunningStats}.
 * {@code num_batches_tracked} is INT32 here where PyTorch uses int64; a PyTorch checkpoint's I64 value
 * reads into INT32.
 *
 * <p>In training, the layer normalises with the batch mean and biased variance (gradients flow through
 * them) and, when tracking, counts the batch and updates the running statistics with the batch mean and
 * the unbiased variance: {@code r ← (1 − f)·r + f·s}, where f is {@code momentum}, or 1/num_batches_tracked
 * (a cumulative average) when {@code momentum} is null. In evaluation it normalises with the running
 * statistics and changes nothing. Without running statistics it always uses batch statistics.
 */
public abstract sealed class BatchNorm extends Module permits BatchNorm1d, BatchNorm2d {
    private final int numFeatures;
    private final Options options;

    /** Settings beyond the feature count, with PyTorch's defaults; immutable. */
    public record Options(double eps, Double momentum, boolean affine, boolean trackRunningStats) {
        /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine, tracking running statistics. */
        public static Options defaults() {
            return new Options(1e-5, 0.1, true, true);
        }

        /** The value added to the variance for stability (default 1e-5). */
        public Options eps(double value) {
            return new Options(value, momentum, affine, trackRunningStats);
        }

        /** The running-average factor (default 0.1); null for a cumulative moving average. */
        public Options momentum(Double value) {
            return new Options(eps, value, affine, trackRunningStats);
        }

        /** Whether the layer has a learnable per-channel {@code weight} and {@code bias} (default true). */
        public Options affine(boolean value) {
            return new Options(eps, momentum, value, trackRunningStats);
        }

        /** Whether the layer keeps running statistics for evaluation (default true). */
        public Options trackRunningStats(boolean value) {
            return new Options(eps, momentum, affine, value);
        }
    }

    /** PyTorch's defaults, to adjust: {@code BatchNorm.options().momentum(null)}. */
    public static Options options() {
        return Options.defaults();
    }

    BatchNorm(int numFeatures, Options options) {
        if (numFeatures <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": num_features must be positive, got "
                    + numFeatures);
        }
        if (!(options.eps() >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": eps must be >= 0, got " + options.eps());
        }
        this.numFeatures = numFeatures;
        this.options = options;
        param("weight", options.affine() ? Tensor.ones(numFeatures) : null);
        param("bias", options.affine() ? Tensor.zeros(numFeatures) : null);
        boolean track = options.trackRunningStats();
        buffer("running_mean", track ? Tensor.zeros(numFeatures) : null);
        buffer("running_var", track ? Tensor.ones(numFeatures) : null);
        buffer("num_batches_tracked", track ? Tensor.scalar(0, DType.INT32) : null);
    }

    /** Whether this layer accepts inputs of the given rank. */
    abstract boolean acceptsRank(int rank);

    /** The accepted input shapes, for error messages: e.g. "[N, 3] or [N, 3, L]". */
    abstract String expectedInput();

    /** The number of channels C. */
    public int numFeatures() {
        return numFeatures;
    }

    /** This layer's settings. */
    public Options settings() {
        return options;
    }

    /** The per-channel scale γ [C], or null without {@code affine}. */
    public Tensor weight() {
        return param("weight");
    }

    /** The per-channel shift β [C], or null without {@code affine}. */
    public Tensor bias() {
        return param("bias");
    }

    /** The running mean [C], or null without {@code trackRunningStats}. */
    public Tensor runningMean() {
        return buffer("running_mean");
    }

    /** The running (unbiased) variance [C], or null without {@code trackRunningStats}. */
    public Tensor runningVar() {
        return buffer("running_var");
    }

    /** The number of training batches seen (INT32 scalar), or null without {@code trackRunningStats}. */
    public Tensor numBatchesTracked() {
        return buffer("num_batches_tracked");
    }

    /** Resets the running statistics to mean 0, variance 1 and a count of 0, as PyTorch's {@code reset_running_stats}. */
    public void resetRunningStats() {
        if (runningMean() == null) {
            return;
        }
        try (NoGrad ignored = NoGrad.enter()) {
            Init.zeros(runningMean());
            Init.ones(runningVar());
            numBatchesTracked().assign(Tensor.scalar(0, DType.INT32));
        }
    }

    /** Normalises x per channel; see the class description for training and evaluation. */
    @Override
    public Tensor forward(Tensor x) {
        if (!x.dtype().isFloatingPoint() || !acceptsRank(x.dim()) || x.size(1) != numFeatures) {
            throw new IllegalArgumentException(getClass().getSimpleName() + "(" + extraRepr()
                    + "): expected a floating-point input " + expectedInput() + ", got " + x.dtype() + " "
                    + Arrays.toString(x.shape()));
        }
        boolean training = isTraining();
        if (training && x.numel() / numFeatures == 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": Expected more than 1 value per channel "
                    + "when training, got input size " + Arrays.toString(x.shape()));
        }
        Tensor runningMean = runningMean();
        double factor = 0;
        if (training && runningMean != null) {
            Tensor count = numBatchesTracked();
            int batches = Math.addExact(count.getInt(), 1);
            try (NoGrad ignored = NoGrad.enter()) {
                count.assign(Tensor.scalar(batches, DType.INT32));
            }
            factor = options.momentum() == null ? 1.0 / batches : options.momentum();
        }
        return Normalization.batchNorm(x, runningMean, runningVar(), weight(), bias(), training || runningMean == null,
                factor, options.eps());
    }

    @Override
    protected String extraRepr() {
        return numFeatures + ", eps=" + pyFloat(options.eps()) + ", momentum="
                + (options.momentum() == null ? "None" : pyFloat(options.momentum())) + ", affine="
                + pyBool(options.affine()) + ", track_running_stats=" + pyBool(options.trackRunningStats());
    }
}

package dev.panagrad.nn;

import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Tensor;
import java.util.Arrays;

/**
 * Functional forms of the normalization layers, as {@code torch.nn.functional.batch_norm} and
 * {@code layer_norm}. Both are compositions of core ops: the statistics are part of the graph, so
 * gradients (of any order) are exact, batch statistics included.
 */
public final class Normalization {
    private Normalization() {}

    /**
     * Batch normalization of {@code x} [N, C, *] per channel (dim 1), as {@code F.batch_norm}:
     * {@code y = (x − μ) / √(σ² + eps) · weight + bias}.
     *
     * <p>In training, μ and σ² are the batch mean and <em>biased</em> variance over every dim but 1, and
     * the result differentiates through them. If running statistics are given they are then updated in
     * place, outside any tape: {@code r ← (1 − momentum)·r + momentum·s}, where s is the batch mean, or
     * for {@code runningVar} the <em>unbiased</em> batch variance σ²·n/(n − 1) (n = values per channel).
     * Training needs more than one value per channel.
     *
     * <p>In evaluation ({@code training} false), μ and σ² are the running statistics, which are required.
     *
     * @param x           input [N, C, *], floating point
     * @param runningMean [C] or null (then also {@code runningVar})
     * @param runningVar  [C] or null
     * @param weight      per-channel scale γ [C], or null for 1
     * @param bias        per-channel shift β [C], or null for 0
     * @param training    normalise with batch statistics (and update running ones) rather than running ones
     * @param momentum    weight of the batch statistic in the running update
     * @param eps         added to the variance for stability
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor weight, Tensor bias,
            boolean training, double momentum, double eps) {
        if (!x.dtype().isFloatingPoint() || x.dim() < 2) {
            throw new IllegalArgumentException("batchNorm: expected a floating-point input [N, C, *] with at least 2 dims, "
                    + "got "
                    + x.dtype() + " " + Arrays.toString(x.shape()));
        }
        int channels = x.size(1);
        checkPerChannel("running_mean", runningMean, channels);
        checkPerChannel("running_var", runningVar, channels);
        checkPerChannel("weight", weight, channels);
        checkPerChannel("bias", bias, channels);
        if ((runningMean == null) != (runningVar == null)) {
            throw new IllegalArgumentException("batchNorm: running_mean and running_var must be given together");
        }
        if (!training && runningMean == null) {
            throw new IllegalArgumentException("batchNorm: evaluation (training=false) needs running_mean and running_var");
        }
        int perChannel = channels == 0 ? 0 : x.numel() / channels;
        if (training && perChannel == 1) {
            throw new IllegalArgumentException("batchNorm: Expected more than 1 value per channel when training, "
                    + "got input size "
                    + Arrays.toString(x.shape()));
        }
        int rank = x.dim();
        Tensor mean;
        Tensor var;
        if (training) {
            int[] dims = allButChannel(rank);
            mean = x.mean(dims, true);
            var = x.var(dims, 0, true); // biased: Σ(x − μ)² / n
            if (runningMean != null && perChannel > 1) {
                updateRunning(runningMean, runningVar, mean, var, perChannel, momentum);
            }
        } else {
            mean = asChannels(runningMean, rank);
            var = asChannels(runningVar, rank);
        }
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt()); // (x − μ) / √(σ² + ε)
        if (weight != null) {
            y = y.mul(asChannels(weight, rank));
        }
        return bias == null ? y : y.add(asChannels(bias, rank));
    }

    /** r ← (1 − m)·r + m·s in place and untracked; the variance enters unbiased: σ²·n/(n − 1). */
    private static void updateRunning(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor var, int n,
            double momentum) {
        int channels = runningMean.numel();
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor batchMean = mean.detach().reshape(channels).to(runningMean.dtype());
            Tensor unbiased = var.detach().reshape(channels).mul((double) n / (n - 1)).to(runningVar.dtype());
            runningMean.assign(runningMean.mul(1 - momentum).add(batchMean.mul(momentum)));
            runningVar.assign(runningVar.mul(1 - momentum).add(unbiased.mul(momentum)));
        }
    }

    /**
     * Layer normalization over the trailing dims given by {@code normalizedShape}, as {@code F.layer_norm}:
     * {@code y = (x − μ) / √(σ² + eps) · weight + bias}, with μ and the <em>biased</em> σ² taken over
     * those dims for each leading index.
     *
     * @param x               input [*, normalizedShape...], floating point
     * @param normalizedShape the trailing shape to normalise over (at least one dim)
     * @param weight          element-wise scale of shape {@code normalizedShape}, or null for 1
     * @param bias            element-wise shift of shape {@code normalizedShape}, or null for 0
     * @param eps             added to the variance for stability
     */
    public static Tensor layerNorm(Tensor x, int[] normalizedShape, Tensor weight, Tensor bias, double eps) {
        int k = normalizedShape.length;
        if (k == 0) {
            throw new IllegalArgumentException("layerNorm: normalized_shape must have at least one dim, got []");
        }
        int[] shape = x.shape();
        boolean matches = x.dtype().isFloatingPoint() && shape.length >= k
                && Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape);
        if (!matches) {
            throw new IllegalArgumentException("layerNorm: given normalized_shape=" + Arrays.toString(normalizedShape)
                    + ", expected a floating-point input of shape [*, " + Arrays.toString(normalizedShape).substring(1)
                    + ", got " + x.dtype() + " " + Arrays.toString(shape));
        }
        checkShape("weight", weight, normalizedShape);
        checkShape("bias", bias, normalizedShape);
        int[] dims = new int[k];
        Arrays.setAll(dims, i -> shape.length - k + i);
        Tensor mean = x.mean(dims, true);
        Tensor var = x.var(dims, 0, true); // biased
        Tensor y = x.sub(mean).mul(var.add(eps).rsqrt()); // (x − μ) / √(σ² + ε)
        if (weight != null) {
            y = y.mul(weight);
        }
        return bias == null ? y : y.add(bias);
    }

    private static void checkPerChannel(String name, Tensor t, int channels) {
        if (t != null && (t.dim() != 1 || t.size(0) != channels)) {
            throw new IllegalArgumentException("batchNorm: " + name + " should be [" + channels + "] for an input with "
                    + channels + " channels, got " + Arrays.toString(t.shape()));
        }
    }

    private static void checkShape(String name, Tensor t, int[] normalizedShape) {
        if (t != null && !Arrays.equals(t.shape(), normalizedShape)) {
            throw new IllegalArgumentException("layerNorm: " + name + " should have normalized_shape "
                    + Arrays.toString(normalizedShape) + ", got " + Arrays.toString(t.shape()));
        }
    }

    /** Dims 0, 2, 3, …: every dim but the channel dim. */
    private static int[] allButChannel(int rank) {
        int[] dims = new int[rank - 1];
        dims[0] = 0;
        for (int d = 2; d < rank; d++) {
            dims[d - 1] = d;
        }
        return dims;
    }

    /** A per-channel vector [C] as [C, 1, …] so that it broadcasts against [N, C, *]. */
    private static Tensor asChannels(Tensor t, int rank) {
        int[] shape = new int[rank - 1];
        Arrays.fill(shape, 1);
        shape[0] = t.size(0);
        return t.reshape(shape);
    }
}

package dev.panagrad.nn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;

/**
 * 1-D convolution over {@code [N, C_in, L]} or unbatched {@code [C_in, L]} inputs, as
 * {@code torch.nn.Conv1d}: {@code y[n, o, l] = bias[o] + Σ_{c,k} weight[o, c, k]·x[n, g·C_in/groups + c,
 * l·stride − padding + k·dilation]}. Parameters {@code weight} {@code [C_out, C_in/groups, K]} and
 * {@code bias} {@code [C_out]}, both from U(−1/√fanIn, 1/√fanIn), fanIn = C_in/groups·K. Output length
 * {@code ⌊(L + 2·padding − dilation·(K − 1) − 1)/stride⌋ + 1}; {@code padding="same"} keeps L (stride 1
 * only), with the odd extra on the right.
 */
public final class Conv1d extends Convolution {
    /** A convolution with stride 1, no padding, one group and a bias. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, Rng rng) {
        this(inChannels, outChannels, kernelSize, options(), rng);
    }

    /** A convolution with the given options. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, Options options, Rng rng) {
        super(inChannels, outChannels, new int[] {kernelSize}, options, false, rng);
    }

    /** Fresh options with PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1, a bias, zero padding. */
    public static Options options() {
        return new Options();
    }

    /** {@code [N, C_in, L] → [N, C_out, L_out]}; an unbatched {@code [C_in, L]} gives {@code [C_out, L_out]}. */
    @Override
    public Tensor forward(Tensor x) {
        return convolve(x);
    }

    /** The settings of a {@link Conv1d} beyond its channels and kernel; each setter returns these options. */
    public static final class Options extends Convolution.Settings {
        private Options() {
            super(1);
        }

        /** The stride (default 1). */
        public Options stride(int stride) {
            this.stride = new int[] {stride};
            return this;
        }

        /** The padding on each side (default 0). */
        public Options padding(int padding) {
            numericPadding(new int[] {padding});
            return this;
        }

        /** {@code "valid"} (no padding) or {@code "same"} (output length = input length; needs stride 1). */
        public Options padding(String mode) {
            paddingText("Conv1d", mode, "an integer");
            return this;
        }

        /** The spacing between kernel taps (default 1). */
        public Options dilation(int dilation) {
            this.dilation = new int[] {dilation};
            return this;
        }

        /** The number of channel groups; both channel counts must be divisible by it (default 1). */
        public Options groups(int groups) {
            this.groups = groups;
            return this;
        }

        /** Whether the layer has a bias (default true). */
        public Options bias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /** {@code "zeros"} (default), {@code "reflect"}, {@code "replicate"} or {@code "circular"}. */
        public Options paddingMode(String mode) {
            this.paddingMode = mode;
            return this;
        }
    }
}

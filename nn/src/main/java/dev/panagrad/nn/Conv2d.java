package dev.panagrad.nn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;

/**
 * 2-D convolution over {@code [N, C_in, H, W]} or unbatched {@code [C_in, H, W]} inputs, as
 * {@code torch.nn.Conv2d} (a cross-correlation):
 * {@code y[n, o] = bias[o] + Σ_c weight[o, c] ⋆ x[n, g·C_in/groups + c]} over the channels of o's group g.
 * Parameters {@code weight} {@code [C_out, C_in/groups, kH, kW]} and {@code bias} {@code [C_out]}, both from
 * U(−1/√fanIn, 1/√fanIn), fanIn = C_in/groups·kH·kW. Output size per axis
 * {@code ⌊(in + 2·padding − dilation·(k − 1) − 1)/stride⌋ + 1}; {@code padding="same"} keeps the input size
 * (stride 1 only), padding {@code dilation·(k − 1)} in total with the odd extra on the bottom/right, as PyTorch.
 * {@snippet :
 * Conv2d stem = new Conv2d(3, 64, 3, Conv2d.options().stride(2).padding(1).bias(false), rng);
 * }
 */
public final class Conv2d extends Convolution {
    /** A convolution with a square kernel, stride 1, no padding, one group and a bias. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, Rng rng) {
        this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, options(), rng);
    }

    /** A convolution with a square kernel and the given options. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, Options options, Rng rng) {
        this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, options, rng);
    }

    /** A convolution with a {@code {kH, kW}} kernel and the given options. */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, Options options, Rng rng) {
        super(inChannels, outChannels, kernelSize, options, false, rng);
    }

    /** Fresh options with PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1, a bias, zero padding. */
    public static Options options() {
        return new Options();
    }

    /** {@code [N, C_in, H, W] → [N, C_out, H_out, W_out]}; an unbatched {@code [C_in, H, W]} gives {@code [C_out, H_out, W_out]}. */
    @Override
    public Tensor forward(Tensor x) {
        return convolve(x);
    }

    /** The settings of a {@link Conv2d} beyond its channels and kernel; each setter returns these options. */
    public static final class Options extends Convolution.Settings {
        private Options() {
            super(2);
        }

        /** The same stride along both axes (default 1). */
        public Options stride(int both) {
            return stride(both, both);
        }

        /** The stride along height and width. */
        public Options stride(int height, int width) {
            stride = new int[] {height, width};
            return this;
        }

        /** The same padding on all four sides (default 0). */
        public Options padding(int both) {
            return padding(both, both);
        }

        /** Padding on the top and bottom ({@code height}) and on the left and right ({@code width}). */
        public Options padding(int height, int width) {
            numericPadding(new int[] {height, width});
            return this;
        }

        /** {@code "valid"} (no padding) or {@code "same"} (output size = input size; needs stride 1). */
        public Options padding(String mode) {
            paddingText("Conv2d", mode, "integers");
            return this;
        }

        /** The same dilation along both axes (default 1). */
        public Options dilation(int both) {
            return dilation(both, both);
        }

        /** The spacing between kernel taps along height and width. */
        public Options dilation(int height, int width) {
            dilation = new int[] {height, width};
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

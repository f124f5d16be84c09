package dev.panagrad.nn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import java.util.Arrays;

/**
 * 2-D transposed convolution (the adjoint of {@link Conv2d}, often called a deconvolution) over
 * {@code [N, C_in, H, W]} or unbatched {@code [C_in, H, W]} inputs, as {@code torch.nn.ConvTranspose2d}.
 * Parameters {@code weight} {@code [C_in, C_out/groups, kH, kW]} (PyTorch's layout) and {@code bias}
 * {@code [C_out]}, both from U(−1/√fanIn, 1/√fanIn) with fanIn = {@code Init.fanIn(weight)} =
 * C_out/groups·kH·kW, as PyTorch computes it. Output size per axis
 * {@code (in − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1}; {@code outputPadding}
 * (smaller than the stride or the dilation) picks among the sizes a strided {@link Conv2d} maps to the
 * same input size. Only zero padding, as in PyTorch.
 */
public final class ConvTranspose2d extends Convolution {
    private final int[] outputPadding;

    /** A transposed convolution with a square kernel, stride 1, no padding, one group and a bias. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, Rng rng) {
        this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, options(), rng);
    }

    /** A transposed convolution with a square kernel and the given options. */
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, Options options, Rng rng) {
        this(inChannels, outChannels, new int[] {kernelSize, kernelSize}, options, rng);
    }

    /** A transposed convolution with a {@code {kH, kW}} kernel and the given options. */
    public ConvTranspose2d(int inChannels, int outChannels, int[] kernelSize, Options options, Rng rng) {
        super(inChannels, outChannels, kernelSize, options, true, rng);
        this.outputPadding = ConvSupport.atLeast(who, "output_padding", options.outputPadding, 0);
        for (int i = 0; i < 2; i++) {
            if (outputPadding[i] >= Math.max(stride[i], dilation[i])) {
                throw new IllegalArgumentException(who + ": output_padding must be smaller than either stride or dilation, got "
                        + "output_padding=" + PyFormat.pyTuple(outputPadding) + ", stride=" + PyFormat.pyTuple(stride)
                        + ", dilation=" + PyFormat.pyTuple(dilation));
            }
        }
    }

    /** Fresh options with PyTorch's defaults: stride 1, padding 0, output padding 0, groups 1, a bias, dilation 1. */
    public static Options options() {
        return new Options();
    }

    /** {@code [N, C_in, H, W] → [N, C_out, H_out, W_out]}; an unbatched {@code [C_in, H, W]} gives {@code [C_out, H_out, W_out]}. */
    @Override
    public Tensor forward(Tensor x) {
        return transpose(x, outputPadding);
    }

    /**
     * The output sized {@code {H_out, W_out}} (PyTorch's {@code output_size} argument): the output padding
     * is chosen per axis so that the output has that size, which must lie between the size without output
     * padding and that size plus stride − 1.
     */
    public Tensor forward(Tensor x, int[] outputSize) {
        ConvSupport.checkInput(this, x, 2, inChannels);
        if (outputSize == null || outputSize.length != 2) {
            throw new IllegalArgumentException(this + ": output_size needs 2 values (height, width), got "
                    + (outputSize == null ? "null" : Arrays.toString(outputSize)));
        }
        int[] min = new int[2], max = new int[2], chosen = new int[2];
        for (int i = 0; i < 2; i++) {
            int in = x.size(x.dim() - 2 + i);
            min[i] = (in - 1) * stride[i] - 2 * padLeft[i] + dilation[i] * (kernelSize[i] - 1) + 1;
            max[i] = min[i] + stride[i] - 1;
        }
        for (int i = 0; i < 2; i++) {
            if (outputSize[i] < min[i] || outputSize[i] > max[i]) {
                throw new IllegalArgumentException(this + ": requested an output size of " + Arrays.toString(outputSize)
                        + ", but valid sizes for input " + Arrays.toString(x.shape()) + " range from " + Arrays.toString(min)
                        + " to " + Arrays.toString(max));
            }
            chosen[i] = outputSize[i] - min[i];
        }
        return transpose(x, chosen);
    }

    private Tensor transpose(Tensor x, int[] outPad) {
        ConvSupport.checkInput(this, x, 2, inChannels);
        try {
            return x.convTranspose2d(weight(), bias(), stride, padLeft, outPad, dilation, groups);
        } catch (IllegalArgumentException e) {
            throw ConvSupport.named(toString(), e);
        }
    }

    @Override
    int[] outputPadding() {
        return outputPadding;
    }

    /** The settings of a {@link ConvTranspose2d} beyond its channels and kernel; each setter returns these options. */
    public static final class Options extends Convolution.Settings {
        private int[] outputPadding = {0, 0};

        private Options() {
            super(2);
        }

        /** The same stride along both axes (default 1): the output grows by about this factor. */
        public Options stride(int both) {
            return stride(both, both);
        }

        /** The stride along height and width. */
        public Options stride(int height, int width) {
            stride = new int[] {height, width};
            return this;
        }

        /** The same padding for both axes (default 0): that many rows and columns are cut from each side of the full output. */
        public Options padding(int both) {
            return padding(both, both);
        }

        /** The padding along height and width (the padding of the matching {@link Conv2d}). */
        public Options padding(int height, int width) {
            padding = new int[] {height, width};
            return this;
        }

        /** The same extra size added to one side of both axes of the output (default 0). */
        public Options outputPadding(int both) {
            return outputPadding(both, both);
        }

        /** Extra size added to the bottom ({@code height}) and right ({@code width}) of the output. */
        public Options outputPadding(int height, int width) {
            outputPadding = new int[] {height, width};
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
    }
}

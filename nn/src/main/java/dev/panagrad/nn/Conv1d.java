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
public final class Conv1d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] dilation;
    private final int[] padLeft;
    private final int[] padRight;
    private final String paddingText;
    private final int groups;
    private final String paddingMode;

    /** A convolution with stride 1, no padding, one group and a bias. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, Rng rng) {
        this(inChannels, outChannels, kernelSize, options(), rng);
    }

    /** A convolution with the given options. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, Options options, Rng rng) {
        String who = "Conv1d(" + inChannels + ", " + outChannels + ")";
        ConvSupport.checkChannels(who, inChannels, outChannels, options.groups);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = ConvSupport.atLeast(who, "kernel_size", new int[] {kernelSize}, 1);
        this.stride = ConvSupport.atLeast(who, "stride", new int[] {options.stride}, 1);
        this.dilation = ConvSupport.atLeast(who, "dilation", new int[] {options.dilation}, 1);
        this.groups = options.groups;
        this.paddingMode = ConvSupport.checkPaddingMode(who, options.paddingMode);
        this.paddingText = options.paddingText;
        if ("same".equals(paddingText)) {
            if (options.stride != 1) {
                throw new IllegalArgumentException(who + ": padding='same' is not supported for strided convolutions, got stride="
                        + options.stride);
            }
            padLeft = ConvSupport.sameLeft(this.kernelSize, dilation);
            padRight = ConvSupport.sameRight(this.kernelSize, dilation);
        } else {
            padLeft = ConvSupport.atLeast(who, "padding", new int[] {options.padding}, 0);
            padRight = padLeft;
        }
        Tensor w = param("weight", Tensor.zeros(outChannels, inChannels / groups, kernelSize));
        Tensor b = param("bias", options.bias ? Tensor.zeros(outChannels) : null);
        ConvSupport.initialize(w, b, rng);
    }

    /** Fresh options with PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1, a bias, zero padding. */
    public static Options options() {
        return new Options();
    }

    /** The weight, {@code [C_out, C_in/groups, K]}. */
    public Tensor weight() {
        return param("weight");
    }

    /** The bias, {@code [C_out]}, or null without one. */
    public Tensor bias() {
        return param("bias");
    }

    /** {@code [N, C_in, L] → [N, C_out, L_out]}; an unbatched {@code [C_in, L]} gives {@code [C_out, L_out]}. */
    @Override
    public Tensor forward(Tensor x) {
        ConvSupport.checkInput(toString(), x, 1, inChannels);
        try {
            return ConvSupport.convolve(x, weight(), bias(), stride, padLeft, padRight, dilation, groups, paddingMode);
        } catch (IllegalArgumentException e) {
            throw ConvSupport.named(toString(), e);
        }
    }

    /** PyTorch's: {@code 4, 8, kernel_size=(3,), stride=(1,), padding=(1,)}, defaults left out. */
    @Override
    protected String extraRepr() {
        return ConvSupport.extraRepr(inChannels, outChannels, kernelSize, stride, paddingText, padLeft, dilation, null, groups,
                bias() != null, paddingMode);
    }

    /** The settings of a {@link Conv1d} beyond its channels and kernel; each setter returns these options. */
    public static final class Options {
        private int stride = 1;
        private int padding;
        private String paddingText;
        private int dilation = 1;
        private int groups = 1;
        private boolean bias = true;
        private String paddingMode = "zeros";

        private Options() {}

        /** The stride (default 1). */
        public Options stride(int stride) {
            this.stride = stride;
            return this;
        }

        /** The padding on each side (default 0). */
        public Options padding(int padding) {
            this.padding = padding;
            this.paddingText = null;
            return this;
        }

        /** {@code "valid"} (no padding) or {@code "same"} (output length = input length; needs stride 1). */
        public Options padding(String mode) {
            if (!"same".equals(mode) && !"valid".equals(mode)) {
                throw new IllegalArgumentException("Conv1d.options: padding must be \"same\", \"valid\" or an integer, got \""
                        + mode + "\"");
            }
            this.padding = 0;
            this.paddingText = mode;
            return this;
        }

        /** The spacing between kernel taps (default 1). */
        public Options dilation(int dilation) {
            this.dilation = dilation;
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

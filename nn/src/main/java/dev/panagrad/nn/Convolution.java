package dev.panagrad.nn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import java.util.Arrays;

/**
 * What {@link Conv1d}, {@link Conv2d} and {@link ConvTranspose2d} share, as PyTorch's {@code _ConvNd}: the
 * checked settings, the parameters {@code weight} ({@code [C_out, C_in/groups, *k]}, or
 * {@code [C_in, C_out/groups, *k]} when transposed) and {@code bias} {@code [C_out]} initialised as PyTorch
 * does, the forward pass of an ordinary convolution and PyTorch's printout. Messages name the layer and its
 * channels: {@code Conv2d(3, 64): stride must be positive, ...}.
 */
abstract sealed class Convolution extends Module permits Conv1d, Conv2d, ConvTranspose2d {
    final int inChannels;
    final int outChannels;
    final int[] kernelSize;
    final int[] stride;
    final int[] dilation;
    final int[] padLeft;
    final int[] padRight;
    final String paddingText;
    final int groups;
    final String paddingMode;
    final String who;

    Convolution(int inChannels, int outChannels, int[] kernelSize, Settings options, boolean transposed, Rng rng) {
        who = getClass().getSimpleName() + "(" + inChannels + ", " + outChannels + ")";
        int spatial = options.stride.length;
        if (kernelSize == null || kernelSize.length != spatial) {
            throw new IllegalArgumentException(who + ": kernel_size needs " + spatial + " values, got "
                    + (kernelSize == null ? "null" : Arrays.toString(kernelSize)));
        }
        ConvSupport.checkChannels(who, inChannels, outChannels, options.groups);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = ConvSupport.atLeast(who, "kernel_size", kernelSize, 1);
        this.stride = ConvSupport.atLeast(who, "stride", options.stride, 1);
        this.dilation = ConvSupport.atLeast(who, "dilation", options.dilation, 1);
        this.groups = options.groups;
        this.paddingMode = ConvSupport.checkPaddingMode(who, options.paddingMode);
        this.paddingText = options.paddingText;
        if ("same".equals(paddingText)) {
            if (Arrays.stream(stride).anyMatch(s -> s != 1)) {
                throw new IllegalArgumentException(who + ": padding='same' is not supported for strided convolutions, got stride="
                        + (spatial == 1 ? Integer.toString(stride[0]) : PyFormat.pyTuple(stride)));
            }
            padLeft = ConvSupport.sameLeft(this.kernelSize, dilation);
            padRight = ConvSupport.sameRight(this.kernelSize, dilation);
        } else {
            padLeft = ConvSupport.atLeast(who, "padding", options.padding, 0);
            padRight = padLeft;
        }
        int[] weightShape = new int[2 + spatial];
        weightShape[0] = transposed ? inChannels : outChannels;
        weightShape[1] = (transposed ? outChannels : inChannels) / groups;
        System.arraycopy(kernelSize, 0, weightShape, 2, spatial);
        Tensor w = param("weight", Tensor.zeros(weightShape));
        Tensor b = param("bias", options.bias ? Tensor.zeros(outChannels) : null);
        ConvSupport.initialize(w, b, rng);
    }

    /** The weight: {@code [C_out, C_in/groups, *kernel]}, or {@code [C_in, C_out/groups, *kernel]} when transposed. */
    public final Tensor weight() {
        return param("weight");
    }

    /** The bias, {@code [C_out]}, or null without one. */
    public final Tensor bias() {
        return param("bias");
    }

    /** An ordinary (not transposed) convolution of {@code x}, after checking its rank and channels. */
    final Tensor convolve(Tensor x) {
        ConvSupport.checkInput(this, x, kernelSize.length, inChannels);
        try {
            return ConvSupport.convolve(x, weight(), bias(), stride, padLeft, padRight, dilation, groups, paddingMode);
        } catch (IllegalArgumentException e) {
            throw ConvSupport.named(toString(), e);
        }
    }

    /** The output padding of a transposed convolution, printed when not zero; null for an ordinary one. */
    int[] outputPadding() {
        return null;
    }

    /** PyTorch's: {@code 3, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1)}, defaults left out. */
    @Override
    protected String extraRepr() {
        return ConvSupport.extraRepr(inChannels, outChannels, kernelSize, stride, paddingText, padLeft, dilation,
                outputPadding(), groups, bias() != null, paddingMode);
    }

    /**
     * The settings every convolution's options hold, with PyTorch's defaults (stride 1, padding 0, dilation 1,
     * groups 1, a bias, zero padding); the public setters are on each layer's {@code Options}.
     */
    abstract static sealed class Settings permits Conv1d.Options, Conv2d.Options, ConvTranspose2d.Options {
        int[] stride;
        int[] padding;
        String paddingText;
        int[] dilation;
        int groups = 1;
        boolean bias = true;
        String paddingMode = "zeros";

        Settings(int spatial) {
            stride = filled(spatial, 1);
            padding = filled(spatial, 0);
            dilation = filled(spatial, 1);
        }

        private static int[] filled(int length, int value) {
            int[] values = new int[length];
            Arrays.fill(values, value);
            return values;
        }

        /** Numeric padding, replacing a {@code "same"} or {@code "valid"} given before. */
        final void numericPadding(int... values) {
            padding = values;
            paddingText = null;
        }

        /** {@code "same"} or {@code "valid"}; {@code what} words the other choice in the message ("an integer"). */
        final void paddingText(String layer, String mode, String what) {
            if (!"same".equals(mode) && !"valid".equals(mode)) {
                throw new IllegalArgumentException(layer + ".options: padding must be \"same\", \"valid\" or " + what
                        + ", got \"" + mode + "\"");
            }
            padding = new int[stride.length];
            paddingText = mode;
        }
    }
}

package dev.panagrad.nn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * What the convolution layers share: PyTorch's initialization, the padding of {@code padding="same"}
 * (asymmetric when the total is odd), the non-zero padding modes, Python-style tuples for
 * {@code extraRepr}, and argument checks with messages that name the layer.
 */
final class ConvSupport {
    private ConvSupport() {}

    /** PyTorch's {@code padding_mode} values. */
    static final List<String> PADDING_MODES = List.of("zeros", "reflect", "replicate", "circular");

    /**
     * PyTorch's {@code _ConvNd.reset_parameters}: weight from kaiming-uniform with a = √5, i.e.
     * U(−1/√fanIn, 1/√fanIn), and bias from U(−1/√fanIn, 1/√fanIn), fanIn = {@code Init.fanIn(weight)}.
     */
    static void initialize(Tensor weight, Tensor bias, Rng rng) {
        Init.kaimingUniform(weight, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, rng);
        if (bias != null) {
            double bound = 1 / Math.sqrt(Init.fanIn(weight));
            Init.uniform(bias, -bound, bound, rng);
        }
    }

    /**
     * Convolves with {@code left}/{@code right} padding per spatial axis (equal unless "same" padding has
     * an odd total): zeros through the convolution itself, with the odd extra column or row padded on the
     * right/bottom first (PyTorch's {@code _convolution_same}); other modes pad the input explicitly.
     */
    static Tensor convolve(Tensor x, Tensor w, Tensor b, int[] stride, int[] left, int[] right, int[] dilation,
            int groups, String mode) {
        int n = stride.length;
        int[] padding = left;
        if (!mode.equals("zeros")) {
            x = padWithMode(x, left, right, mode);
            padding = new int[n];
        } else if (!Arrays.equals(left, right)) {
            int[] extra = new int[2 * n]; // F.pad order: last axis first, (before, after) each
            for (int i = 0; i < n; i++) {
                extra[2 * (n - 1 - i) + 1] = right[i] - left[i];
            }
            x = x.pad(extra, 0);
        }
        return n == 1 ? x.conv1d(w, b, stride[0], padding[0], dilation[0], groups)
                : x.conv2d(w, b, stride, padding, dilation, groups);
    }

    /** "same" padding before each axis: ⌊dilation·(k − 1)/2⌋. */
    static int[] sameLeft(int[] kernel, int[] dilation) {
        int[] out = new int[kernel.length];
        Arrays.setAll(out, i -> dilation[i] * (kernel[i] - 1) / 2);
        return out;
    }

    /** "same" padding after each axis: the rest of dilation·(k − 1), one more than before when it is odd. */
    static int[] sameRight(int[] kernel, int[] dilation) {
        int[] out = new int[kernel.length];
        Arrays.setAll(out, i -> dilation[i] * (kernel[i] - 1) - dilation[i] * (kernel[i] - 1) / 2);
        return out;
    }

    /**
     * Pads the last {@code left.length} axes by reflection (without repeating the edge), replication of
     * the edge, or wrapping around, as {@code F.pad} with mode "reflect", "replicate" or "circular": an
     * index selection per axis, so gradients flow back to the chosen entries.
     */
    static Tensor padWithMode(Tensor x, int[] left, int[] right, String mode) {
        int n = left.length;
        for (int i = 0; i < n; i++) {
            int dim = x.dim() - n + i;
            int size = x.size(dim);
            int widest = Math.max(left[i], right[i]);
            boolean fits = mode.equals("reflect") ? widest < size : mode.equals("circular") ? widest <= size : size > 0;
            if (!fits) {
                throw new IllegalArgumentException("padding_mode '" + mode + "': padding (" + left[i] + ", " + right[i]
                        + ") is too large for size " + size + " of dim " + dim + " of input " + Arrays.toString(x.shape()));
            }
            int[] index = new int[left[i] + size + right[i]];
            for (int k = 0; k < index.length; k++) {
                int j = k - left[i];
                index[k] = switch (mode) {
                    case "reflect" -> j < 0 ? -j : j >= size ? 2 * (size - 1) - j : j;
                    case "replicate" -> Math.clamp(j, 0, size - 1);
                    case "circular" -> Math.floorMod(j, size);
                    default -> throw new IllegalArgumentException("unknown padding_mode '" + mode + "'");
                };
            }
            x = x.indexSelect(dim, Tensor.of(index, index.length));
        }
        return x;
    }

    /**
     * PyTorch's {@code _ConvNd.extra_repr}: channels, kernel size and stride always, then padding (the
     * string when given as one), dilation, output padding (transposed only, else null), groups, bias and
     * padding mode when they differ from the defaults.
     */
    static String extraRepr(int inChannels, int outChannels, int[] kernelSize, int[] stride, String paddingText,
            int[] padding, int[] dilation, int[] outputPadding, int groups, boolean bias, String paddingMode) {
        StringBuilder s = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(PyFormat.pyTuple(kernelSize))
                .append(", stride=").append(PyFormat.pyTuple(stride));
        if (paddingText != null) {
            s.append(", padding=").append(paddingText);
        } else if (Arrays.stream(padding).anyMatch(p -> p != 0)) {
            s.append(", padding=").append(PyFormat.pyTuple(padding));
        }
        if (Arrays.stream(dilation).anyMatch(d -> d != 1)) {
            s.append(", dilation=").append(PyFormat.pyTuple(dilation));
        }
        if (outputPadding != null && Arrays.stream(outputPadding).anyMatch(p -> p != 0)) {
            s.append(", output_padding=").append(PyFormat.pyTuple(outputPadding));
        }
        if (groups != 1) {
            s.append(", groups=").append(groups);
        }
        if (!bias) {
            s.append(", bias=False");
        }
        if (!paddingMode.equals("zeros")) {
            s.append(", padding_mode=").append(paddingMode);
        }
        return s.toString();
    }

    /** Checks that every value is at least {@code min}; {@code who} names the layer in the message. */
    static int[] atLeast(String who, String name, int[] values, int min) {
        for (int v : values) {
            if (v < min) {
                throw new IllegalArgumentException(who + ": " + name + " must be " + (min == 0 ? "non-negative" : "positive")
                        + ", got " + (values.length == 1 ? Integer.toString(values[0]) : PyFormat.pyTuple(values)));
            }
        }
        return values.clone();
    }

    /** Checks channel counts and groups at construction, as {@code _ConvNd.__init__}. */
    static void checkChannels(String who, int inChannels, int outChannels, int groups) {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException(who + ": channel counts must be positive, got in_channels=" + inChannels
                    + ", out_channels=" + outChannels);
        }
        if (groups < 1) {
            throw new IllegalArgumentException(who + ": groups must be a positive integer, got " + groups);
        }
        if (inChannels % groups != 0) {
            throw new IllegalArgumentException(who + ": in_channels=" + inChannels + " must be divisible by groups=" + groups);
        }
        if (outChannels % groups != 0) {
            throw new IllegalArgumentException(who + ": out_channels=" + outChannels + " must be divisible by groups=" + groups);
        }
    }

    /** Checks {@code paddingMode} against PyTorch's values. */
    static String checkPaddingMode(String who, String mode) {
        if (!PADDING_MODES.contains(mode)) {
            throw new IllegalArgumentException(who + ": padding_mode must be one of " + PADDING_MODES + ", got '" + mode + "'");
        }
        return mode;
    }

    /**
     * Checks a convolution input's rank and channels: {@code [N, C, *spatial]} or unbatched
     * {@code [C, *spatial]}; {@code layer} is the layer, printed only when the check fails (a layer's
     * {@code toString} per forward call cost as much as a small layer's ReLU).
     */
    static void checkInput(Module layer, Tensor x, int spatial, int channels) {
        String axes = spatial == 1 ? "L" : "H, W";
        if (x.dim() != spatial + 1 && x.dim() != spatial + 2) {
            throw new IllegalArgumentException(layer + ": expected input [N, " + channels + ", " + axes + "] or unbatched ["
                    + channels + ", " + axes + "] (rank " + (spatial + 2) + " or " + (spatial + 1) + "), got "
                    + Arrays.toString(x.shape()));
        }
        int c = x.size(x.dim() - spatial - 1);
        if (c != channels) {
            throw new IllegalArgumentException(layer + ": expected input with " + channels + " channels, [N, " + channels
                    + ", " + axes + "] or [" + channels + ", " + axes + "], got " + c + " channels in "
                    + Arrays.toString(x.shape()));
        }
    }

    /** Core's message about {@code x} (output size, dtype) restated with the layer's name in front. */
    static IllegalArgumentException named(String layer, IllegalArgumentException e) {
        return new IllegalArgumentException(layer + ": " + e.getMessage(), e);
    }
}

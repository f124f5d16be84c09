package dev.panagrad.nn;

import dev.panagrad.core.Tensor;

/**
 * 2-D max pooling over {@code [N, C, H, W]} or unbatched {@code [C, H, W]} inputs, as
 * {@code torch.nn.MaxPool2d}: each output is the maximum of a {@code kernelSize} window (taps
 * {@code dilation} apart) over the input padded with −∞. Output size per axis
 * {@code ⌊(in + 2·padding − dilation·(k − 1) − 1)/stride⌋ + 1}, rounded up instead in {@code ceilMode}
 * (a last window that would start in the right padding is dropped). The gradient goes to the first
 * maximum of each window. Differs from PyTorch: there is no {@code return_indices}; {@code forward}
 * returns the pooled values only.
 */
public final class MaxPool2d extends Pool2d {
    private final Size2 dilation;

    /** Pooling over {@code kernelSize × kernelSize} windows with stride = kernel size. */
    public MaxPool2d(int kernelSize) {
        this(Size2.of(kernelSize), options());
    }

    /** Pooling over square windows with the given stride and no padding. */
    public MaxPool2d(int kernelSize, int stride) {
        this(Size2.of(kernelSize), options().stride(stride));
    }

    /** Pooling over square windows with the given stride and padding. */
    public MaxPool2d(int kernelSize, int stride, int padding) {
        this(Size2.of(kernelSize), options().stride(stride).padding(padding));
    }

    /** Pooling over square windows with the given options. */
    public MaxPool2d(int kernelSize, Options options) {
        this(Size2.of(kernelSize), options);
    }

    /** Pooling over {@code kH × kW} windows with the given options. */
    public MaxPool2d(int kernelHeight, int kernelWidth, Options options) {
        this(Size2.of(kernelHeight, kernelWidth), options);
    }

    private MaxPool2d(Size2 kernelSize, Options options) {
        super(kernelSize, options.stride, options.padding, options.ceilMode);
        this.dilation = atLeast("dilation", options.dilation, 1);
    }

    /** Fresh options with PyTorch's defaults: stride = kernel size, padding 0, dilation 1, floor mode. */
    public static Options options() {
        return new Options();
    }

    @Override
    Tensor pool(Tensor x) {
        return x.maxPool2d(kernelSize.toArray(), stride.toArray(), padding.toArray(), dilation.toArray(), ceilMode);
    }

    /** PyTorch's: {@code kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False}. */
    @Override
    protected String extraRepr() {
        return super.extraRepr() + ", dilation=" + dilation.py() + ", ceil_mode=" + pyBool(ceilMode);
    }

    /** The settings of a {@link MaxPool2d} beyond its kernel; each setter returns these options. */
    public static final class Options {
        private Size2 stride;
        private Size2 padding = Size2.of(0);
        private Size2 dilation = Size2.of(1);
        private boolean ceilMode;

        private Options() {}

        /** The same stride along both axes (default: the kernel size). */
        public Options stride(int both) {
            stride = Size2.of(both);
            return this;
        }

        /** The stride along height and width. */
        public Options stride(int height, int width) {
            stride = Size2.of(height, width);
            return this;
        }

        /** The same implicit −∞ padding on all sides, at most half the kernel size (default 0). */
        public Options padding(int both) {
            padding = Size2.of(both);
            return this;
        }

        /** The padding along height and width. */
        public Options padding(int height, int width) {
            padding = Size2.of(height, width);
            return this;
        }

        /** The same spacing between window taps along both axes (default 1). */
        public Options dilation(int both) {
            dilation = Size2.of(both);
            return this;
        }

        /** The spacing between window taps along height and width. */
        public Options dilation(int height, int width) {
            dilation = Size2.of(height, width);
            return this;
        }

        /** Whether output sizes round up instead of down (default false). */
        public Options ceilMode(boolean ceilMode) {
            this.ceilMode = ceilMode;
            return this;
        }
    }
}

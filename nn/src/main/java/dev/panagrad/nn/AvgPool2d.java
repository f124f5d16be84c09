package dev.panagrad.nn;

import dev.panagrad.core.Tensor;

/**
 * 2-D average pooling over {@code [N, C, H, W]} or unbatched {@code [C, H, W]} inputs, as
 * {@code torch.nn.AvgPool2d}: each output is a window's sum over the zero-padded input divided by
 * {@code divisorOverride} when set, else by the window's area ({@code countIncludePad}, the default;
 * in ceil mode a window running past the right padding does not count that part) or by the number of
 * input elements it covers. Output size per axis {@code ⌊(in + 2·padding − k)/stride⌋ + 1}, rounded up
 * instead in {@code ceilMode}.
 */
public final class AvgPool2d extends Pool2d {
    private final boolean countIncludePad;
    private final int divisorOverride;

    /** Pooling over {@code kernelSize × kernelSize} windows with stride = kernel size. */
    public AvgPool2d(int kernelSize) {
        this(Size2.of(kernelSize), options());
    }

    /** Pooling over square windows with the given stride and no padding. */
    public AvgPool2d(int kernelSize, int stride) {
        this(Size2.of(kernelSize), options().stride(stride));
    }

    /** Pooling over square windows with the given stride and padding. */
    public AvgPool2d(int kernelSize, int stride, int padding) {
        this(Size2.of(kernelSize), options().stride(stride).padding(padding));
    }

    /** Pooling over square windows with the given options. */
    public AvgPool2d(int kernelSize, Options options) {
        this(Size2.of(kernelSize), options);
    }

    /** Pooling over {@code kH × kW} windows with the given options. */
    public AvgPool2d(int kernelHeight, int kernelWidth, Options options) {
        this(Size2.of(kernelHeight, kernelWidth), options);
    }

    private AvgPool2d(Size2 kernelSize, Options options) {
        super(kernelSize, options.stride, options.padding, options.ceilMode);
        this.countIncludePad = options.countIncludePad;
        this.divisorOverride = options.divisorOverride;
    }

    /**
     * Fresh options with PyTorch's defaults: stride = kernel size, padding 0, floor mode, padding counted
     * in the divisor, no divisor override.
     */
    public static Options options() {
        return new Options();
    }

    @Override
    Tensor pool(Tensor x) {
        return x.avgPool2d(kernelSize.toArray(), stride.toArray(), padding.toArray(), ceilMode, countIncludePad,
                divisorOverride);
    }

    /** The settings of an {@link AvgPool2d} beyond its kernel; each setter returns these options. */
    public static final class Options {
        private Size2 stride;
        private Size2 padding = Size2.of(0);
        private boolean ceilMode;
        private boolean countIncludePad = true;
        private int divisorOverride;

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

        /** The same implicit zero padding on all sides, at most half the kernel size (default 0). */
        public Options padding(int both) {
            padding = Size2.of(both);
            return this;
        }

        /** The padding along height and width. */
        public Options padding(int height, int width) {
            padding = Size2.of(height, width);
            return this;
        }

        /** Whether output sizes round up instead of down (default false). */
        public Options ceilMode(boolean ceilMode) {
            this.ceilMode = ceilMode;
            return this;
        }

        /** Whether padded positions count in the divisor (default true). */
        public Options countIncludePad(boolean countIncludePad) {
            this.countIncludePad = countIncludePad;
            return this;
        }

        /** A fixed positive divisor for every window, replacing the area. */
        public Options divisorOverride(int divisor) {
            if (divisor < 1) {
                throw new IllegalArgumentException("AvgPool2d.options: divisor_override must be positive, got " + divisor);
            }
            this.divisorOverride = divisor;
            return this;
        }
    }
}

package dev.panagrad.nn;

import dev.panagrad.core.Tensor;

/**
 * What {@link AvgPool2d} and {@link MaxPool2d} share, as PyTorch's {@code _MaxPoolNd}/{@code _AvgPoolNd}
 * settings: a kernel of at least 1, a stride of at least 1 (default the kernel size), non-negative padding
 * of at most half the kernel on each axis and ceil mode; inputs {@code [N, C, H, W]} or unbatched
 * {@code [C, H, W]}. Messages name the layer and its kernel: {@code MaxPool2d(kernel_size=2): ...}.
 */
abstract sealed class Pool2d extends Module permits AvgPool2d, MaxPool2d {
    final Size2 kernelSize;
    final Size2 stride;
    final Size2 padding;
    final boolean ceilMode;
    private final String who;

    /** Checks the settings; a null {@code stride} means the kernel size. */
    Pool2d(Size2 kernelSize, Size2 stride, Size2 padding, boolean ceilMode) {
        this.who = getClass().getSimpleName() + "(kernel_size=" + kernelSize.py() + ")";
        this.kernelSize = atLeast("kernel_size", kernelSize, 1);
        this.stride = atLeast("stride", stride == null ? kernelSize : stride, 1);
        this.padding = atLeast("padding", padding, 0);
        this.ceilMode = ceilMode;
        if (padding.height() > kernelSize.height() / 2 || padding.width() > kernelSize.width() / 2) {
            throw new IllegalArgumentException(who + ": padding should be at most half of kernel size, got padding="
                    + padding.py() + ", kernel_size=" + kernelSize.py());
        }
    }

    /** {@code size} after checking that both of its values are at least {@code min}. */
    final Size2 atLeast(String name, Size2 size, int min) {
        if (size.height() < min || size.width() < min) {
            throw new IllegalArgumentException(who + ": " + name + " must be "
                    + (min == 0 ? "non-negative" : "positive") + ", got " + size.py());
        }
        return size;
    }

    /** The pooling itself, on an input of a valid rank. */
    abstract Tensor pool(Tensor x);

    /** {@code [N, C, H, W] → [N, C, H_out, W_out]}; unbatched {@code [C, H, W] → [C, H_out, W_out]}. */
    @Override
    public final Tensor forward(Tensor x) {
        PoolSupport.checkInput(this, x);
        try {
            return pool(x);
        } catch (IllegalArgumentException e) {
            throw ConvSupport.named(toString(), e);
        }
    }

    /** PyTorch's start: {@code kernel_size=2, stride=2, padding=0}. */
    @Override
    protected String extraRepr() {
        return "kernel_size=" + kernelSize.py() + ", stride=" + stride.py() + ", padding=" + padding.py();
    }
}

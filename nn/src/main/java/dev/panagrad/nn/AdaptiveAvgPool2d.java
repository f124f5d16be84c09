package dev.panagrad.nn;

import dev.panagrad.core.Tensor;

/**
 * Adaptive average pooling to a fixed output size, as {@code torch.nn.AdaptiveAvgPool2d}: output
 * {@code (i, j)} of an {@code H × W} plane averages rows {@code [⌊i·H/outH⌋, ⌈(i+1)·H/outH⌉)} and the
 * matching columns, so any input size maps to {@code outH × outW}; an output size of 1 is the global
 * average. A null size along an axis keeps the input's size there (PyTorch's {@code None}).
 */
public final class AdaptiveAvgPool2d extends Module {
    private final Integer outHeight;
    private final Integer outWidth;
    private final boolean scalar;

    /** Pools every plane to {@code outputSize × outputSize}. */
    public AdaptiveAvgPool2d(int outputSize) {
        this(outputSize, outputSize, true);
    }

    /** Pools every plane to {@code outHeight × outWidth}; null keeps the input's size on that axis. */
    public AdaptiveAvgPool2d(Integer outHeight, Integer outWidth) {
        this(outHeight, outWidth, false);
    }

    private AdaptiveAvgPool2d(Integer outHeight, Integer outWidth, boolean scalar) {
        if ((outHeight != null && outHeight < 1) || (outWidth != null && outWidth < 1)) {
            throw new IllegalArgumentException("AdaptiveAvgPool2d: output_size must be positive (or null to keep the "
                    + "input's size), got (" + outHeight + ", " + outWidth + ")");
        }
        this.outHeight = outHeight;
        this.outWidth = outWidth;
        this.scalar = scalar;
    }

    /** {@code [N, C, H, W] → [N, C, outH, outW]}; unbatched {@code [C, H, W] → [C, outH, outW]}. */
    @Override
    public Tensor forward(Tensor x) {
        PoolSupport.checkInput(this, x);
        int h = outHeight != null ? outHeight : x.size(x.dim() - 2);
        int w = outWidth != null ? outWidth : x.size(x.dim() - 1);
        try {
            return x.adaptiveAvgPool2d(h, w);
        } catch (IllegalArgumentException e) {
            throw ConvSupport.named(toString(), e);
        }
    }

    /** PyTorch's: {@code output_size=7} or {@code output_size=(5, None)}. */
    @Override
    protected String extraRepr() {
        return "output_size=" + (scalar ? outHeight.toString()
                : "(" + (outHeight == null ? "None" : outHeight) + ", " + (outWidth == null ? "None" : outWidth) + ")");
    }
}

package dev.panagrad.core;

import dev.panagrad.core.kernels.PoolKernels;
import dev.panagrad.core.kernels.PoolWindows;
import java.util.function.UnaryOperator;

/**
 * 2-D pooling over NCHW tensors, or unbatched CHW ones (PyTorch semantics, incl. dilation, ceil mode,
 * {@code count_include_pad} and {@code divisor_override}). Windows are described per axis by
 * {@link PoolWindows}. Gradients are differentiable ops of their own: max pooling's gradient scatters
 * to the positions of the maxima (saved from the forward pass as constants) and that scatter's gradient
 * gathers from them; the average poolings are linear, and their adjoint's gradient is the pooling itself.
 */
final class Pooling {
    private static final PoolKernels K = PoolKernels.INSTANCE;

    private Pooling() {}

    /**
     * z[n, c, i, j] = max over the taps (i·s − p + ty·d, j·s − p + tx·d) of window (i, j) that fall inside x
     * (padding is −∞); ties pick the first maximum in row-major order.  ∂x = g scattered to each window's
     * maximum (one element per window; overlapping windows add). A [C, H, W] input is pooled as a batch of one.
     */
    static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        String op = "maxPool2d";
        PoolWindows[] win = sliding(op, x, kernel, stride, padding, ConvChecks.pair(op, "dilation", dilation, 2, 1), ceilMode,
                true);
        for (int i = 0; i < 2; i++) {
            int empty = win[i].firstEmpty();
            if (empty >= 0) {
                throw new IllegalArgumentException(op + ": window " + empty + " along spatial dim " + i
                        + " covers only padding (kernel " + kernel[i] + ", dilation " + dilation[i] + ", padding " + padding[i]
                        + ") of input " + Shapes.format(x.shapeRef()));
            }
        }
        return asBatch(x, b -> maxPool(b, win[0], win[1]));
    }

    /**
     * z = each window's sum over the taps inside x divided by its divisor: {@code divisorOverride} when
     * positive, else the window's size clipped to the padded input ({@code countIncludePad}) or to x.
     * ∂x = avgPool2d's adjoint of g. A [C, H, W] input is pooled as a batch of one.
     */
    static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
            int divisorOverride) {
        String op = "avgPool2d";
        if (divisorOverride < 0) {
            throw new IllegalArgumentException(op + ": divisorOverride must be positive (or 0 for none), got " + divisorOverride
                    + " for input " + (x == null ? "null" : Shapes.format(x.shapeRef())));
        }
        PoolWindows[] win = sliding(op, x, kernel, stride, padding, new int[] {1, 1}, ceilMode, countIncludePad);
        PoolWindows rows = divisorOverride > 0 ? win[0].withDivisor(divisorOverride) : win[0];
        PoolWindows cols = divisorOverride > 0 ? win[1].withDivisor(1) : win[1];
        return asBatch(x, b -> average(op, b, rows, cols));
    }

    /** z[n, c, i, j] = mean of x over PyTorch's adaptive window (i, j).  ∂x = the adjoint of g. */
    static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        String op = "adaptiveAvgPool2d";
        checkInput(op, x);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException(op + ": output size must be positive, got [" + outH + ", " + outW
                    + "] for input " + Shapes.format(x.shapeRef()));
        }
        int[] xs = x.shapeRef();
        PoolWindows rows = PoolWindows.adaptive(xs[xs.length - 2], outH), cols = PoolWindows.adaptive(xs[xs.length - 1], outW);
        return asBatch(x, b -> average(op, b, rows, cols));
    }

    /** {@code pool(x)} for an [N, C, H, W] x; for a [C, H, W] one, {@code pool} of x unsqueezed to a batch of one, squeezed back. */
    private static Tensor asBatch(Tensor x, UnaryOperator<Tensor> pool) {
        return x.dim() == 4 ? pool.apply(x) : pool.apply(x.unsqueeze(0)).squeeze(0);
    }

    /** z = the window maxima of the [N, C, H, W] tensor x.  ∂x = g scattered to the maxima. */
    private static Tensor maxPool(Tensor x, PoolWindows rows, PoolWindows cols) {
        int[] xs = x.shapeRef();
        int planes = xs[0] * xs[1];
        Tensor z = Tensor.empty(x.dtype(), new int[] {xs[0], xs[1], rows.out(), cols.out()});
        int[] argmax = new int[z.numel()];
        if (x.dtype() == DType.FLOAT32) {
            K.maxPool(planes, x.f32(), rows, cols, z.f32(), argmax);
        } else {
            K.maxPool(planes, x.f64(), rows, cols, z.f64(), argmax);
        }
        return Recorder.record("maxPool2d", z, (g, grads) -> grads.add(x, scatterToArgmax(g, argmax, xs)), x);
    }

    // ------------------------------------------------------------------ max pooling's gradient ops

    /**
     * dx[n, c, argmax[n, c, o]] += g[n, c, o] (dx of {@code inShape}, zero elsewhere).
     * ∂g = gather of the gradient at the same positions.
     */
    private static Tensor scatterToArgmax(Tensor g, int[] argmax, int[] inShape) {
        int[] gs = g.shapeRef();
        int planes = gs[0] * gs[1], outArea = gs[2] * gs[3], inArea = inShape[2] * inShape[3];
        Tensor dx = Tensor.empty(g.dtype(), inShape.clone());
        if (g.dtype() == DType.FLOAT32) {
            K.scatterAdd(planes, g.f32(), argmax, outArea, dx.f32(), inArea);
        } else {
            K.scatterAdd(planes, g.f64(), argmax, outArea, dx.f64(), inArea);
        }
        return Recorder.record("maxPool2dBackward", dx, (G, grads) -> grads.add(g, gatherAtArgmax(G, argmax, gs)), g);
    }

    /** z[n, c, o] = x[n, c, argmax[n, c, o]] (z of {@code outShape}).  ∂x = g scattered back to those positions. */
    private static Tensor gatherAtArgmax(Tensor x, int[] argmax, int[] outShape) {
        int[] xs = x.shapeRef();
        int planes = xs[0] * xs[1], outArea = outShape[2] * outShape[3], inArea = xs[2] * xs[3];
        Tensor z = Tensor.empty(x.dtype(), outShape.clone());
        if (x.dtype() == DType.FLOAT32) {
            K.gather(planes, x.f32(), inArea, argmax, outArea, z.f32());
        } else {
            K.gather(planes, x.f64(), inArea, argmax, outArea, z.f64());
        }
        return Recorder.record("maxPool2dGather", z, (g, grads) -> grads.add(x, scatterToArgmax(g, argmax, xs)), x);
    }

    // ------------------------------------------------------------------ average pooling and its adjoint

    /** z = window sums of x divided by the window divisors.  ∂x = {@link #averageAdjoint}(g). */
    private static Tensor average(String name, Tensor x, PoolWindows rows, PoolWindows cols) {
        int[] xs = x.shapeRef();
        Tensor z = Tensor.empty(x.dtype(), new int[] {xs[0], xs[1], rows.out(), cols.out()});
        if (x.dtype() == DType.FLOAT32) {
            K.avgPool(xs[0] * xs[1], x.f32(), rows, cols, z.f32());
        } else {
            K.avgPool(xs[0] * xs[1], x.f64(), rows, cols, z.f64());
        }
        return Recorder.record(name, z, (g, grads) -> grads.add(x, averageAdjoint(name, g, rows, cols)), x);
    }

    /** dx = each g divided by its divisor and spread over its window.  ∂g = {@link #average}(gradient). */
    private static Tensor averageAdjoint(String name, Tensor g, PoolWindows rows, PoolWindows cols) {
        int[] gs = g.shapeRef();
        Tensor dx = Tensor.empty(g.dtype(), new int[] {gs[0], gs[1], rows.in(), cols.in()});
        if (g.dtype() == DType.FLOAT32) {
            K.avgPoolAdjoint(gs[0] * gs[1], g.f32(), rows, cols, dx.f32());
        } else {
            K.avgPoolAdjoint(gs[0] * gs[1], g.f64(), rows, cols, dx.f64());
        }
        return Recorder.record(name + "Backward", dx, (G, grads) -> grads.add(g, average(name, G, rows, cols)), g);
    }

    // ------------------------------------------------------------------ validation

    private static void checkInput(String op, Tensor x) {
        if (x == null || (x.dim() != 3 && x.dim() != 4)) {
            throw new IllegalArgumentException(op + ": expected a rank-3 [C, H, W] or rank-4 [N, C, H, W] input, got "
                    + (x == null ? "null" : "shape " + Shapes.format(x.shapeRef())));
        }
        Elementwise.requireFloating(op, x);
        int[] xs = x.shapeRef();
        if (xs[xs.length - 2] < 1 || xs[xs.length - 1] < 1) {
            throw new IllegalArgumentException(op + ": input " + Shapes.format(xs) + " has an empty spatial size");
        }
    }

    /**
     * Validates a sliding pooling as PyTorch does (stride null = kernel; padding at most half the kernel
     * size, dilation aside; a positive output size by {@link PoolWindows#outputSize}) and returns its row
     * and column windows.
     */
    private static PoolWindows[] sliding(String op, Tensor x, int[] kernel, int[] stride, int[] padding, int[] dilation,
            boolean ceilMode, boolean countIncludePad) {
        checkInput(op, x);
        int[] k = ConvChecks.pair(op, "kernel", kernel, 2, 1);
        int[] s = ConvChecks.pair(op, "stride", stride == null ? kernel : stride, 2, 1);
        int[] p = ConvChecks.pair(op, "padding", padding, 2, 0);
        int[] xs = x.shapeRef();
        PoolWindows[] win = new PoolWindows[2];
        for (int i = 0; i < 2; i++) {
            if (2 * p[i] > k[i]) {
                throw new IllegalArgumentException(op + ": padding " + p[i] + " must be at most half the kernel size " + k[i]
                        + " along spatial dim " + i);
            }
            int in = xs[xs.length - 2 + i];
            if (PoolWindows.outputSize(in, k[i], s[i], p[i], dilation[i], ceilMode) < 1) {
                int extent = dilation[i] * (k[i] - 1) + 1;
                String kernelText = dilation[i] == 1 ? "kernel size " + k[i]
                        : "kernel of extent " + extent + " (size " + k[i] + ", dilation " + dilation[i] + ")";
                throw new IllegalArgumentException(op + ": " + kernelText + " is larger than the padded input "
                        + (in + 2 * p[i]) + " (size " + in + " + 2·padding " + p[i] + ") along spatial dim " + i
                        + " of input " + Shapes.format(xs));
            }
            win[i] = PoolWindows.sliding(in, k[i], s[i], p[i], dilation[i], ceilMode, countIncludePad);
        }
        return win;
    }
}

package dev.panagrad.core;

import dev.panagrad.core.kernels.PoolKernels;
import dev.panagrad.core.kernels.PoolWindows;

/**
 * 2-D pooling over NCHW tensors (PyTorch semantics). Windows are described per axis by
 * {@link PoolWindows}. Gradients are differentiable ops of their own: max pooling's gradient scatters
 * to the positions of the maxima (saved from the forward pass as constants) and that scatter's gradient
 * gathers from them; the average poolings are linear, and their adjoint's gradient is the pooling itself.
 */
final class Pooling {
    private static final PoolKernels K = PoolKernels.INSTANCE;

    private Pooling() {}

    /**
     * z[n, c, i, j] = max over the window (i, j) of x, with −∞ padding; ties pick the first maximum in
     * row-major order.  ∂x = g scattered to each window's maximum (one element per window; overlapping
     * windows add).
     */
    static Tensor maxPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        PoolWindows[] win = sliding("maxPool2d", x, kernel, stride, padding);
        int[] xs = x.shapeRef();
        int planes = xs[0] * xs[1];
        Tensor z = Tensor.empty(x.dtype(), new int[] {xs[0], xs[1], win[0].out(), win[1].out()});
        int[] argmax = new int[z.numel()];
        if (x.dtype() == DType.FLOAT32) {
            K.maxPool(planes, x.f32(), win[0], win[1], z.f32(), argmax);
        } else {
            K.maxPool(planes, x.f64(), win[0], win[1], z.f64(), argmax);
        }
        return Recorder.record("maxPool2d", z, (g, grads) -> grads.add(x, scatterToArgmax(g, argmax, xs)), x);
    }

    /** z = the window averages of x (padding counts as zeros in the divisor).  ∂x = avgPool2d's adjoint of g. */
    static Tensor avgPool2d(Tensor x, int[] kernel, int[] stride, int[] padding) {
        PoolWindows[] win = sliding("avgPool2d", x, kernel, stride, padding);
        return average("avgPool2d", x, win[0], win[1]);
    }

    /** z[n, c, i, j] = mean of x over PyTorch's adaptive window (i, j).  ∂x = the adjoint of g. */
    static Tensor adaptiveAvgPool2d(Tensor x, int outH, int outW) {
        checkInput("adaptiveAvgPool2d", x);
        if (outH < 1 || outW < 1) {
            throw new IllegalArgumentException("adaptiveAvgPool2d: output size must be positive, got [" + outH + ", " + outW
                    + "] for input " + Shapes.format(x.shapeRef()));
        }
        int[] xs = x.shapeRef();
        return average("adaptiveAvgPool2d", x, PoolWindows.adaptive(xs[2], outH), PoolWindows.adaptive(xs[3], outW));
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
        if (x == null || x.dim() != 4) {
            throw new IllegalArgumentException(op + ": expected a rank-4 input [N, C, H, W], got "
                    + (x == null ? "null" : "shape " + Shapes.format(x.shapeRef())));
        }
        Elementwise.requireFloating(op, x);
        if (x.shapeRef()[2] < 1 || x.shapeRef()[3] < 1) {
            throw new IllegalArgumentException(op + ": input " + Shapes.format(x.shapeRef()) + " has an empty spatial size");
        }
    }

    /** Validates a sliding pooling (stride null = kernel) and returns its row and column windows. */
    private static PoolWindows[] sliding(String op, Tensor x, int[] kernel, int[] stride, int[] padding) {
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
            int in = xs[2 + i];
            if (k[i] > in + 2 * p[i]) {
                throw new IllegalArgumentException(op + ": kernel size " + k[i] + " is larger than the padded input "
                        + (in + 2 * p[i]) + " (size " + in + " + 2·padding " + p[i] + ") along spatial dim " + i
                        + " of input " + Shapes.format(xs));
            }
            win[i] = PoolWindows.sliding(in, k[i], s[i], p[i]);
        }
        return win;
    }
}

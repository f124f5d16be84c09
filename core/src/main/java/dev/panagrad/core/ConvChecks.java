package dev.panagrad.core;

import dev.panagrad.core.kernels.ConvGeometry;

/**
 * Argument validation for the convolutions: every rule PyTorch enforces, with messages that name the
 * op and every shape involved (as the caller passed them: an unbatched input keeps its own shape).
 * Returns the {@link ConvGeometry} the arguments describe (height 1 for 1-D convolutions; an unbatched
 * input counts as a batch of one).
 */
final class ConvChecks {
    private ConvChecks() {}

    /** Checks a convolution with {@code spatial} (1 or 2) spatial dims and returns its geometry. */
    static ConvGeometry forward(String op, int spatial, Tensor x, Tensor w, Tensor b, int[] stride, int[] padding,
            int[] dilation, int groups) {
        common(op, spatial, x, w, b, groups);
        int[] s = pair(op, "stride", stride, spatial, 1), p = pair(op, "padding", padding, spatial, 0);
        int[] d = pair(op, "dilation", dilation, spatial, 1);
        int[] xs = batched(x, spatial), ws = w.shapeRef();
        if (ws[0] % groups != 0) {
            throw new IllegalArgumentException(op + ": weight " + Shapes.format(ws) + " has " + ws[0]
                    + " output channels, which groups=" + groups + " does not divide");
        }
        if (xs[1] % groups != 0) {
            throw new IllegalArgumentException(op + ": input " + Shapes.format(x.shapeRef()) + " has " + xs[1]
                    + " channels, which groups=" + groups + " does not divide");
        }
        if (ws[1] * groups != xs[1]) {
            throw new IllegalArgumentException(op + ": input " + Shapes.format(x.shapeRef()) + " has " + xs[1]
                    + " channels but weight "
                    + Shapes.format(ws) + " with groups=" + groups + " expects " + ws[1] * groups + " (weight.size(1)·groups)");
        }
        bias(op, b, ws[0], w);
        int[] in = new int[2], k = new int[2], out = new int[2];
        for (int i = 0; i < 2; i++) {
            int axis = i - (2 - spatial);
            if (axis < 0) {
                in[i] = 1;
                k[i] = 1;
                out[i] = 1;
                continue;
            }
            in[i] = xs[2 + axis];
            k[i] = ws[2 + axis];
            int extent = d[axis] * (k[i] - 1) + 1, padded = in[i] + 2 * p[axis];
            if (extent > padded) {
                throw new IllegalArgumentException(op + ": kernel of extent " + extent + " (size " + k[i] + ", dilation "
                        + d[axis] + ") is larger than the padded input " + padded + " (size " + in[i] + " + 2·padding "
                        + p[axis] + ") along spatial dim " + axis + "; input " + Shapes.format(x.shapeRef()) + ", weight "
                        + Shapes.format(ws));
            }
            out[i] = (padded - extent) / s[axis] + 1;
        }
        int[] s2 = widen(s, 1), p2 = widen(p, 0), d2 = widen(d, 1);
        return new ConvGeometry(in[0], in[1], k[0], k[1], s2[0], s2[1], p2[0], p2[1], d2[0], d2[1], out[0], out[1]);
    }

    /** Checks a 2-D transposed convolution and returns its geometry (the output is the big plane). */
    static ConvGeometry transposed(Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] outputPadding,
            int[] dilation, int groups) {
        String op = "convTranspose2d";
        common(op, 2, x, w, b, groups);
        int[] s = pair(op, "stride", stride, 2, 1), p = pair(op, "padding", padding, 2, 0);
        int[] op2 = pair(op, "outputPadding", outputPadding, 2, 0), d = pair(op, "dilation", dilation, 2, 1);
        int[] xs = batched(x, 2), ws = w.shapeRef();
        if (xs[1] % groups != 0) {
            throw new IllegalArgumentException(op + ": input " + Shapes.format(x.shapeRef()) + " has " + xs[1]
                    + " channels, which groups=" + groups + " does not divide");
        }
        if (ws[0] != xs[1]) {
            throw new IllegalArgumentException(op + ": input " + Shapes.format(x.shapeRef()) + " has " + xs[1]
                    + " channels but weight "
                    + Shapes.format(ws) + " expects " + ws[0] + " (weight.size(0))");
        }
        bias(op, b, ws[1] * groups, w);
        int[] out = new int[2];
        for (int i = 0; i < 2; i++) {
            if (op2[i] >= Math.max(s[i], d[i])) {
                throw new IllegalArgumentException(op + ": outputPadding " + op2[i] + " must be smaller than the stride "
                        + s[i] + " or the dilation " + d[i] + " along spatial dim " + i);
            }
            out[i] = (xs[2 + i] - 1) * s[i] - 2 * p[i] + d[i] * (ws[2 + i] - 1) + op2[i] + 1;
            if (out[i] <= 0 || xs[2 + i] <= 0) {
                throw new IllegalArgumentException(op + ": output size " + out[i] + " along spatial dim " + i
                        + " is not positive for input " + Shapes.format(x.shapeRef()) + ", weight " + Shapes.format(ws)
                        + ", stride " + s[i] + ", padding " + p[i] + ", outputPadding " + op2[i] + ", dilation " + d[i]);
            }
        }
        return new ConvGeometry(out[0], out[1], ws[2], ws[3], s[0], s[1], p[0], p[1], d[0], d[1], xs[2], xs[3]);
    }

    private static void common(String op, int spatial, Tensor x, Tensor w, Tensor b, int groups) {
        int rank = spatial + 2;
        String layouts = spatial == 1 ? "rank-2 [C, L] or rank-3 [N, C, L]" : "rank-3 [C, H, W] or rank-4 [N, C, H, W]";
        if (x == null || w == null) {
            throw new IllegalArgumentException(op + ": input and weight must not be null (bias may be)");
        }
        if (x.dim() != rank && x.dim() != rank - 1) {
            throw new IllegalArgumentException(op + ": expected a " + layouts + " input, got shape "
                    + Shapes.format(x.shapeRef()));
        }
        if (w.dim() != rank) {
            throw new IllegalArgumentException(op + ": expected a rank-" + rank + " weight, got shape "
                    + Shapes.format(w.shapeRef()) + " for input " + Shapes.format(x.shapeRef()));
        }
        Elementwise.requireFloating(op, x);
        Elementwise.requireSameDtype(op, x, w);
        if (groups < 1) {
            throw new IllegalArgumentException(op + ": groups must be positive, got " + groups);
        }
        for (int i = 2; i < rank; i++) {
            if (w.shapeRef()[i] < 1) {
                throw new IllegalArgumentException(op + ": weight " + Shapes.format(w.shapeRef()) + " has an empty kernel");
            }
        }
    }

    private static void bias(String op, Tensor b, int channels, Tensor w) {
        if (b == null) {
            return;
        }
        Elementwise.requireSameDtype(op, w, b);
        if (b.dim() != 1 || b.shapeRef()[0] != channels) {
            throw new IllegalArgumentException(op + ": bias must have shape [" + channels + "] (one per output channel of weight "
                    + Shapes.format(w.shapeRef()) + "), got " + Shapes.format(b.shapeRef()));
        }
    }

    /** The input's shape with a batch of one in front when it is unbatched (rank {@code spatial + 1}). */
    private static int[] batched(Tensor x, int spatial) {
        int[] xs = x.shapeRef();
        if (xs.length == spatial + 2) {
            return xs;
        }
        int[] out = new int[xs.length + 1];
        out[0] = 1;
        System.arraycopy(xs, 0, out, 1, xs.length);
        return out;
    }

    /** Checks one per-spatial-dim parameter: the right length and every value ≥ {@code min}. */
    static int[] pair(String op, String name, int[] values, int spatial, int min) {
        if (values == null || values.length != spatial) {
            throw new IllegalArgumentException(op + ": " + name + " needs " + spatial + " value" + (spatial > 1 ? "s" : "")
                    + ", got " + (values == null ? "null" : java.util.Arrays.toString(values)));
        }
        for (int v : values) {
            if (v < min) {
                throw new IllegalArgumentException(op + ": " + name + " must be " + (min == 0 ? "non-negative" : "positive")
                        + ", got " + java.util.Arrays.toString(values));
            }
        }
        return values;
    }

    /** A 1-element parameter extended to (height, width) with the identity value for the height. */
    private static int[] widen(int[] values, int identity) {
        return values.length == 2 ? values : new int[] {identity, values[0]};
    }
}

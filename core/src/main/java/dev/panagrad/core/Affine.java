package dev.panagrad.core;

import dev.panagrad.core.kernels.GemmKernels;
import java.util.Arrays;

/**
 * The affine map of a fully connected layer, PyTorch's {@code torch.nn.functional.linear}:
 * {@code z = x·Wᵀ + b}. It equals {@code x.matmul(w.t()).add(b)} but reads W transposed in place (no
 * copy of the weight forward, none of its gradient backward) and starts the GEMM's accumulator at the
 * bias (no second pass over the output).
 */
final class Affine {
    private static final GemmKernels K = GemmKernels.INSTANCE;

    private Affine() {}

    /**
     * z[..., o] = b[o] + Σᵢ x[..., i]·w[o, i] for x [..., in], w [out, in], b [out] or null.
     * With the leading dims of x flattened to rows: ∂x = g·W, ∂W = gᵀ·x, ∂b = Σ_rows g.
     */
    static Tensor linear(Tensor x, Tensor w, Tensor b) {
        check(x, w, b);
        int[] xs = x.shapeRef();
        int in = xs[xs.length - 1];
        int out = w.shapeRef()[0];
        int rows = in == 0 ? Shapes.numel(Arrays.copyOf(xs, xs.length - 1)) : x.numel() / in;
        int[] zs = xs.clone();
        zs[zs.length - 1] = out;
        Tensor x2 = x.reshape(rows, in);
        Tensor z = forward(x2, w, b, rows, in, out);
        return z.reshape(zs);
    }

    /** The 2-D op: z [rows, out] from x [rows, in]; recorded with its gradient rule. */
    private static Tensor forward(Tensor x, Tensor w, Tensor b, int rows, int in, int out) {
        Tensor z = Tensor.empty(x.dtype(), new int[] {rows, out});
        boolean bias = b != null && rows > 0 && out > 0;
        if (bias) {
            Object bArray = b.array();
            Object zArray = z.array();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(bArray, 0, zArray, r * out, out); // every row starts at b
            }
        }
        if (rows > 0 && out > 0) {
            if (x.dtype() == DType.FLOAT32) {
                K.gemm(false, true, rows, out, in, x.f32(), 0, in, w.f32(), 0, in, z.f32(), 0, out, bias);
            } else {
                K.gemm(false, true, rows, out, in, x.f64(), 0, in, w.f64(), 0, in, z.f64(), 0, out, bias);
            }
        }
        BackwardRule rule = (g, grads) -> {
            if (grads.needs(x)) grads.add(x, LinearAlgebra.matmul(g, w, false, false));   // g·W
            if (grads instanceof Tape.Sink sink) {
                sink.addProduct(w, g, true, x, false);                                     // gᵀ·x, into the running sum
            } else if (grads.needs(w)) {
                grads.add(w, LinearAlgebra.matmul(g, x, true, false));                     // gᵀ·x
            }
            if (b != null && grads.needs(b)) grads.add(b, g.sum(new int[] {0}, false));  // Σ_rows g
        };
        return b == null ? Recorder.record("linear", z, rule, x, w) : Recorder.record("linear", z, rule, x, w, b);
    }

    private static void check(Tensor x, Tensor w, Tensor b) {
        Elementwise.requireFloating("linear", x);
        Elementwise.requireFloating("linear", w);
        Elementwise.requireSameDtype("linear", x, w);
        int[] ws = w.shapeRef();
        if (ws.length != 2) {
            throw new IllegalArgumentException("linear: weight must be [out_features, in_features], got " + Shapes.format(ws));
        }
        int[] xs = x.shapeRef();
        if (xs.length == 0 || xs[xs.length - 1] != ws[1]) {
            throw new IllegalArgumentException("linear: expected input [..., " + ws[1] + "] for weight " + Shapes.format(ws)
                    + ", got " + Shapes.format(xs));
        }
        if (b != null) {
            Elementwise.requireSameDtype("linear", x, b);
            if (b.dim() != 1 || b.shapeRef()[0] != ws[0]) {
                throw new IllegalArgumentException("linear: bias must be [" + ws[0] + "] for weight " + Shapes.format(ws)
                        + ", got " + Shapes.format(b.shapeRef()));
            }
        }
    }
}

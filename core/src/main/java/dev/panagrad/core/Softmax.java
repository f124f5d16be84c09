package dev.panagrad.core;

import dev.panagrad.core.kernels.ReductionKernels;

/**
 * Softmax and log-softmax along one dim, computed stably by the reduction kernels: the slice's
 * maximum m is subtracted before exponentiating, so every finite input (|x| up to the float range)
 * gives finite results, and −∞ entries (masked positions) get probability 0 (log-probability −∞).
 * A slice made only of −∞ has no defined distribution: both ops return NaN for it, as PyTorch does;
 * so does a slice holding NaN or +∞.
 */
final class Softmax {
    private static final ReductionKernels K = ReductionKernels.INSTANCE;

    private Softmax() {}

    /** z = exp(x − m) / Σ_dim exp(x − m).  ∂x = z ⊙ (g − Σ_dim(g ⊙ z)). */
    static Tensor softmax(Tensor x, int dim) {
        int d = validate("softmax", x, dim);
        Tensor z = compute(false, x, d);
        return Recorder.record("softmax", z, (g, grads) ->
                grads.add(x, g.sub(g.mul(z).sum(d, true)).mul(z)), x);
    }

    /** z = x − m − ln Σ_dim exp(x − m).  ∂x = g − exp(z) ⊙ Σ_dim g. */
    static Tensor logSoftmax(Tensor x, int dim) {
        int d = validate("logSoftmax", x, dim);
        Tensor z = compute(true, x, d);
        return Recorder.record("logSoftmax", z, (g, grads) ->
                grads.add(x, g.sub(z.exp().mul(g.sum(d, true)))), x);
    }

    /** Checks the dtype and resolves a possibly negative dim (a rank-0 tensor accepts 0 and −1). */
    private static int validate(String op, Tensor x, int dim) {
        Elementwise.requireFloating(op, x);
        return Shapes.dim(op, dim, x.dim());
    }

    /** One kernel call over the {@code [outer, r, inner]} view of x around {@code dim}. */
    private static Tensor compute(boolean log, Tensor x, int dim) {
        int[] shape = x.shapeRef();
        int outer = 1;
        int inner = 1;
        for (int i = 0; i < shape.length; i++) {
            if (i < dim) {
                outer *= shape[i];
            } else if (i > dim) {
                inner *= shape[i];
            }
        }
        int r = shape.length == 0 ? 1 : shape[dim];
        Tensor z = Tensor.empty(x.dtype(), shape.clone());
        if (x.numel() == 0) {
            return z;
        }
        if (x.dtype() == DType.FLOAT32) {
            K.softmax(log, x.f32(), 0, outer, r, inner, z.f32(), 0);
        } else {
            K.softmax(log, x.f64(), 0, outer, r, inner, z.f64(), 0);
        }
        return z;
    }
}

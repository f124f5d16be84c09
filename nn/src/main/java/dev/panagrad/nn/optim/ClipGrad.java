package dev.panagrad.nn.optim;

import dev.panagrad.core.Gradients;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Tensor;

/**
 * Gradient clipping, as PyTorch's {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}.
 * Gradients are immutable, so each method returns clipped copies (through {@link Gradients#map}) instead
 * of changing them in place; the work runs in a no-grad scope, as in PyTorch.
 *
 * {@snippet :
 * Gradients g = tape.gradient(loss, model.parameters());
 * ClipGrad.ClippedGradients clipped = ClipGrad.clipGradNorm(g, 1.0);
 * optimizer.step(clipped.gradients());
 * }
 */
public final class ClipGrad {
    /** Gradients after clipping by norm, and their total norm before clipping. */
    public record ClippedGradients(Gradients gradients, double totalNorm) {}

    private ClipGrad() {}

    /** {@link #clipGradNorm(Gradients, double, double, boolean)} with the 2-norm and no error on non-finite norms. */
    public static ClippedGradients clipGradNorm(Gradients grads, double maxNorm) {
        return clipGradNorm(grads, maxNorm, 2.0, false);
    }

    /** {@link #clipGradNorm(Gradients, double, double, boolean)} with no error on non-finite norms. */
    public static ClippedGradients clipGradNorm(Gradients grads, double maxNorm, double normType) {
        return clipGradNorm(grads, maxNorm, normType, false);
    }

    /**
     * Scales all gradients by {@code min(1, maxNorm / (total + 1e-6))}, where {@code total} is the
     * {@code normType}-norm of all gradients taken together ({@link #totalNorm}). As PyTorch, the
     * gradients are multiplied even when the factor is 1, and a NaN or infinite norm scales them by NaN
     * or 0 unless {@code errorIfNonfinite}.
     *
     * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN (PyTorch does not check), or if
     *     {@code errorIfNonfinite} and the total norm is NaN or infinite
     */
    public static ClippedGradients clipGradNorm(Gradients grads, double maxNorm, double normType, boolean errorIfNonfinite) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clipGradNorm: max_norm must be non-negative, got " + Hyper.format(maxNorm));
        }
        double total = totalNorm(grads, normType);
        if (grads.size() == 0) {
            return new ClippedGradients(grads, total);
        }
        if (errorIfNonfinite && !Double.isFinite(total)) {
            throw new IllegalArgumentException("clipGradNorm: The total norm of order " + Hyper.format(normType)
                    + " for gradients from `parameters` is non-finite, so it cannot be clipped. To disable this error "
                    + "and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`");
        }
        double coefficient = Math.min(maxNorm / (total + 1e-6), 1.0);   // NaN stays NaN, as torch.clamp
        try (NoGrad _ = NoGrad.enter()) {
            return new ClippedGradients(grads.map(g -> g.mul(coefficient)), total);
        }
    }

    /**
     * The {@code normType}-norm of all gradients viewed as one vector, computed as PyTorch does: the
     * norm of each gradient (in its dtype), then the norm of those norms (here in double).
     * {@code normType} may be any p (also {@code ±Infinity}: the largest or smallest |g|, and 0: the
     * count of non-zeros). An empty container has norm 0.
     *
     * @throws IllegalArgumentException if {@code normType} is NaN
     */
    public static double totalNorm(Gradients grads, double normType) {
        if (Double.isNaN(normType)) {
            throw new IllegalArgumentException("clipGradNorm: norm_type must be a number, got NaN");
        }
        if (grads.size() == 0) {
            return 0.0;
        }
        double[] norms = new double[grads.size()];
        try (NoGrad _ = NoGrad.enter()) {
            int i = 0;
            for (Tensor g : grads.list()) {
                norms[i++] = vectorNorm(g, normType);
            }
        }
        return vectorNorm(norms, normType);
    }

    /**
     * Returns the gradients clamped element-wise to {@code [-clipValue, clipValue]}.
     *
     * @throws IllegalArgumentException if {@code clipValue} is negative or NaN (PyTorch does not check)
     */
    public static Gradients clipGradValue(Gradients grads, double clipValue) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipGradValue: clip_value must be non-negative, got " + Hyper.format(clipValue));
        }
        try (NoGrad _ = NoGrad.enter()) {
            return grads.map(g -> g.clamp(-clipValue, clipValue));
        }
    }

    /** {@code torch.linalg.vector_norm(g, p)} of one tensor. */
    private static double vectorNorm(Tensor g, double p) {
        if (g.numel() == 0) {
            return p == Double.NEGATIVE_INFINITY ? Double.POSITIVE_INFINITY : 0.0;
        }
        if (p == 1 || p == 2 || p == Double.POSITIVE_INFINITY) {
            return g.norm(p).item();
        }
        if (p == Double.NEGATIVE_INFINITY) {
            return g.abs().min().item();
        }
        if (p == 0) {
            return g.ne(0.0).sum().item();
        }
        return Math.pow(g.abs().pow(p).sum().item(), 1 / p);               // (Σ|g|ᵖ)^(1/p)
    }

    /** The same norm of a vector of doubles. */
    private static double vectorNorm(double[] x, double p) {
        double acc = p == Double.NEGATIVE_INFINITY ? Double.POSITIVE_INFINITY : 0.0;
        for (double v : x) {
            double a = Math.abs(v);
            if (p == Double.POSITIVE_INFINITY) {
                acc = Double.isNaN(a) || a > acc ? a : acc;
            } else if (p == Double.NEGATIVE_INFINITY) {
                acc = Double.isNaN(a) || a < acc ? a : acc;
            } else if (p == 0) {
                acc += v != 0 ? 1 : 0;
            } else {
                acc += Math.pow(a, p);
            }
        }
        return p == 0 || Double.isInfinite(p) ? acc : Math.pow(acc, 1 / p);
    }
}

package dev.panagrad.nn.loss;

import dev.panagrad.core.Tensor;

/**
 * Functional losses with PyTorch's {@code torch.nn.functional} semantics (names in camelCase), built
 * only from core's differentiable Tensor ops: gradients of any order flow through them, also into
 * floating targets and weights. Every loss defaults to {@link Reduction#MEAN} and returns a tensor of
 * the input's dtype: a scalar, or the per-element (per-sample) losses for {@link Reduction#NONE}.
 *
 * {@snippet :
 * Tensor loss = Losses.crossEntropy(logits, labels);     // logits [N, C], labels INT32 [N]
 * Tensor smoothed = Losses.crossEntropy(logits, labels, CrossEntropyOptions.defaults().labelSmoothing(0.1));
 * Tensor bce = Losses.binaryCrossEntropyWithLogits(scores, targets);
 * }
 *
 * <p>Where Panagrad differs from PyTorch: a target must have exactly the input's shape and dtype
 * (PyTorch broadcasts some losses with a warning; we refuse, since the result is nearly always a bug),
 * and class-index targets are INT32 rather than int64. Bad arguments throw an
 * {@link IllegalArgumentException} naming the loss and the offending shapes or values.
 */
public final class Losses {
    private Losses() {}

    // ------------------------------------------------------------------ classification

    /** Cross-entropy with PyTorch's defaults (mean over the batch, no weights, no smoothing). */
    public static Tensor crossEntropy(Tensor input, Tensor target) {
        return crossEntropy(input, target, CrossEntropyOptions.defaults());
    }

    /** Cross-entropy with defaults except the reduction. */
    public static Tensor crossEntropy(Tensor input, Tensor target, Reduction reduction) {
        return crossEntropy(input, target, CrossEntropyOptions.defaults().reduction(reduction));
    }

    /**
     * Cross-entropy between unnormalized scores and targets (PyTorch's {@code cross_entropy}), computed
     * from a stable {@code logSoftmax} over the class dim: finite for scores up to |1e4| in float32.
     *
     * <p>{@code input} is {@code [N, C]}, {@code [N, C, d1, …]} (class dim 1) or unbatched {@code [C]}.
     * {@code target} is either
     * <ul>
     *   <li>INT32 class indices of the input's shape without the class dim ({@code [N]}, {@code [N, d1, …]}
     *       or a scalar): {@code ℓₙ = (1 − ε)·(−w[yₙ]·logp[n, yₙ]) + ε/C·(−Σ_c w[c]·logp[n, c])}, 0 where
     *       {@code yₙ = ignoreIndex}; MEAN divides the sum by {@code Σ w[yₙ]} over the targets not ignored
     *       (their count without weights), so a batch whose targets are all ignored gives NaN, as PyTorch.
     *       An index outside [0, C) that is not {@code ignoreIndex} is an error; or</li>
     *   <li>floating class probabilities of the input's shape and dtype:
     *       {@code ℓₙ = −Σ_c w[c]·t'[n, c]·logp[n, c]} with {@code t' = (1 − ε)·t + ε/C}; MEAN divides by
     *       the number of samples {@code numel/C}; {@code ignoreIndex} does not apply. Differentiable in
     *       the target.</li>
     * </ul>
     *
     * @param input   scores (logits), FLOAT32 or FLOAT64
     * @param target  INT32 class indices or floating probabilities, as above
     * @param options weight {@code [C]}, ignoreIndex, labelSmoothing ε and reduction
     */
    public static Tensor crossEntropy(Tensor input, Tensor target, CrossEntropyOptions options) {
        return ClassificationLosses.crossEntropy(input, target, options);
    }

    /** Negative log-likelihood with PyTorch's defaults (no weights, ignoreIndex −100, MEAN). */
    public static Tensor nllLoss(Tensor input, Tensor target) {
        return nllLoss(input, target, null, CrossEntropyOptions.DEFAULT_IGNORE_INDEX, Reduction.MEAN);
    }

    /**
     * Negative log-likelihood of INT32 class indices under log-probabilities (PyTorch's {@code nll_loss}):
     * {@code ℓₙ = −w[yₙ]·input[n, yₙ]}, 0 where {@code yₙ = ignoreIndex}; MEAN divides the sum by
     * {@code Σ w[yₙ]} over the targets not ignored (NaN when all are ignored). Shapes as
     * {@link #crossEntropy(Tensor, Tensor, CrossEntropyOptions)} with class-index targets.
     *
     * @param input       log-probabilities {@code [N, C]}, {@code [N, C, d1, …]} or {@code [C]}
     * @param target      INT32 class indices in [0, C) or equal to {@code ignoreIndex}
     * @param weight      per-class weights {@code [C]}, or null for all ones
     * @param ignoreIndex target value that contributes nothing (PyTorch's default −100)
     * @param reduction   NONE, MEAN or SUM
     */
    public static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
        return ClassificationLosses.nllLoss(input, target, weight, ignoreIndex, reduction);
    }

    // ------------------------------------------------------------------ binary

    /** Binary cross-entropy on probabilities, unweighted, MEAN. */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target) {
        return binaryCrossEntropy(input, target, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy between probabilities and floating targets (PyTorch's
     * {@code binary_cross_entropy}): {@code ℓ = −w·(y·max(ln x, −100) + (1 − y)·max(ln(1 − x), −100))}.
     * As PyTorch, each log is clamped at −100 so that x = 0 or 1 gives a finite loss, and an input outside
     * [0, 1] is an error. The gradient is the exact derivative of this clamped formula (0 for a clamped
     * term); PyTorch's hand-written backward instead caps {@code 1/(x(1 − x))} at 1e12, so the two
     * differ only for x within about 1e-12 of 0 or 1. Differentiable in the target.
     *
     * @param input     probabilities in [0, 1], FLOAT32 or FLOAT64
     * @param target    floating targets of the input's shape and dtype (INT32 labels must be converted)
     * @param weight    element weights broadcasting to the input's shape, or null
     * @param reduction NONE, MEAN or SUM
     */
    public static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        return BinaryLosses.binaryCrossEntropy(input, target, weight, reduction);
    }

    /** Binary cross-entropy on logits, unweighted, MEAN. */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target) {
        return binaryCrossEntropyWithLogits(input, target, null, null, Reduction.MEAN);
    }

    /**
     * Binary cross-entropy on logits (PyTorch's {@code binary_cross_entropy_with_logits}), the stable
     * form {@code ℓ = w·((1 − y)·x + (1 + (pw − 1)·y)·(log1p(e^−|x|) + max(−x, 0)))}: finite and exact
     * for logits up to |1e4| in float32 and float64, with the smooth gradient
     * {@code ∂x = w·((1 + (pw − 1)·y)·σ(x) − pw·y)}, which is {@code w·(σ(x) − y)} without pos weight.
     * Differentiable in the target.
     *
     * @param input     logits, FLOAT32 or FLOAT64
     * @param target    floating targets of the input's shape and dtype
     * @param weight    element weights broadcasting to the input's shape, or null
     * @param posWeight weights of the positive term broadcasting to the input's shape (typically
     *                  {@code [C]} along the last dim), or null
     * @param reduction NONE, MEAN or SUM
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
            Reduction reduction) {
        return BinaryLosses.binaryCrossEntropyWithLogits(input, target, weight, posWeight, reduction);
    }

    // ------------------------------------------------------------------ regression

    /** Mean squared error, MEAN. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        return mseLoss(input, target, Reduction.MEAN);
    }

    /**
     * Squared error {@code (x − y)²} (PyTorch's {@code mse_loss}); differentiable in both arguments.
     *
     * @param input     predictions, FLOAT32 or FLOAT64
     * @param target    targets of the input's shape and dtype
     * @param reduction NONE, MEAN or SUM
     */
    public static Tensor mseLoss(Tensor input, Tensor target, Reduction reduction) {
        return PointwiseLosses.mseLoss(input, target, reduction);
    }

    /** Mean absolute error, MEAN. */
    public static Tensor l1Loss(Tensor input, Tensor target) {
        return l1Loss(input, target, Reduction.MEAN);
    }

    /**
     * Absolute error {@code |x − y|} (PyTorch's {@code l1_loss}); the gradient at x = y is 0, as PyTorch.
     *
     * @param input     predictions, FLOAT32 or FLOAT64
     * @param target    targets of the input's shape and dtype
     * @param reduction NONE, MEAN or SUM
     */
    public static Tensor l1Loss(Tensor input, Tensor target, Reduction reduction) {
        return PointwiseLosses.l1Loss(input, target, reduction);
    }

    /** Huber loss with delta 1, MEAN. */
    public static Tensor huberLoss(Tensor input, Tensor target) {
        return huberLoss(input, target, 1, Reduction.MEAN);
    }

    /**
     * Huber loss (PyTorch's {@code huber_loss}): with {@code d = x − y}, {@code ½d²} where |d| &lt; δ,
     * else {@code δ·(|d| − ½δ)}.
     *
     * @param input     predictions, FLOAT32 or FLOAT64
     * @param target    targets of the input's shape and dtype
     * @param delta     δ &gt; 0, where the loss turns from quadratic to linear
     * @param reduction NONE, MEAN or SUM
     */
    public static Tensor huberLoss(Tensor input, Tensor target, double delta, Reduction reduction) {
        return PointwiseLosses.huberLoss(input, target, delta, reduction);
    }

    /** Smooth L1 loss with beta 1, MEAN. */
    public static Tensor smoothL1Loss(Tensor input, Tensor target) {
        return smoothL1Loss(input, target, 1, Reduction.MEAN);
    }

    /**
     * Smooth L1 loss (PyTorch's {@code smooth_l1_loss}): with {@code d = x − y}, {@code ½d²/β} where
     * |d| &lt; β, else {@code |d| − ½β}; β = 0 is exactly {@link #l1Loss}. Equals huberLoss/δ for β = δ.
     *
     * @param input     predictions, FLOAT32 or FLOAT64
     * @param target    targets of the input's shape and dtype
     * @param beta      β ≥ 0
     * @param reduction NONE, MEAN or SUM
     */
    public static Tensor smoothL1Loss(Tensor input, Tensor target, double beta, Reduction reduction) {
        return PointwiseLosses.smoothL1Loss(input, target, beta, reduction);
    }

    // ------------------------------------------------------------------ divergence

    /** KL divergence with PyTorch's defaults: MEAN over all elements, probability (not log) targets. */
    public static Tensor klDiv(Tensor input, Tensor target) {
        return klDiv(input, target, Reduction.MEAN, false);
    }

    /**
     * The Kullback–Leibler divergence loss (PyTorch's {@code kl_div}) of log-probabilities {@code x}
     * against a target {@code t}: element-wise {@code t·(ln t − x)}, which is 0 where t = 0 (PyTorch's
     * {@code xlogy}), or {@code e^t·(t − x)} when {@code logTarget} says t holds log-probabilities.
     * MEAN averages over all elements (PyTorch warns that this is not the mathematical KL divergence; we
     * follow it without the warning); BATCHMEAN, the divergence per sample, divides the sum by
     * {@code input.size(0)} (the plain sum for a scalar input). Differentiable in the target.
     *
     * @param input     log-probabilities, FLOAT32 or FLOAT64
     * @param target    probabilities (or log-probabilities) of the input's shape and dtype
     * @param reduction NONE, MEAN, SUM or BATCHMEAN
     * @param logTarget whether {@code target} holds log-probabilities
     */
    public static Tensor klDiv(Tensor input, Tensor target, Reduction reduction, boolean logTarget) {
        return KlDivergence.klDiv(input, target, reduction, logTarget);
    }
}

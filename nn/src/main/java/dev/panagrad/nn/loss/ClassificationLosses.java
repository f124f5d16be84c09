package dev.panagrad.nn.loss;

import static dev.panagrad.nn.loss.LossChecks.format;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import java.util.Arrays;

/**
 * Cross-entropy and negative log-likelihood over a class dimension, as PyTorch's
 * {@code cross_entropy} and {@code nll_loss} (aten's {@code LossNLL.cpp}): the class dim is 1 for
 * {@code [N, C, d1, …]} inputs and 0 for an unbatched {@code [C]} input.
 */
final class ClassificationLosses {
    private ClassificationLosses() {}

    /** See {@link Losses#crossEntropy(Tensor, Tensor, CrossEntropyOptions)}. */
    static Tensor crossEntropy(Tensor input, Tensor target, CrossEntropyOptions options) {
        String loss = "crossEntropy";
        LossChecks.requirePresent(loss, "options", options);
        int classDim = classDim(loss, input);
        requireClassWeight(loss, options.weight(), input, classDim);
        LossChecks.requirePresent(loss, "target", target);
        Tensor logp = input.logSoftmax(classDim);
        if (target.dtype() == DType.INT32) {
            requireClassIndices(loss, input, target, classDim, options.ignoreIndex());
            return weightedNll(loss, logp, target, classDim, options.weight(), options.ignoreIndex(), options.reduction(),
                    options.labelSmoothing());
        }
        return probabilityTargets(logp, target, classDim, options);
    }

    /** See {@link Losses#nllLoss(Tensor, Tensor, Tensor, int, Reduction)}. */
    static Tensor nllLoss(Tensor input, Tensor target, Tensor weight, int ignoreIndex, Reduction reduction) {
        String loss = "nllLoss";
        LossChecks.requireReduction(loss, reduction).requireElementwise(loss);
        int classDim = classDim(loss, input);
        requireClassWeight(loss, weight, input, classDim);
        requireClassIndices(loss, input, target, classDim, ignoreIndex);
        return weightedNll(loss, input, target, classDim, weight, ignoreIndex, reduction, 0);
    }

    /**
     * PyTorch's label-smoothed NLL on log-probabilities with checked class indices:
     * {@code ℓₙ = (1 − ε)·(−w[yₙ]·logp[n, yₙ]) + ε/C·(−Σ_c w[c]·logp[n, c])}, 0 where yₙ = ignoreIndex;
     * MEAN divides the sum by {@code Σ w[yₙ]} over the targets that are not ignored (their count without
     * weights), so an all-ignored batch gives NaN, as PyTorch.
     */
    private static Tensor weightedNll(String loss, Tensor logp, Tensor target, int classDim, Tensor weight, int ignoreIndex,
            Reduction reduction, double smoothing) {
        Tensor ignored = target.eq(ignoreIndex);
        Tensor safeTarget = Tensor.where(ignored, 0, target);          // ignored entries read class 0, then are masked
        Tensor picked = logp.gather(classDim, safeTarget.unsqueeze(classDim)).squeeze(classDim);   // logp[n, yₙ]
        Tensor kept = target.ne(ignoreIndex).to(logp.dtype());
        Tensor targetWeight = weight == null
                ? kept
                : weight.indexSelect(0, safeTarget.flatten()).reshape(target.shape()).mul(kept);  // w[yₙ]·[yₙ ≠ ignore]
        Tensor losses = Tensor.where(ignored, 0, (weight == null ? picked : picked.mul(targetWeight)).neg());
        if (smoothing > 0) {
            Tensor weighted = weight == null ? logp : logp.mul(alongClassDim(weight, logp.dim(), classDim));
            Tensor smooth = Tensor.where(ignored, 0, weighted.sum(classDim, false).neg());   // −Σ_c w[c]·logp[n, c]
            losses = losses.mul(1 - smoothing).add(smooth.mul(smoothing / logp.size(classDim)));
        }
        return reduction == Reduction.MEAN ? losses.sum().div(targetWeight.sum()) : reduction.reduce(loss, losses);
    }

    /**
     * Probability targets: {@code ℓₙ = −Σ_c w[c]·t'[n, c]·logp[n, c]} with {@code t' = (1 − ε)·t + ε/C};
     * MEAN divides the sum by the number of samples {@code numel/C} (not by the weights), as PyTorch.
     */
    private static Tensor probabilityTargets(Tensor logp, Tensor target, int classDim, CrossEntropyOptions options) {
        String loss = "crossEntropy";
        LossChecks.requireFloating(loss, "target", target);
        if (!Arrays.equals(target.shape(), logp.shape())) {
            throw new IllegalArgumentException(loss + ": probability targets must have the input's shape "
                    + format(logp.shape()) + ", got " + format(target.shape())
                    + "; class-index targets must be INT32 of shape " + format(withoutDim(logp.shape(), classDim)));
        }
        LossChecks.requireSameDtype(loss, "target", logp, target);
        int classes = logp.size(classDim);
        double epsilon = options.labelSmoothing();
        Tensor smoothed = epsilon > 0 ? target.mul(1 - epsilon).add(epsilon / classes) : target;
        Tensor products = logp.mul(smoothed);                          // t'[n, c]·logp[n, c]
        if (options.weight() != null) {
            products = products.mul(alongClassDim(options.weight(), logp.dim(), classDim));
        }
        Tensor losses = products.sum(classDim, false).neg();
        return options.reduction().reduce(loss, losses);   // MEAN: over the numel/C samples
    }

    /** 1 for {@code [N, C, …]}, 0 for unbatched {@code [C]}; a floating input of rank ≥ 1. */
    private static int classDim(String loss, Tensor input) {
        LossChecks.requireFloating(loss, "input", input);
        if (input.dim() == 0) {
            throw new IllegalArgumentException(loss + ": expected input [N, C], [N, C, d1, ...] or unbatched [C], got a scalar []");
        }
        return input.dim() == 1 ? 0 : 1;
    }

    /** An optional per-class weight: exactly {@code [C]}, of the input's dtype. */
    private static void requireClassWeight(String loss, Tensor weight, Tensor input, int classDim) {
        if (weight == null) {
            return;
        }
        LossChecks.requireFloating(loss, "weight", weight);
        int classes = input.size(classDim);
        if (weight.dim() != 1 || weight.size(0) != classes) {
            throw new IllegalArgumentException(loss + ": weight must have shape [C] = [" + classes + "] for input "
                    + format(input.shape()) + ", got " + format(weight.shape()));
        }
        LossChecks.requireSameDtype(loss, "weight", input, weight);
    }

    /** INT32 targets of the input's shape without the class dim, each in [0, C) or equal to ignoreIndex. */
    private static void requireClassIndices(String loss, Tensor input, Tensor target, int classDim, int ignoreIndex) {
        LossChecks.requirePresent(loss, "target", target);
        int[] expected = withoutDim(input.shape(), classDim);
        if (target.dtype() != DType.INT32) {
            throw new IllegalArgumentException(loss + ": class-index targets must be INT32 of shape " + format(expected)
                    + " for input " + format(input.shape()) + ", got " + target.dtype() + " " + format(target.shape())
                    + (loss.equals("nllLoss") ? "" : " (floating targets are class probabilities of the input's shape)"));
        }
        if (!Arrays.equals(target.shape(), expected)) {
            throw new IllegalArgumentException(loss + ": expected target of shape " + format(expected) + " for input "
                    + format(input.shape()) + ", got " + format(target.shape()));
        }
        int classes = input.size(classDim);
        for (int y : target.toIntArray()) {
            if (y != ignoreIndex && (y < 0 || y >= classes)) {
                throw new IllegalArgumentException(loss + ": target " + y + " is out of bounds for " + classes
                        + " classes (valid: 0.." + (classes - 1) + ", or ignoreIndex " + ignoreIndex + ") with input "
                        + format(input.shape()));
            }
        }
    }

    /** A {@code [C]} weight reshaped to broadcast along the class dim of a rank-{@code rank} tensor. */
    private static Tensor alongClassDim(Tensor weight, int rank, int classDim) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[classDim] = weight.size(0);
        return weight.reshape(shape);
    }

    private static int[] withoutDim(int[] shape, int dim) {
        int[] out = new int[shape.length - 1];
        for (int k = 0, j = 0; k < shape.length; k++) {
            if (k != dim) {
                out[j++] = shape[k];
            }
        }
        return out;
    }
}

package dev.panagrad.nn.loss;

import static dev.panagrad.nn.loss.LossChecks.format;

import dev.panagrad.core.Tensor;

/**
 * Binary cross-entropy on probabilities and on logits, as PyTorch's {@code binary_cross_entropy} and
 * {@code binary_cross_entropy_with_logits}.
 */
final class BinaryLosses {
    /** PyTorch clamps each log term of binary cross-entropy at −100 so that a probability of 0 or 1 stays finite. */
    static final double LOG_CLAMP = -100;

    private BinaryLosses() {}

    /** See {@link Losses#binaryCrossEntropy(Tensor, Tensor, Tensor, Reduction)}. */
    static Tensor binaryCrossEntropy(Tensor input, Tensor target, Tensor weight, Reduction reduction) {
        String loss = "binaryCrossEntropy";
        LossChecks.requireReduction(loss, reduction).requireElementwise(loss);
        LossChecks.requireMatchingTarget(loss, input, target);
        LossChecks.requireBroadcastableWeight(loss, "weight", weight, input);
        for (double p : input.toDoubleArray()) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException(loss + ": all elements of input should be between 0 and 1 (probabilities),"
                        + " got " + p + " in input " + format(input.shape()) + "; for logits use binaryCrossEntropyWithLogits");
            }
        }
        // ℓ = −w·(y·max(ln x, −100) + (1 − y)·max(ln(1 − x), −100))
        Tensor losses = target.mul(clampedLog(input)).add(target.neg().add(1).mul(clampedLog(input.neg().add(1)))).neg();
        return reduction.reduce(loss, weight == null ? losses : losses.mul(weight));
    }

    /** See {@link Losses#binaryCrossEntropyWithLogits(Tensor, Tensor, Tensor, Tensor, Reduction)}. */
    static Tensor binaryCrossEntropyWithLogits(Tensor input, Tensor target, Tensor weight, Tensor posWeight,
            Reduction reduction) {
        String loss = "binaryCrossEntropyWithLogits";
        LossChecks.requireReduction(loss, reduction).requireElementwise(loss);
        LossChecks.requireMatchingTarget(loss, input, target);
        LossChecks.requireBroadcastableWeight(loss, "weight", weight, input);
        LossChecks.requireBroadcastableWeight(loss, "posWeight", posWeight, input);
        // softplus(−x) = −log σ(x) = log1p(e^−|x|) + max(−x, 0), computed stably by core (no threshold),
        // with the smooth gradient −σ(−x) everywhere, also at x = 0
        Tensor negLogSigmoid = input.neg().softplus(1, Double.POSITIVE_INFINITY);
        Tensor logWeight = posWeight == null ? null : posWeight.sub(1).mul(target).add(1);   // 1 + (pw − 1)·y
        // ℓ = w·((1 − y)·x + (1 + (pw − 1)·y)·softplus(−x))
        Tensor losses = target.neg().add(1).mul(input).add(logWeight == null ? negLogSigmoid : logWeight.mul(negLogSigmoid));
        return reduction.reduce(loss, weight == null ? losses : losses.mul(weight));
    }

    /**
     * {@code max(ln p, −100)} for p in [0, 1], with a finite gradient everywhere: where p = 0 the log is
     * taken of 1 instead and then replaced by −100, so no 0·∞ reaches the gradient (the double-where trick).
     */
    private static Tensor clampedLog(Tensor p) {
        Tensor positive = p.gt(0);
        Tensor safe = Tensor.where(positive, p, 1);
        return Tensor.where(positive, safe.log().clampMin(LOG_CLAMP), LOG_CLAMP);
    }
}

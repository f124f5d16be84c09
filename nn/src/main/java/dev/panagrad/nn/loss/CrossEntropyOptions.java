package dev.panagrad.nn.loss;

import dev.panagrad.core.Tensor;

/**
 * The optional arguments of {@link Losses#crossEntropy(Tensor, Tensor, CrossEntropyOptions)}, with
 * PyTorch's defaults: no class weights, {@code ignoreIndex} −100, no label smoothing, MEAN.
 * Immutable; each setter-like method returns a copy.
 *
 * {@snippet :
 * CrossEntropyOptions options = CrossEntropyOptions.defaults().labelSmoothing(0.1).ignoreIndex(0);
 * Tensor loss = Losses.crossEntropy(logits, labels, options);
 * }
 *
 * @param weight         per-class weights {@code [C]} of the input's dtype, or null for all ones
 * @param ignoreIndex    a class-index target equal to this contributes 0 and is left out of the mean
 *                       (class-index targets only; probability targets ignore it, as PyTorch)
 * @param labelSmoothing ε in [0, 1]: the target becomes (1 − ε)·target + ε/C
 * @param reduction      NONE, MEAN or SUM
 */
public record CrossEntropyOptions(Tensor weight, int ignoreIndex, double labelSmoothing, Reduction reduction) {
    /** PyTorch's default {@code ignore_index}. */
    public static final int DEFAULT_IGNORE_INDEX = -100;

    /** Validates ε ∈ [0, 1] and a reduction other than BATCHMEAN. */
    public CrossEntropyOptions {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("crossEntropy: labelSmoothing must be between 0.0 and 1.0, got " + labelSmoothing);
        }
        LossChecks.requireReduction("crossEntropy", reduction).requireElementwise("crossEntropy");
    }

    /** No weights, ignoreIndex −100, labelSmoothing 0, MEAN. */
    public static CrossEntropyOptions defaults() {
        return new CrossEntropyOptions(null, DEFAULT_IGNORE_INDEX, 0, Reduction.MEAN);
    }

    /** These options with per-class weights {@code [C]} (null for none). */
    public CrossEntropyOptions weight(Tensor classWeights) {
        return new CrossEntropyOptions(classWeights, ignoreIndex, labelSmoothing, reduction);
    }

    /** These options with another ignored target value. */
    public CrossEntropyOptions ignoreIndex(int index) {
        return new CrossEntropyOptions(weight, index, labelSmoothing, reduction);
    }

    /** These options with label smoothing ε in [0, 1]. */
    public CrossEntropyOptions labelSmoothing(double epsilon) {
        return new CrossEntropyOptions(weight, ignoreIndex, epsilon, reduction);
    }

    /** These options with another reduction (NONE, MEAN or SUM). */
    public CrossEntropyOptions reduction(Reduction newReduction) {
        return new CrossEntropyOptions(weight, ignoreIndex, labelSmoothing, newReduction);
    }
}

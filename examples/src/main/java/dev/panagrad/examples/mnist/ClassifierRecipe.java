package dev.panagrad.examples.mnist;

/**
 * How an MNIST classifier is trained beyond its hyperparameters: the regularization and schedule a
 * careful practitioner adds to a plain Adam run.
 *
 * @param weightDecay weight decay passed to the optimizer (decoupled for AdamW)
 * @param labelSmoothing cross-entropy label smoothing, as {@code CrossEntropyLoss(label_smoothing=...)}
 * @param maxShift random-shift augmentation in pixels (0 for none)
 * @param clipNorm gradients are clipped to this global L2 norm (0 for no clipping)
 * @param pctStart fraction of the one-cycle schedule spent warming up to the peak learning rate
 */
public record ClassifierRecipe(double weightDecay, double labelSmoothing, int maxShift, double clipNorm, double pctStart) {}

package dev.panagrad.core;

/** Receives the input gradients a {@link BackwardRule} computes during a reverse pass. */
public interface GradientSink {
    /** Whether the reverse pass needs the gradient of {@code input}; a rule skips work when it does not. */
    boolean needs(Tensor input);

    /**
     * Adds {@code gradient} to the gradient of {@code input} (contributions of an input used several
     * times are summed). The gradient must have the input's shape and dtype.
     */
    void add(Tensor input, Tensor gradient);
}

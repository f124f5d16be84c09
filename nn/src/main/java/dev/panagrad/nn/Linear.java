package dev.panagrad.nn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;

/**
 * {@code y = x·Wᵀ + b} over the last dimension, as {@code torch.nn.Linear}: {@code weight} [out, in] and
 * {@code bias} [out], both initialised from U(−1/√in, 1/√in) (PyTorch's kaiming-uniform with a = √5).
 */
public final class Linear extends Module {
    private final int inFeatures;
    private final int outFeatures;

    /** A linear layer with a bias. */
    public Linear(int inFeatures, int outFeatures, Rng rng) {
        this(inFeatures, outFeatures, true, rng);
    }

    /** A linear layer, with or without a bias. */
    public Linear(int inFeatures, int outFeatures, boolean bias, Rng rng) {
        if (inFeatures < 0 || outFeatures < 0) {
            throw new IllegalArgumentException("Linear: feature counts must be >= 0, got in_features=" + inFeatures
                    + ", out_features=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        Tensor w = param("weight", Tensor.zeros(outFeatures, inFeatures));
        if (w.numel() > 0) { // PyTorch skips initialising empty tensors
            Init.kaimingUniform(w, Math.sqrt(5), Init.FanMode.FAN_IN, Init.Nonlinearity.LEAKY_RELU, rng);
        }
        Tensor b = param("bias", bias ? Tensor.zeros(outFeatures) : null);
        if (b != null) {
            double bound = inFeatures > 0 ? 1 / Math.sqrt(inFeatures) : 0;
            Init.uniform(b, -bound, bound, rng);
        }
    }

    /** The weight, [out_features, in_features]. */
    public Tensor weight() {
        return param("weight");
    }

    /** The bias, [out_features], or null without one. */
    public Tensor bias() {
        return param("bias");
    }

    /** x [..., in_features] → [..., out_features]. */
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() < 1 || x.size(x.dim() - 1) != inFeatures) {
            throw new IllegalArgumentException("Linear(" + extraRepr() + "): expected input [..., " + inFeatures
                    + "], got " + java.util.Arrays.toString(x.shape()));
        }
        return Functional.linear(x, weight(), bias());
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + pyBool(bias() != null);
    }
}

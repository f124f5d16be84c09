package dev.panagrad.nn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;

/**
 * Functional forms of the basic layers, as {@code torch.nn.functional}, for custom code that keeps its
 * own parameters. Each is a composition of core ops, so it differentiates to any order.
 */
public final class Functional {
    private Functional() {}

    /**
     * {@code y = x·Wᵀ + b} over the last dimension: x [..., in], W [out, in], b [out] or null. Shapes are
     * checked by {@link Tensor#linear}, whose errors name the weight and the input.
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        return x.linear(weight, bias); // x·Wᵀ + b, W read transposed in place
    }

    /**
     * Inverted dropout: in training, zeroes each element with probability {@code p} and scales the rest
     * by 1/(1−p); the identity otherwise.
     */
    public static Tensor dropout(Tensor x, double p, boolean training, Rng rng) {
        return x.dropout(p, training, rng);
    }
}

package dev.panagrad.nn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import java.util.Arrays;

/**
 * Functional forms of the basic layers, as {@code torch.nn.functional}, for custom code that keeps its
 * own parameters. Each is a composition of core ops, so it differentiates to any order.
 */
public final class Functional {
    private Functional() {}

    /**
     * {@code y = x·Wᵀ + b} over the last dimension: x [..., in], W [out, in], b [out] or null.
     */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("linear: weight must be [out_features, in_features], got "
                    + Arrays.toString(weight.shape()));
        }
        int in = weight.size(1);
        if (x.dim() < 1 || x.size(x.dim() - 1) != in) {
            throw new IllegalArgumentException("linear: expected input [..., " + in + "] for weight "
                    + Arrays.toString(weight.shape()) + ", got " + Arrays.toString(x.shape()));
        }
        if (bias != null && (bias.dim() != 1 || bias.size(0) != weight.size(0))) {
            throw new IllegalArgumentException("linear: bias must be [" + weight.size(0) + "] for weight "
                    + Arrays.toString(weight.shape()) + ", got " + Arrays.toString(bias.shape()));
        }
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

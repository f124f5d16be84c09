package dev.panagrad.nn.rnn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Init;
import java.util.function.BiFunction;

/** The gate parameters of one recurrent cell or layer direction, registered and initialised as PyTorch does. */
final class GateParameters {
    private GateParameters() {}

    /**
     * Registers, through {@code param} and in PyTorch's order, {@code weight_ih<suffix>} [G·H, in],
     * {@code weight_hh<suffix>} [G·H, H] and, with {@code bias}, {@code bias_ih<suffix>} and
     * {@code bias_hh<suffix>} [G·H] (else registered as null), all drawn from U(−1/√H, 1/√H) in that order.
     */
    static void register(BiFunction<String, Tensor, Tensor> param, String suffix, int gates, int in, int hidden,
            boolean bias, Rng rng) {
        double k = 1 / Math.sqrt(hidden);
        Init.uniform(param.apply("weight_ih" + suffix, Tensor.zeros(gates * hidden, in)), -k, k, rng);
        Init.uniform(param.apply("weight_hh" + suffix, Tensor.zeros(gates * hidden, hidden)), -k, k, rng);
        Tensor bIh = param.apply("bias_ih" + suffix, bias ? Tensor.zeros(gates * hidden) : null);
        Tensor bHh = param.apply("bias_hh" + suffix, bias ? Tensor.zeros(gates * hidden) : null);
        if (bias) {
            Init.uniform(bIh, -k, k, rng);
            Init.uniform(bHh, -k, k, rng);
        }
    }
}

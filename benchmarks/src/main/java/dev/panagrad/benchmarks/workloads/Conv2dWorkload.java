package dev.panagrad.benchmarks.workloads;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;

/**
 * conv2d forward and backward on one fixed batch: input [64, 3, 32, 32], weight [64, 3, 3, 3], bias [64],
 * stride 1, padding 1; the gradients of {@code sum(conv2d(x, w, b))} with respect to the input, the
 * weight and the bias (PyTorch: {@code y.sum().backward()} with all three requiring gradients).
 */
final class Conv2dWorkload implements Workload {
    private final Tensor input;
    private final Tensor weight;
    private final Tensor bias;

    Conv2dWorkload(long seed) {
        Rng rng = new Rng(seed);
        input = Tensor.randn(rng, 64, 3, 32, 32).requiresGrad(true);
        weight = Tensor.randn(rng, 64, 3, 3, 3).mul(0.1).requiresGrad(true);
        bias = Tensor.randn(rng, 64).requiresGrad(true);
    }

    @Override
    public void step() {
        try (Tape tape = Tape.record()) {
            Tensor y = input.conv2d(weight, bias, 1, 1); // [64, 64, 32, 32]
            tape.gradient(y.sum(), input, weight, bias);
        }
    }

    @Override
    public int samplesPerStep() {
        return 64;
    }
}

package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Hessian-vector products through whole models match central differences of gradients in float64:
 * H·v ≈ (∇f(θ + εv) − ∇f(θ − εv)) / 2ε. Covers a small MLP classifier loss and a WGAN-GP gradient
 * penalty, whose HVP is a third derivative of the critic.
 */
class HessianVectorProductTest {
    private static final double EPS = 1e-5;

    /** Cross-entropy of a 5-8-3 tanh MLP on a fixed batch, as a function of its flattened parameters. */
    private static Tensor mlpLoss(Tensor theta) {
        Tensor x = Tensor.randn(new Rng(1), DType.FLOAT64, 4, 5);
        Tensor target = Tensor.of(new int[] {0, 2, 1, 2}, 4).oneHot(3).to(DType.FLOAT64);
        Tensor w1 = theta.narrow(0, 0, 40).reshape(8, 5);
        Tensor b1 = theta.narrow(0, 40, 8);
        Tensor w2 = theta.narrow(0, 48, 24).reshape(3, 8);
        Tensor b2 = theta.narrow(0, 72, 3);
        Tensor logits = x.matmul(w1.t()).add(b1).tanh().matmul(w2.t()).add(b2); // tanh(x·W1ᵀ + b1)·W2ᵀ + b2
        return logits.logSoftmax(1).mul(target).sum().neg().div(4);
    }

    /**
     * WGAN-GP penalty of a 6-5-1 leaky-ReLU critic: (‖∇ₓ D(x̂)‖₂ − 1)² averaged over 3 interpolates,
     * as a function of the critic's flattened parameters.
     */
    private static Tensor gradientPenalty(Tensor theta) {
        Tensor w1 = theta.narrow(0, 0, 30).reshape(5, 6);
        Tensor b1 = theta.narrow(0, 30, 5);
        Tensor w2 = theta.narrow(0, 35, 5).reshape(1, 5);
        Tensor xHat = Tensor.randn(new Rng(2), DType.FLOAT64, 3, 6);
        Tensor gx;
        try (Tape inner = Tape.record()) {
            inner.watch(xHat);
            Tensor critic = xHat.matmul(w1.t()).add(b1).leakyRelu(0.2).matmul(w2.t()).sum();
            gx = inner.gradient(critic, xHat).get(xHat);
        }
        Tensor norms = gx.mul(gx).sum(1, false).add(1e-12).sqrt();
        return norms.sub(1.0).square().mean();
    }

    private static void assertHvpMatchesDifferenceOfGradients(Function<Tensor, Tensor> f, int size) {
        Gen<Long> seeds = Gen.longs(0, Long.MAX_VALUE);
        Property.forAll(seeds, 10, seed -> {
            Rng rng = new Rng(seed);
            Tensor theta = Tensor.randn(rng, DType.FLOAT64, size).mul(0.5);
            Tensor v = Tensor.randn(rng, DType.FLOAT64, size);
            double[] hv = Autodiff.hvp(f, theta, v).toDoubleArray();
            double[] plus = Autodiff.grad(f).apply(theta.add(v.mul(EPS))).toDoubleArray();
            double[] minus = Autodiff.grad(f).apply(theta.sub(v.mul(EPS))).toDoubleArray();
            for (int i = 0; i < size; i++) {
                double numeric = (plus[i] - minus[i]) / (2 * EPS);
                assertTrue(Math.abs(hv[i] - numeric) <= 1e-6 + 1e-4 * Math.abs(numeric),
                        "H·v[" + i + "] = " + hv[i] + ", finite differences give " + numeric);
            }
        });
    }

    @Test
    void mlpLossHessianVectorProductMatchesFiniteDifferences() {
        assertHvpMatchesDifferenceOfGradients(HessianVectorProductTest::mlpLoss, 75);
    }

    @Test
    void gradientPenaltyHessianVectorProductMatchesFiniteDifferences() {
        assertHvpMatchesDifferenceOfGradients(HessianVectorProductTest::gradientPenalty, 40);
    }

    @Test
    void gradientPenaltyGradientPassesGradcheck() {
        Tensor theta = Tensor.randn(new Rng(9), DType.FLOAT64, 40).mul(0.5);
        dev.panagrad.core.check.GradCheck.gradcheck(in -> gradientPenalty(in.get(0)), List.of(theta));
    }
}

package dev.panagrad.nn.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Gradients;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.GradCheck;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.Sequential;
import dev.panagrad.nn.Tanh;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Gradient penalties computed through double backward: their gradients w.r.t. the critic's parameters
 * match finite differences in float64, known answers for linear and quadratic critics, interpolation and
 * detachment, and errors.
 */
class GradientPenaltyTest {

    /** A 3-4-1 tanh critic in float64 (smooth, so finite differences of its input gradient are accurate). */
    private static Module critic(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(3, 4, rng), new Tanh(), new Linear(4, 1, rng)).to(DType.FLOAT64);
    }

    /** A linear critic D(x) = x·wᵀ + b with the given weight row. */
    private static Linear linearCritic(double... w) {
        Linear critic = (Linear) new Linear(w.length, 1, new Rng(0)).to(DType.FLOAT64);
        try (NoGrad ignored = NoGrad.enter()) {
            critic.weight().assign(Tensor.of(w, 1, w.length));
            critic.bias().assign(Tensor.of(new double[] {0.75}, 1));
        }
        return critic;
    }

    /** Gradchecks {@code loss(critic with the given parameters)} as a function of the critic's parameters. */
    private static void gradcheckAgainstParameters(Module critic, Function<Function<Tensor, Tensor>, Tensor> loss) {
        List<String> names = List.copyOf(critic.namedParameters().keySet());
        List<Tensor> params = new ArrayList<>();
        critic.namedParameters().values().forEach(p -> params.add(p.detach()));
        GradCheck.gradcheck(in -> {
            Map<String, Tensor> swapped = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                swapped.put(names.get(i), in.get(i));
            }
            return loss.apply(x -> critic.functionalCall(swapped, x));
        }, params);
    }

    @Test
    void wganGpPenaltyGradientWithRespectToTheCriticMatchesFiniteDifferences() {
        Module d = critic(1);
        Tensor real = Tensor.randn(new Rng(2), DType.FLOAT64, 5, 3).add(1.0);
        Tensor fake = Tensor.randn(new Rng(3), DType.FLOAT64, 5, 3);
        GradientPenalty gp = new GradientPenalty.WganGp();
        // a fresh Rng per evaluation fixes ε, so the penalty is a deterministic function of D's parameters
        gradcheckAgainstParameters(d, critic -> gp.compute(critic, real, fake, new Rng(42)));
    }

    @Test
    void wganGpDiscriminatorStepLossGradientMatchesFiniteDifferences() {
        Module d = critic(4);
        Tensor real = Tensor.randn(new Rng(5), DType.FLOAT64, 4, 3).mul(0.5).add(2.0);
        Tensor fake = Tensor.randn(new Rng(6), DType.FLOAT64, 4, 3);
        GradientPenalty gp = new GradientPenalty.WganGp(10);
        gradcheckAgainstParameters(d, critic -> GanLoss.WASSERSTEIN.discriminatorLoss(critic.apply(real), critic.apply(fake))
                .add(gp.compute(critic, real, fake, new Rng(7))));
    }

    @Test
    void r1PenaltyGradientWithRespectToTheCriticMatchesFiniteDifferences() {
        Module d = critic(8);
        Tensor real = Tensor.randn(new Rng(9), DType.FLOAT64, 5, 3);
        GradientPenalty r1 = new GradientPenalty.R1(10);
        gradcheckAgainstParameters(d, critic -> r1.compute(critic, real, real, new Rng(0)));
    }

    @Test
    void wganGpOfALinearCriticIsLambdaTimesTheSquaredDistanceOfTheWeightNormFromOne() {
        Linear d = linearCritic(3, 4, 0, 0, 12); // ‖w‖ = 13, ∇ₓD = w at every point
        Tensor real = Tensor.randn(new Rng(1), DType.FLOAT64, 6, 5);
        Tensor fake = Tensor.randn(new Rng(2), DType.FLOAT64, 6, 5);
        assertEquals(10 * 12.0 * 12.0, new GradientPenalty.WganGp().compute(d, real, fake, new Rng(3)).item(), 0.0);
        assertEquals(2.5 * 144, new GradientPenalty.WganGp(2.5).compute(d, real, fake, new Rng(3)).item(), 0.0);
    }

    @Test
    void r1OfALinearCriticIsHalfGammaTimesTheSquaredWeightNorm() {
        Linear d = linearCritic(3, 4, 0, 0, 12);
        Tensor real = Tensor.randn(new Rng(1), DType.FLOAT64, 6, 5);
        assertEquals(5 * 169.0, new GradientPenalty.R1(10).compute(d, real, real, new Rng(0)).item(), 0.0);
    }

    @Test
    void wganGpGradientOfALinearCriticIsTwoLambdaTimesTheNormExcessAlongTheUnitWeight() {
        // d/dw λ(‖w‖ − 1)² = 2λ(‖w‖ − 1)·w/‖w‖; the bias does not move the input gradient.
        Linear d = linearCritic(3, 4, 0, 0, 12);
        Tensor real = Tensor.randn(new Rng(1), DType.FLOAT64, 6, 5);
        Tensor fake = Tensor.randn(new Rng(2), DType.FLOAT64, 6, 5);
        try (Tape tape = Tape.record()) {
            Tensor penalty = new GradientPenalty.WganGp().compute(d, real, fake, new Rng(3));
            Gradients g = tape.gradient(penalty, d.weight(), d.bias());
            double scale = 2 * 10 * 12.0 / 13;
            double[] expected = {3 * scale, 4 * scale, 0, 0, 12 * scale};
            assertArrayEquals(expected, g.get(d.weight()).toDoubleArray(), 1e-12);
            assertEquals(0.0, g.get(d.bias()).item(), 0.0);
        }
    }

    @Test
    void wganGpAtGivenPointsUsesEachSamplesGradientNorm() {
        // D(x) = Σⱼ xⱼ² per sample: ∇D(xᵢ) = 2xᵢ, so the penalty is λ·mean((2‖xᵢ‖ − 1)²).
        Tensor points = Tensor.of(new double[] {3, 4, 0, 0.5}, 2, 2); // ‖x₀‖ = 5, ‖x₁‖ = 0.5
        Function<Tensor, Tensor> quadratic = x -> x.square().sum(1, false);
        double expected = 10 * ((9 * 9) + (0 * 0)) / 2.0;
        assertEquals(expected, new GradientPenalty.WganGp().at(quadratic, points).item(), 1e-12);
    }

    @Test
    void interpolatesLieOnEachRealFakeSegmentWithOneEpsilonPerSample() {
        Tensor real = Tensor.randn(new Rng(1), DType.FLOAT64, 4, 2, 3);
        Tensor fake = Tensor.randn(new Rng(2), DType.FLOAT64, 4, 2, 3);
        Tensor xHat = GradientPenalty.interpolate(real, fake, new Rng(5));
        assertArrayEquals(real.shape(), xHat.shape());
        double[] r = real.toDoubleArray();
        double[] f = fake.toDoubleArray();
        double[] x = xHat.toDoubleArray();
        for (int i = 0; i < 4; i++) {
            double eps = (x[6 * i] - f[6 * i]) / (r[6 * i] - f[6 * i]);
            assertTrue(eps >= 0 && eps < 1, "ε of sample " + i + " = " + eps);
            for (int j = 6 * i; j < 6 * i + 6; j++) {
                assertEquals(eps * r[j] + (1 - eps) * f[j], x[j], 1e-12, "element " + j + " of sample " + i);
            }
        }
        assertArrayEquals(x, GradientPenalty.interpolate(real, fake, new Rng(5)).toDoubleArray(), 0.0, "same seed, same ε");
    }

    @Test
    void penaltySendsNoGradientToWhatProducedTheFakeBatch() {
        Module d = critic(1);
        Linear g = (Linear) new Linear(2, 3, new Rng(3)).to(DType.FLOAT64);
        Tensor real = Tensor.randn(new Rng(2), DType.FLOAT64, 5, 3);
        Tensor z = Tensor.randn(new Rng(4), DType.FLOAT64, 5, 2);
        try (Tape tape = Tape.record()) {
            Tensor penalty = new GradientPenalty.WganGp().compute(d, real, g.forward(z), new Rng(6));
            List<Tensor> sources = new ArrayList<>(g.parameters());
            sources.addAll(d.parameters());
            Gradients grads = tape.gradient(penalty, sources);
            for (Tensor p : g.parameters()) {
                assertArrayEquals(new double[p.numel()], grads.get(p).toDoubleArray(), 0.0);
            }
            assertTrue(grads.get(d.parameters().get(0)).abs().sum().item() > 0, "the critic does get a gradient");
        }
    }

    @Test
    void moduleAndFunctionFormsAgree() {
        Module d = critic(1);
        Tensor real = Tensor.randn(new Rng(2), DType.FLOAT64, 3, 3);
        Tensor fake = Tensor.randn(new Rng(3), DType.FLOAT64, 3, 3);
        GradientPenalty gp = new GradientPenalty.WganGp();
        assertEquals(gp.compute(d, real, fake, new Rng(4)).item(), gp.compute(d::forward, real, fake, new Rng(4)).item(), 0.0);
    }

    @Test
    void penaltyInsideNoGradIsRefused() {
        Module d = critic(1);
        Tensor real = Tensor.randn(new Rng(2), DType.FLOAT64, 3, 3);
        try (NoGrad ignored = NoGrad.enter()) {
            var e = assertThrows(IllegalStateException.class, () -> new GradientPenalty.R1(1).compute(d, real, real, new Rng(0)));
            assertTrue(e.getMessage().contains("NoGrad"), e.getMessage());
        }
    }

    @Test
    void mismatchedBatchesAreRejectedNamingBothShapes() {
        Module d = critic(1);
        Tensor real = Tensor.randn(new Rng(2), DType.FLOAT64, 3, 3);
        Tensor fake = Tensor.randn(new Rng(3), DType.FLOAT64, 2, 3);
        GradientPenalty gp = new GradientPenalty.WganGp();
        var e = assertThrows(IllegalArgumentException.class, () -> gp.compute(d, real, fake, new Rng(0)));
        assertTrue(e.getMessage().contains("[3, 3]") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void scalarInputsAndNegativeWeightsAreRejected() {
        Module d = critic(1);
        Tensor scalar = Tensor.scalar(1.0, DType.FLOAT64);
        assertThrows(IllegalArgumentException.class, () -> new GradientPenalty.R1(1).compute(d, scalar, scalar, new Rng(0)));
        var e = assertThrows(IllegalArgumentException.class, () -> new GradientPenalty.WganGp(-1));
        assertTrue(e.getMessage().contains("lambda") && e.getMessage().contains("-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GradientPenalty.R1(Double.NaN));
    }
}

package dev.panagrad.nn.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.LeakyReLU;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.Sequential;
import dev.panagrad.nn.optim.Adam;
import dev.panagrad.nn.optim.Optimizer;
import dev.panagrad.nn.optim.SGD;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The GAN trainer step: each network's update leaves the other network's parameters and optimizer state
 * bitwise unchanged, the penalty enters the discriminator's update, losses stay finite, and a tiny 1-D GAN
 * moves its generated mean to the data's.
 */
class GanTrainerTest {
    private static final int LATENT = 2;
    private static final int FEATURES = 3;

    /** Generator, discriminator and their Adam optimizers, wired into a trainer. */
    private record Gan(Module g, Optimizer gOpt, Module d, Optimizer dOpt, GanTrainer trainer) {}

    private static Gan gan(GanTrainer.Options options) {
        Rng rng = new Rng(11);
        Module g = new Sequential(new Linear(LATENT, 4, rng), new LeakyReLU(0.2), new Linear(4, FEATURES, rng));
        Module d = new Sequential(new Linear(FEATURES, 5, rng), new LeakyReLU(0.2), new Linear(5, 1, rng));
        Optimizer gOpt = new Adam(g.parameters(), Adam.options().lr(1e-2).betas(0.5, 0.999));
        Optimizer dOpt = new Adam(d.parameters(), Adam.options().lr(1e-2).betas(0.5, 0.999));
        return new Gan(g, gOpt, d, dOpt, new GanTrainer(g, gOpt, d, dOpt, LATENT, options));
    }

    private static Tensor realBatch(Rng rng) {
        return Tensor.randn(rng, 8, FEATURES).mul(0.5).add(1.0);
    }

    /** Copies of every value: parameters by name. */
    private static Map<String, double[]> snapshot(Module m) {
        Map<String, double[]> out = new LinkedHashMap<>();
        m.namedParameters().forEach((name, p) -> out.put(name, p.toDoubleArray()));
        return out;
    }

    /** Copies of every value of an optimizer's state dict. */
    private static Map<String, double[]> snapshot(Optimizer o) {
        Map<String, double[]> out = new LinkedHashMap<>();
        o.stateDict().forEach((name, t) -> out.put(name, t.toDoubleArray()));
        return out;
    }

    private static void assertBitwiseEqual(Map<String, double[]> expected, Map<String, double[]> actual, String what) {
        assertEquals(expected.keySet(), actual.keySet(), what + ": entries");
        expected.forEach((name, values) -> {
            long[] e = java.util.Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
            long[] a = java.util.Arrays.stream(actual.get(name)).mapToLong(Double::doubleToRawLongBits).toArray();
            assertArrayEquals(e, a, what + ": " + name);
        });
    }

    private static boolean changed(Map<String, double[]> before, Map<String, double[]> after) {
        return before.keySet().stream().anyMatch(k -> !java.util.Arrays.equals(before.get(k), after.get(k)));
    }

    @Test
    void discriminatorStepsNeverChangeTheGeneratorOrItsOptimizerState() {
        for (GanLoss loss : GanLoss.values()) {
            Gan gan = gan(GanTrainer.options().loss(loss).penalty(new GradientPenalty.WganGp()));
            Rng rng = new Rng(5);
            gan.trainer().step(realBatch(rng), rng); // the generator's optimizer now has state
            Map<String, double[]> g = snapshot(gan.g());
            Map<String, double[]> gState = snapshot(gan.gOpt());
            Map<String, double[]> d = snapshot(gan.d());
            for (int i = 0; i < 10; i++) {
                gan.trainer().discriminatorStep(realBatch(rng), rng);
            }
            assertBitwiseEqual(g, snapshot(gan.g()), loss + ", generator parameters");
            assertBitwiseEqual(gState, snapshot(gan.gOpt()), loss + ", generator optimizer state");
            assertTrue(changed(d, snapshot(gan.d())), loss + ": the discriminator did train");
        }
    }

    @Test
    void generatorStepsNeverChangeTheDiscriminatorOrItsOptimizerState() {
        for (GanLoss loss : GanLoss.values()) {
            Gan gan = gan(GanTrainer.options().loss(loss));
            Rng rng = new Rng(6);
            gan.trainer().step(realBatch(rng), rng); // the discriminator's optimizer now has state
            Map<String, double[]> d = snapshot(gan.d());
            Map<String, double[]> dState = snapshot(gan.dOpt());
            Map<String, double[]> g = snapshot(gan.g());
            for (int i = 0; i < 10; i++) {
                gan.trainer().generatorStep(8, rng);
            }
            assertBitwiseEqual(d, snapshot(gan.d()), loss + ", discriminator parameters");
            assertBitwiseEqual(dState, snapshot(gan.dOpt()), loss + ", discriminator optimizer state");
            assertTrue(changed(g, snapshot(gan.g())), loss + ": the generator did train");
        }
    }

    @Test
    void aStepUpdatesTheDiscriminatorNdTimesAndTheGeneratorOnce() {
        Gan gan = gan(GanTrainer.options().loss(GanLoss.WASSERSTEIN).discriminatorSteps(5));
        Rng rng = new Rng(7);
        gan.trainer().step(realBatch(rng), rng);
        assertEquals(5.0, gan.dOpt().stateDict().get("state.0.step").item());
        assertEquals(1.0, gan.gOpt().stateDict().get("state.0.step").item());
    }

    @Test
    void discriminatorUpdateOfALinearCriticIncludesThePenaltyGradient() {
        // G(z) = c (zero weight), D(x) = x·wᵀ + b, WGAN loss mean D(fake) − mean D(real) + λ(‖w‖ − 1)²:
        // ∂w = c − mean(real) + 2λ(‖w‖ − 1)·w/‖w‖, ∂b = 0; SGD moves w by −lr·∂w.
        Linear g = (Linear) new Linear(LATENT, 2, new Rng(1)).to(DType.FLOAT64);
        Linear d = (Linear) new Linear(2, 1, new Rng(2)).to(DType.FLOAT64);
        try (NoGrad ignored = NoGrad.enter()) {
            g.weight().assign(Tensor.zeros(DType.FLOAT64, 2, LATENT));
            g.bias().assign(Tensor.of(new double[] {0.5, -1.0}, 2));
            d.weight().assign(Tensor.of(new double[] {3, 4}, 1, 2)); // ‖w‖ = 5
            d.bias().assign(Tensor.of(new double[] {0.25}, 1));
        }
        double lr = 0.01;
        GanTrainer trainer = new GanTrainer(g, new SGD(g.parameters(), lr), d, new SGD(d.parameters(), lr), LATENT,
                GanTrainer.options().loss(GanLoss.WASSERSTEIN).penalty(new GradientPenalty.WganGp(10)));
        Tensor real = Tensor.of(new double[] {1, 2, 3, 6}, 2, 2); // mean (2, 4)
        GanTrainer.DiscriminatorLosses losses = trainer.discriminatorStep(real, new Rng(3));
        assertEquals(10 * 16.0, losses.penalty(), 1e-12);
        assertEquals((3 * 0.5 + 4 * -1.0) - (3 * 2 + 4 * 4.0), losses.loss(), 1e-12);
        double[] expected = {3 - lr * (0.5 - 2 + 2 * 10 * 4 * 3 / 5.0), 4 - lr * (-1.0 - 4 + 2 * 10 * 4 * 4 / 5.0)};
        assertArrayEquals(expected, d.weight().toDoubleArray(), 1e-12);
        assertEquals(0.25, d.bias().item(), 1e-15);
    }

    @Test
    void frozenParametersAreNeitherDifferentiatedNorStepped() {
        Gan gan = gan(GanTrainer.options().penalty(new GradientPenalty.R1(1)));
        Module frozenG = gan.g().namedChildren().get("0").requiresGrad(false);
        Module frozenD = gan.d().namedChildren().get("2").requiresGrad(false);
        Map<String, double[]> g = snapshot(frozenG);
        Map<String, double[]> d = snapshot(frozenD);
        Rng rng = new Rng(9);
        for (int i = 0; i < 3; i++) {
            gan.trainer().step(realBatch(rng), rng);
        }
        assertBitwiseEqual(g, snapshot(frozenG), "frozen generator layer");
        assertBitwiseEqual(d, snapshot(frozenD), "frozen discriminator layer");
        assertFalse(gan.gOpt().stateDict().containsKey("state.0.step"), "the optimizer never stepped a frozen parameter");
    }

    @Test
    void lossesAreFiniteForEveryLossWithAndWithoutPenalties() {
        GradientPenalty[] penalties = {null, new GradientPenalty.WganGp(), new GradientPenalty.R1(10)};
        for (GanLoss loss : GanLoss.values()) {
            for (GradientPenalty penalty : penalties) {
                Gan gan = gan(GanTrainer.options().loss(loss).penalty(penalty).discriminatorSteps(2));
                Rng rng = new Rng(8);
                for (int i = 0; i < 5; i++) {
                    GanTrainer.StepLosses l = gan.trainer().step(realBatch(rng), rng);
                    String what = loss + " with " + penalty + ", step " + i + ": " + l;
                    assertTrue(Double.isFinite(l.discriminatorLoss()) && Double.isFinite(l.generatorLoss()), what);
                    assertTrue(penalty == null ? l.penalty() == 0 : l.penalty() > 0 && Double.isFinite(l.penalty()), what);
                }
            }
        }
    }

    @Test
    void oneDimensionalGanMovesTheGeneratedMeanToTheDataMean() {
        Rng init = new Rng(2024);
        Linear g = new Linear(1, 1, init); // G(z) = a·z + b, z ~ N(0, 1): mean b
        Module d = new Sequential(new Linear(1, 16, init), new LeakyReLU(0.2), new Linear(16, 1, init));
        GanTrainer trainer = new GanTrainer(g, new Adam(g.parameters(), Adam.options().lr(2e-2).betas(0.5, 0.999)), d,
                new Adam(d.parameters(), Adam.options().lr(2e-2).betas(0.5, 0.999)), 1);
        double before = g.bias().item();
        assertTrue(Math.abs(before - 3) > 2, "starts far from the data mean: " + before);
        Rng data = new Rng(1);
        Rng noise = new Rng(2);
        for (int step = 0; step < 400; step++) {
            trainer.step(Tensor.randn(data, 64, 1).mul(0.5).add(3.0), noise); // real ~ N(3, 0.5²)
        }
        double mean;
        try (NoGrad ignored = NoGrad.enter()) {
            mean = g.forward(Tensor.randn(new Rng(3), 2000, 1)).mean().item();
        }
        assertEquals(3.0, mean, 0.2, "generated mean after 400 steps (it reaches 3 ± 0.02 from −0.8)");
    }

    @Test
    void generatorOutputShapedUnlikeTheRealBatchIsRejected() {
        Gan gan = gan(GanTrainer.options());
        Tensor wrong = Tensor.randn(new Rng(1), 8, FEATURES + 1);
        var e = assertThrows(IllegalArgumentException.class, () -> gan.trainer().step(wrong, new Rng(2)));
        assertTrue(e.getMessage().contains("[8, 3]") && e.getMessage().contains("[8, 4]"), e.getMessage());
    }

    @Test
    void optimizerOverTheOtherNetworkIsRejected() {
        Rng rng = new Rng(1);
        Module g = new Linear(LATENT, FEATURES, rng);
        Module d = new Linear(FEATURES, 1, rng);
        var e = assertThrows(IllegalArgumentException.class, () -> new GanTrainer(g, new SGD(d.parameters(), 0.1), d,
                new SGD(d.parameters(), 0.1), LATENT));
        assertTrue(e.getMessage().contains("generator optimizer"), e.getMessage());
    }

    @Test
    void optimizerBuiltBeforeConvertingTheModuleIsRejected() {
        Rng rng = new Rng(1);
        Module g = new Linear(LATENT, FEATURES, rng);
        Module d = new Linear(FEATURES, 1, rng);
        Optimizer stale = new SGD(d.parameters(), 0.1);
        d.to(DType.FLOAT64);
        g.to(DType.FLOAT64);
        var e = assertThrows(IllegalArgumentException.class, () -> new GanTrainer(g, new SGD(g.parameters(), 0.1), d, stale,
                LATENT));
        assertTrue(e.getMessage().contains("discriminator optimizer") && e.getMessage().contains("Module.to"), e.getMessage());
    }

    @Test
    void sharedParametersAreRejected() {
        Rng rng = new Rng(1);
        Linear shared = new Linear(3, 3, rng);
        Module g = new Sequential(shared);
        Module d = new Sequential(shared, new Linear(3, 1, rng));
        var e = assertThrows(IllegalArgumentException.class, () -> new GanTrainer(g, new SGD(g.parameters(), 0.1), d,
                new SGD(d.parameters(), 0.1), 3));
        assertTrue(e.getMessage().contains("'0.weight'"), e.getMessage());
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> GanTrainer.options().discriminatorSteps(0));
        Gan gan = gan(GanTrainer.options());
        assertThrows(IllegalArgumentException.class, () -> gan.trainer().step(Tensor.zeros(0, FEATURES), new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> gan.trainer().generatorStep(0, new Rng(1)));
        assertFalse(gan.g().parameters().isEmpty());
    }
}

package dev.panagrad.nn.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Gradients;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Domain;
import dev.panagrad.core.check.GradCheck;
import dev.panagrad.core.check.Property;
import dev.panagrad.core.check.TensorGen;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * GAN losses: known answers derived by hand from their formulas, float64 gradient checks, stability for
 * huge logits, and rejection of unusable inputs.
 */
class GanLossesTest {
    private static final double LN2 = Math.log(2);

    private static Tensor f64(double... values) {
        return Tensor.of(values, values.length);
    }

    @Test
    void nonSaturatingDiscriminatorLossIsTheSumOfTheTwoMeanCrossEntropies() {
        // softplus(−0) = softplus(0) = ln 2, softplus(−ln 3) = ln(4/3): each mean is (ln 2 + ln(4/3))/2.
        Tensor real = f64(0, Math.log(3));
        Tensor fake = f64(0, -Math.log(3));
        assertEquals(LN2 + Math.log(4.0 / 3), GanLosses.nonSaturatingDiscriminator(real, fake).item(), 1e-15);
    }

    @Test
    void nonSaturatingGeneratorLossIsMinusTheMeanLogSigmoidOfFakeLogits() {
        Tensor fake = f64(Math.log(3), 0); // −ln σ(ln 3) = ln(4/3), −ln σ(0) = ln 2
        assertEquals((Math.log(4.0 / 3) + LN2) / 2, GanLosses.nonSaturatingGenerator(fake).item(), 1e-15);
    }

    @Test
    void nonSaturatingGradientsAreSigmoidsOverTheBatchSize() {
        Tensor real = f64(0.5, -1.0).requiresGrad(true);
        Tensor fake = f64(2.0, -0.3, 0.1).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Gradients g = tape.gradient(GanLosses.nonSaturatingDiscriminator(real, fake), real, fake);
            double[] dReal = g.get(real).toDoubleArray();
            double[] dFake = g.get(fake).toDoubleArray();
            assertEquals(-sigmoid(-0.5) / 2, dReal[0], 1e-15);
            assertEquals(-sigmoid(1.0) / 2, dReal[1], 1e-15);
            assertEquals(sigmoid(2.0) / 3, dFake[0], 1e-15);
            assertEquals(sigmoid(-0.3) / 3, dFake[1], 1e-15);
        }
    }

    @Test
    void nonSaturatingLossesAreExactAndFiniteForHugeLogits() {
        for (DType dtype : List.of(DType.FLOAT32, DType.FLOAT64)) {
            Tensor confident = GanLosses.nonSaturatingDiscriminator(f64(1e4).to(dtype), f64(-1e4).to(dtype));
            Tensor wrong = GanLosses.nonSaturatingDiscriminator(f64(-1e4).to(dtype), f64(1e4).to(dtype));
            assertEquals(0.0, confident.item(), 0.0, dtype.toString());
            assertEquals(2e4, wrong.item(), 0.0, dtype.toString()); // softplus(1e4) = 1e4 + ln(1 + e^−1e4)
            assertEquals(1e4, GanLosses.nonSaturatingGenerator(f64(-1e4).to(dtype)).item(), 0.0, dtype.toString());
            Tensor logits = f64(-1e4, 1e4).to(dtype).requiresGrad(true);
            try (Tape tape = Tape.record()) {
                double[] g = tape.gradient(GanLosses.nonSaturatingGenerator(logits), logits).get(logits).toDoubleArray();
                assertEquals(-0.5, g[0], 0.0, dtype + ": saturated fake logit keeps a full gradient");
                assertEquals(0.0, g[1], 0.0, dtype.toString());
            }
        }
    }

    @Test
    void nonSaturatingLossesMatchSoftplusAboveTheUsualThreshold() {
        // PyTorch's softplus returns x itself above 20; the GAN loss keeps ln(1 + eˣ) = x + ln(1 + e^−x).
        double x = 25;
        double exact = x + Math.log1p(Math.exp(-x));
        assertEquals(exact, GanLosses.nonSaturatingGenerator(f64(-x)).item(), 0.0);
    }

    @Test
    void wassersteinLossesAreDifferencesOfMeans() {
        Tensor real = f64(1, 2, 3);
        Tensor fake = f64(-1, 0.5);
        assertEquals(-0.25 - 2, GanLosses.wassersteinDiscriminator(real, fake).item(), 1e-15);
        assertEquals(0.25, GanLosses.wassersteinGenerator(fake).item(), 1e-15);
    }

    @Test
    void hingeLossesClipAtTheMargin() {
        Tensor real = f64(0.5, 2, -1); // relu(1 − r) = [0.5, 0, 2]
        Tensor fake = f64(-2, 0, 0.5); // relu(1 + f) = [0, 1, 1.5]
        assertEquals(2.5 / 3 + 2.5 / 3, GanLosses.hingeDiscriminator(real, fake).item(), 1e-15);
        assertEquals(0.5, GanLosses.hingeGenerator(fake).item(), 1e-15);
    }

    @Test
    void lossesAverageOverAllElementsSoTheOutputLayoutDoesNotMatter() {
        Tensor real = f64(0.3, -1.2, 2.0);
        Tensor fake = f64(-0.7, 0.4, 1.1);
        for (GanLoss loss : GanLoss.values()) {
            assertEquals(loss.discriminatorLoss(real, fake).item(),
                    loss.discriminatorLoss(real.reshape(3, 1), fake.reshape(3, 1)).item(), 0.0, loss.name());
            assertEquals(loss.generatorLoss(fake).item(), loss.generatorLoss(fake.reshape(3, 1)).item(), 0.0, loss.name());
        }
    }

    @Test
    void enumConstantsPairTheMatchingFunctionalLosses() {
        Tensor real = f64(0.3, -1.2);
        Tensor fake = f64(-0.7, 0.4, 1.1);
        assertEquals(GanLosses.nonSaturatingDiscriminator(real, fake).item(),
                GanLoss.NON_SATURATING.discriminatorLoss(real, fake).item());
        assertEquals(GanLosses.nonSaturatingGenerator(fake).item(), GanLoss.NON_SATURATING.generatorLoss(fake).item());
        assertEquals(GanLosses.wassersteinDiscriminator(real, fake).item(),
                GanLoss.WASSERSTEIN.discriminatorLoss(real, fake).item());
        assertEquals(GanLosses.wassersteinGenerator(fake).item(), GanLoss.WASSERSTEIN.generatorLoss(fake).item());
        assertEquals(GanLosses.hingeDiscriminator(real, fake).item(), GanLoss.HINGE.discriminatorLoss(real, fake).item());
        assertEquals(GanLosses.hingeGenerator(fake).item(), GanLoss.HINGE.generatorLoss(fake).item());
    }

    @Test
    void everyLossPassesGradcheckInFloat64() {
        Domain awayFromHingeKinks = Domain.REAL.awayFrom(1e-3, -1, 1);
        var shapes = TensorGen.shapes(1, 2, 1, 4);
        Property.forAll(TensorGen.tensors(shapes, awayFromHingeKinks, DType.FLOAT64),
                TensorGen.tensors(shapes, awayFromHingeKinks, DType.FLOAT64), 20, (real, fake) -> {
                    for (GanLoss loss : GanLoss.values()) {
                        GradCheck.gradcheck(in -> loss.discriminatorLoss(in.get(0), in.get(1)), List.of(real, fake));
                        GradCheck.gradcheck(in -> loss.generatorLoss(in.get(0)), List.of(fake));
                    }
                });
    }

    @Test
    void everyLossPassesGradgradcheckInFloat64() {
        Tensor real = f64(0.3, -1.2, 1.7);
        Tensor fake = f64(-0.7, 0.4);
        GradCheck.gradgradcheck(in -> GanLosses.nonSaturatingDiscriminator(in.get(0), in.get(1)), List.of(real, fake));
        GradCheck.gradgradcheck(in -> GanLosses.nonSaturatingGenerator(in.get(0)), List.of(fake));
    }

    @Test
    void integerLogitsAreRejectedNamingTheLoss() {
        Tensor ints = Tensor.of(new int[] {1, 0}, 2);
        var e = assertThrows(IllegalArgumentException.class, () -> GanLosses.hingeDiscriminator(ints, f64(0.5, 1)));
        assertTrue(e.getMessage().contains("hingeDiscriminator") && e.getMessage().contains("INT32"), e.getMessage());
    }

    @Test
    void emptyLogitsAreRejectedNamingTheShape() {
        Tensor empty = Tensor.zeros(DType.FLOAT64, 0, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> GanLosses.nonSaturatingGenerator(empty));
        assertTrue(e.getMessage().contains("nonSaturatingGenerator") && e.getMessage().contains("[0, 1]"), e.getMessage());
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}

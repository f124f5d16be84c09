package dev.panagrad.nn.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Embedding;
import dev.panagrad.nn.LeakyReLU;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.Sequential;
import dev.panagrad.nn.optim.Adam;
import dev.panagrad.nn.optim.SGD;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The labelled steps of a conditional GAN: a 1-D conditional GAN learns a different mean per class, the
 * labels reach both networks and the penalty, each update touches only its own network, and mixing
 * conditional and unconditional calls or networks fails with a message saying what to do.
 */
class ConditionalGanTrainerTest {
    private static final int CLASSES = 2;

    /** G(z, y) = a·z + w_y + b: the class shifts the mean. */
    private static final class Generator extends ConditionalModule {
        private final Linear linear;

        Generator(Rng rng) {
            linear = child("linear", new Linear(1 + CLASSES, 1, rng));
        }

        @Override
        public Tensor forward(Tensor noise, Tensor labels) {
            return linear.forward(Tensor.cat(1, noise, labels.oneHot(CLASSES).to(noise.dtype())));
        }
    }

    /** A projection discriminator (Miyato &amp; Koyama, 2018): ψ(φ(x)) + ⟨embed(y), φ(x)⟩. */
    private static final class Discriminator extends ConditionalModule {
        private final Sequential features;
        private final Linear head;
        private final Embedding embed;

        Discriminator(Rng rng) {
            features = child("features", new Sequential(new Linear(1, 16, rng), new LeakyReLU(0.2)));
            head = child("head", new Linear(16, 1, rng));
            embed = child("embed", new Embedding(CLASSES, 16, rng));
        }

        @Override
        public Tensor forward(Tensor x, Tensor labels) {
            Tensor h = features.forward(x);
            return head.forward(h).add(embed.forward(labels).mul(h).sum(1, true));
        }
    }

    private static Tensor labels(Rng rng, int n) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(0, CLASSES);
        }
        return Tensor.of(y, n);
    }

    /** Real samples: class 0 ~ N(−2, 0.5²), class 1 ~ N(2, 0.5²). */
    private static Tensor real(Tensor labels, Rng rng) {
        Tensor mean = labels.to(DType.FLOAT32).mul(4).sub(2.0).reshape(labels.size(0), 1);
        return Tensor.randn(rng, labels.size(0), 1).mul(0.5).add(mean);
    }

    private static GanTrainer trainer(Module g, Module d, GanTrainer.Options options) {
        return new GanTrainer(g, new Adam(g.parameters(), Adam.options().lr(2e-2).betas(0.5, 0.999)), d,
                new Adam(d.parameters(), Adam.options().lr(2e-2).betas(0.5, 0.999)), 1, options);
    }

    private static double generatedMean(Generator g, int label) {
        try (NoGrad ignored = NoGrad.enter()) {
            int[] y = new int[2000];
            Arrays.fill(y, label);
            return g.forward(Tensor.randn(new Rng(3), 2000, 1), Tensor.of(y, 2000)).mean().item();
        }
    }

    @Test
    void conditionalGanLearnsEachClassMean() {
        Rng init = new Rng(2024);
        Generator g = new Generator(init);
        GanTrainer trainer = trainer(g, new Discriminator(init), GanTrainer.options());
        Rng data = new Rng(1);
        Rng noise = new Rng(2);
        for (int step = 0; step < 600; step++) {
            Tensor y = labels(data, 64);
            trainer.step(real(y, data), y, noise);
        }
        assertEquals(-2.0, generatedMean(g, 0), 0.3, "class 0's generated mean after 600 steps");
        assertEquals(2.0, generatedMean(g, 1), 0.3, "class 1's generated mean after 600 steps");
    }

    @Test
    void eachUpdateChangesOnlyItsOwnNetwork() {
        Rng rng = new Rng(5);
        Generator g = new Generator(rng);
        Discriminator d = new Discriminator(rng);
        GanTrainer trainer = trainer(g, d, GanTrainer.options());
        Tensor y = labels(rng, 8);
        List<double[]> gBefore = values(g);
        List<double[]> dBefore = values(d);
        trainer.discriminatorStep(real(y, rng), y, rng);
        assertTrue(equal(gBefore, values(g)), "the discriminator step leaves the generator alone");
        List<double[]> dAfter = values(d);
        assertTrue(!equal(dBefore, dAfter), "the discriminator step trains the discriminator");
        trainer.generatorStep(y, rng);
        assertTrue(equal(dAfter, values(d)), "the generator step leaves the discriminator alone");
        assertTrue(!equal(gBefore, values(g)), "the generator step trains the generator");
    }

    @Test
    void thePenaltyDifferentiatesTheDiscriminatorAtTheRealLabels() {
        Rng rng = new Rng(8);
        Generator g = new Generator(rng);
        Discriminator d = new Discriminator(rng);
        GradientPenalty.R1 r1 = new GradientPenalty.R1(10);
        GanTrainer trainer = trainer(g, d, GanTrainer.options().penalty(r1));
        Tensor y = labels(rng, 16);
        Tensor real = real(y, rng);
        double expected;
        try (var tape = Tape.record()) {
            expected = r1.compute(x -> d.forward(x, y), real, real, rng).item();
        }
        int[] flipped = y.toIntArray();
        for (int i = 0; i < flipped.length; i++) {
            flipped[i] = 1 - flipped[i];
        }
        Tensor otherLabels = Tensor.of(flipped, flipped.length);
        double withOtherLabels;
        try (var tape = Tape.record()) {
            withOtherLabels = r1.compute(x -> d.forward(x, otherLabels), real, real, rng).item();
        }
        assertTrue(Math.abs(expected - withOtherLabels) > 1e-6, "the labels change the penalty");
        assertEquals(expected, trainer.discriminatorStep(real, y, rng).penalty(), 1e-6);
    }

    @Test
    void mixingConditionalAndUnconditionalIsRejectedWithAHint() {
        Rng rng = new Rng(9);
        Generator g = new Generator(rng);
        Discriminator d = new Discriminator(rng);
        GanTrainer conditional = trainer(g, d, GanTrainer.options());
        var e = assertThrows(IllegalArgumentException.class, () -> conditional.step(Tensor.zeros(4, 1), rng));
        assertTrue(e.getMessage().contains("step(realBatch, labels, rng)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> conditional.generatorStep(4, rng));
        assertTrue(e.getMessage().contains("generatorStep(labels, rng)"), e.getMessage());

        Module plainG = new Linear(1, 1, rng);
        Module plainD = new Sequential(new Linear(1, 1, rng));
        GanTrainer unconditional = trainer(plainG, plainD, GanTrainer.options());
        e = assertThrows(IllegalArgumentException.class, () -> unconditional.step(Tensor.zeros(4, 1), labels(rng, 4), rng));
        assertTrue(e.getMessage().contains("ConditionalModule") && e.getMessage().contains("Linear and Sequential"),
                e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> new GanTrainer(g, new SGD(g.parameters(), 0.1), plainD,
                new SGD(plainD.parameters(), 0.1), 1));
        assertTrue(e.getMessage().contains("both networks are conditional"), e.getMessage());

        var u = assertThrows(UnsupportedOperationException.class, () -> g.forward(Tensor.zeros(4, 1)));
        assertTrue(u.getMessage().contains("Generator is conditional"), u.getMessage());
    }

    @Test
    void labelsThatDoNotFitTheBatchAreRejected() {
        Rng rng = new Rng(10);
        GanTrainer trainer = trainer(new Generator(rng), new Discriminator(rng), GanTrainer.options());
        Tensor real = Tensor.zeros(4, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> trainer.step(real, labels(rng, 3), rng));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[4, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> trainer.step(real, Tensor.zeros(4), rng));
        assertTrue(e.getMessage().contains("FLOAT32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> trainer.generatorStep(Tensor.of(new int[] {0, 1}, 1, 2), rng));
        assertThrows(IllegalArgumentException.class, () -> trainer.generatorStep(null, rng));
    }

    private static List<double[]> values(Module m) {
        List<double[]> out = new ArrayList<>();
        for (Tensor p : m.parameters()) {
            out.add(p.toDoubleArray());
        }
        return out;
    }

    private static boolean equal(List<double[]> a, List<double[]> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Arrays.equals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}

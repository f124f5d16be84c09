package dev.panagrad.benchmarks.workloads;

import dev.panagrad.core.Rng;
import dev.panagrad.nn.LeakyReLU;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.ReLU;
import dev.panagrad.nn.Sequential;
import dev.panagrad.nn.Tanh;
import dev.panagrad.nn.gan.GanTrainer;
import dev.panagrad.nn.optim.Adam;

/**
 * One GAN training step on MNIST: generator 64→256 ReLU→784 tanh, discriminator 784→256 LeakyReLU 0.2→1,
 * the non-saturating loss (binary cross-entropy with logits), Adam lr 2e-4 with betas (0.5, 0.999) for
 * both. A step is {@link GanTrainer#step}: one discriminator update on a real batch of 64 against
 * generated images drawn without gradients, then one generator update on 64 freshly generated images.
 */
final class GanWorkload implements Workload {
    private static final int LATENT = 64;

    private final GanTrainer trainer;
    private final MnistBatches batches;
    private final Rng rng;

    GanWorkload(long seed) {
        rng = new Rng(seed);
        Sequential generator = new Sequential(new Linear(LATENT, 256, rng), new ReLU(), new Linear(256, 784, rng), new Tanh());
        Sequential discriminator = new Sequential(new Linear(784, 256, rng), new LeakyReLU(0.2), new Linear(256, 1, rng));
        trainer = new GanTrainer(generator, new Adam(generator.parameters(), Adam.options().lr(2e-4).betas(0.5, 0.999)),
                discriminator, new Adam(discriminator.parameters(), Adam.options().lr(2e-4).betas(0.5, 0.999)), LATENT);
        batches = new MnistBatches(rng);
    }

    @Override
    public void step() {
        trainer.step(batches.next().inputs().reshape(MnistBatches.BATCH, 784), rng);
    }

    @Override
    public int samplesPerStep() {
        return MnistBatches.BATCH;
    }
}

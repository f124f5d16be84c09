package dev.panagrad.nn.gan;

import dev.panagrad.core.Tensor;

/**
 * The choice of adversarial loss for {@link GanTrainer}: each constant pairs a discriminator loss with
 * its generator loss from {@link GanLosses}.
 */
public enum GanLoss {
    /** Binary cross-entropy with logits, the generator maximising ln D(G(z)) (Goodfellow et al., 2014). */
    NON_SATURATING {
        @Override
        public Tensor discriminatorLoss(Tensor realLogits, Tensor fakeLogits) {
            return GanLosses.nonSaturatingDiscriminator(realLogits, fakeLogits);
        }

        @Override
        public Tensor generatorLoss(Tensor fakeLogits) {
            return GanLosses.nonSaturatingGenerator(fakeLogits);
        }
    },
    /** The Wasserstein critic loss (Arjovsky et al., 2017); pair it with a gradient penalty. */
    WASSERSTEIN {
        @Override
        public Tensor discriminatorLoss(Tensor realScores, Tensor fakeScores) {
            return GanLosses.wassersteinDiscriminator(realScores, fakeScores);
        }

        @Override
        public Tensor generatorLoss(Tensor fakeScores) {
            return GanLosses.wassersteinGenerator(fakeScores);
        }
    },
    /** The hinge loss of SAGAN and spectrally normalised GANs (Lim and Ye, 2017; Miyato et al., 2018). */
    HINGE {
        @Override
        public Tensor discriminatorLoss(Tensor realLogits, Tensor fakeLogits) {
            return GanLosses.hingeDiscriminator(realLogits, fakeLogits);
        }

        @Override
        public Tensor generatorLoss(Tensor fakeLogits) {
            return GanLosses.hingeGenerator(fakeLogits);
        }
    };

    /** The scalar loss the discriminator minimises, from its outputs on a real and a generated batch. */
    public abstract Tensor discriminatorLoss(Tensor realLogits, Tensor fakeLogits);

    /** The scalar loss the generator minimises, from the discriminator's outputs on a generated batch. */
    public abstract Tensor generatorLoss(Tensor fakeLogits);
}

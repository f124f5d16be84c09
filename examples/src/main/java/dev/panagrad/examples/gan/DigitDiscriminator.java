package dev.panagrad.examples.gan;

import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.BatchNorm2d;
import dev.panagrad.nn.Conv2d;
import dev.panagrad.nn.Embedding;
import dev.panagrad.nn.Flatten;
import dev.panagrad.nn.LeakyReLU;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.Sequential;
import dev.panagrad.nn.gan.ConditionalModule;

/**
 * The discriminator of {@code mnist-gan}: images {@code [N, 1, 28, 28]} and the digits they should show
 * {@code [N]} to one logit per image, {@code [N, 1]} (positive: a real image of that digit). Two strided
 * convolutions with LeakyReLU 0.2 (DCGAN's shape) extract features φ(x); the logit is a projection
 * discriminator's (Miyato &amp; Koyama, 2018), {@code ψ(φ(x)) + ⟨e_y, φ(x)⟩}, with a learned embedding
 * {@code e_y} per digit, so it judges "is this a real 7" rather than "is this real". In training mode it
 * first shifts every image by up to 2 pixels ({@link RandomTranslation}), so it cannot memorize the
 * 8,000 training digits.
 */
public final class DigitDiscriminator extends ConditionalModule {
    /** Standard deviation of the digit embeddings' initial values: small, so the projection starts near 0. */
    static final double EMBEDDING_STD = 0.02;
    private final RandomTranslation shift;
    private final Sequential features;
    private final Linear head;
    private final Embedding embed;

    /** A discriminator whose first layer has {@code width} feature maps (DCGAN's ndf). */
    public DigitDiscriminator(int width, Rng rng) {
        int featureCount = 2 * width * 7 * 7;
        shift = child("shift", new RandomTranslation(2, -1, rng.split()));
        features = child("features", new Sequential(
                new Conv2d(1, width, 4, downsample(), rng), new LeakyReLU(0.2),                                                 // 14×14
                new Conv2d(width, 2 * width, 4, downsample().bias(false), rng), new BatchNorm2d(2 * width),
                new LeakyReLU(0.2), new Flatten()));                                                                          // 7×7
        head = child("head", new Linear(featureCount, 1, rng));
        embed = child("embed", new Embedding(DigitGenerator.DIGITS, featureCount, rng));
        try (NoGrad ignored = NoGrad.enter()) {
            embed.weight().assign(embed.weight().mul(EMBEDDING_STD)); // N(0, 1) → N(0, 0.02²)
        }
    }

    /** Kernel 4, stride 2, padding 1: halves the height and width. */
    private static Conv2d.Options downsample() {
        return Conv2d.options().stride(2).padding(1);
    }

    /** D(x, y): the logit that each image is a real example of its digit. */
    @Override
    public Tensor forward(Tensor images, Tensor digits) {
        Tensor phi = features.forward(shift.forward(images));
        return head.forward(phi).add(embed.forward(digits).mul(phi).sum(1, true));
    }
}

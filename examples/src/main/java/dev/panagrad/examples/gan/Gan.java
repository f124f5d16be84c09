package dev.panagrad.examples.gan;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.gan.ConditionalModule;
import java.util.ArrayList;
import java.util.List;

/**
 * A conditional generator and its discriminator as one module, so one checkpoint holds both under
 * PyTorch's dotted names ({@code generator.body.0.weight}, {@code discriminator.features.0.weight}), as
 * a PyTorch user saves {@code {"generator": G.state_dict(), "discriminator": D.state_dict()}}. Its
 * forward pass is the generator's: noise and digits in, images out.
 */
public final class Gan extends ConditionalModule {
    /** The most images {@link #sample} generates in one forward pass. */
    public static final int SAMPLE_BATCH = 500;
    private final ConditionalModule generator;
    private final ConditionalModule discriminator;
    private final int latent;

    /** The pair, the generator taking noise {@code [N, latent]}; the two networks must not share parameters. */
    public Gan(ConditionalModule generator, ConditionalModule discriminator, int latent) {
        this.generator = child("generator", generator);
        this.discriminator = child("discriminator", discriminator);
        this.latent = latent;
    }

    /** The generator: noise {@code [N, latent]} and digits {@code [N]} to images. */
    public ConditionalModule generator() {
        return generator;
    }

    /** The discriminator: images and digits to one logit per image, {@code [N, 1]}. */
    public ConditionalModule discriminator() {
        return discriminator;
    }

    /** The length of the generator's noise vectors. */
    public int latent() {
        return latent;
    }

    /** G(z, y): the images of {@code digits} the generator makes from {@code noise}. */
    @Override
    public Tensor forward(Tensor noise, Tensor digits) {
        return generator.forward(noise, digits);
    }

    /**
     * G(z, y) for the {@code digits} ({@code [N]}) and N noise vectors z ~ N(0, I) drawn from {@code rng},
     * generated {@value #SAMPLE_BATCH} at a time so that any N fits in memory (in eval mode how the batch is
     * cut changes an image by at most the rounding of its last bits).
     */
    public Tensor sample(Tensor digits, Rng rng) {
        int n = digits.size(0);
        Tensor noise = Tensor.randn(rng, n, latent);
        List<Tensor> images = new ArrayList<>();
        for (int start = 0; start < n; start += SAMPLE_BATCH) {
            int size = Math.min(SAMPLE_BATCH, n - start);
            images.add(generator.forward(noise.narrow(0, start, size), digits.narrow(0, start, size)));
        }
        return images.size() == 1 ? images.getFirst() : Tensor.cat(0, images.toArray(Tensor[]::new));
    }

    /** The digits 0, 1, …, 9, 0, 1, … ({@code [n]}, INT32): every digit equally often when n is a multiple of 10. */
    public static Tensor everyDigit(int n) {
        int[] digits = new int[n];
        for (int i = 0; i < n; i++) {
            digits[i] = i % DigitGenerator.DIGITS;
        }
        return Tensor.of(digits, n);
    }
}

package dev.panagrad.examples.gan;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Module;

/**
 * A generator and its discriminator as one module, so one checkpoint holds both under PyTorch's
 * dotted names ({@code generator.0.weight}, {@code discriminator.0.weight}), as a PyTorch user saves
 * {@code {"generator": G.state_dict(), "discriminator": D.state_dict()}}. Its forward pass is the
 * generator's: noise in, images out.
 */
public final class Gan extends Module {
    private final Module generator;
    private final Module discriminator;
    private final int latent;

    /** The pair, the generator taking noise {@code [N, latent]}; the two networks must not share parameters. */
    public Gan(Module generator, Module discriminator, int latent) {
        this.generator = child("generator", generator);
        this.discriminator = child("discriminator", discriminator);
        this.latent = latent;
    }

    /** The generator: noise {@code [N, latent]} to images. */
    public Module generator() {
        return generator;
    }

    /** The discriminator: images to one logit per image, {@code [N, 1]}. */
    public Module discriminator() {
        return discriminator;
    }

    /** The length of the generator's noise vectors. */
    public int latent() {
        return latent;
    }

    /** G(z): the images the generator makes from {@code noise}. */
    @Override
    public Tensor forward(Tensor noise) {
        return generator.forward(noise);
    }

    /** G(z) for {@code n} noise vectors z ~ N(0, I) drawn from {@code rng}. */
    public Tensor sample(int n, Rng rng) {
        return generator.forward(Tensor.randn(rng, n, latent));
    }
}

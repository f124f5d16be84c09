package dev.panagrad.nn.gan;

import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Module;

/**
 * A network that takes a class label with every input, as the generator and discriminator of a
 * conditional GAN do (Mirza &amp; Osindero, 2014): the PyTorch module whose {@code forward(x, y)} has
 * two arguments. {@link GanTrainer}'s labelled steps ({@link GanTrainer#step(Tensor, Tensor,
 * dev.panagrad.core.Rng)}) train a pair of them.
 *
 * {@snippet :
 * final class Generator extends ConditionalModule {
 *     private final Sequential body = child("body", new Sequential(new Linear(latent + 10, 784, rng), new Tanh()));
 *
 *     @Override
 *     public Tensor forward(Tensor noise, Tensor labels) {
 *         return body.forward(Tensor.cat(1, noise, labels.oneHot(10).to(noise.dtype())));
 *     }
 * }
 * }
 *
 * <p>The one-argument {@link #forward(Tensor)} has no label to go with its input and throws.
 */
public abstract class ConditionalModule extends Module {
    /** For subclasses. */
    protected ConditionalModule() {}

    /**
     * The output for {@code input} ({@code [B, ...]}) given each sample's class {@code labels}
     * ({@code [B]}, integer).
     */
    public abstract Tensor forward(Tensor input, Tensor labels);

    /**
     * Always throws: a conditional network needs the labels.
     *
     * @throws UnsupportedOperationException naming this module and the two-argument call to make instead
     */
    @Override
    public final Tensor forward(Tensor input) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " is conditional: call forward(input, labels) "
                + "with a class label per sample");
    }
}

package dev.panagrad.examples.gan;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.BatchNorm2d;
import dev.panagrad.nn.ConvTranspose2d;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.ReLU;
import dev.panagrad.nn.Sequential;
import dev.panagrad.nn.Tanh;
import dev.panagrad.nn.Unflatten;
import dev.panagrad.nn.gan.ConditionalModule;

/**
 * The generator of {@code mnist-gan}: noise {@code [N, latent]} and the digits to draw {@code [N]} to
 * images {@code [N, 1, 28, 28]} with pixels in [−1, 1]. The noise and the digit's one-hot code are
 * projected to a 7×7 map, which two transposed convolutions double twice (DCGAN's shape: batch norm and
 * ReLU between, tanh at the end).
 */
public final class DigitGenerator extends ConditionalModule {
    /** The digits 0–9. */
    public static final int DIGITS = 10;
    private final Sequential body;

    /** A generator of {@code latent}-long noise whose last hidden layer has {@code width} feature maps (DCGAN's ngf). */
    public DigitGenerator(int latent, int width, Rng rng) {
        body = child("body", new Sequential(
                new Linear(latent + DIGITS, 2 * width * 7 * 7, rng), new ReLU(), new Unflatten(1, 2 * width, 7, 7), // 7×7
                new ConvTranspose2d(2 * width, width, 4, upsample().bias(false), rng), new BatchNorm2d(width), new ReLU(), // 14×14
                new ConvTranspose2d(width, 1, 4, upsample(), rng), new Tanh()));                                            // 28×28
    }

    /** Kernel 4, stride 2, padding 1: doubles the height and width. */
    private static ConvTranspose2d.Options upsample() {
        return ConvTranspose2d.options().stride(2).padding(1);
    }

    /** G(z, y): one image of digit {@code digits[i]} per noise vector {@code noise[i]}. */
    @Override
    public Tensor forward(Tensor noise, Tensor digits) {
        return body.forward(Tensor.cat(1, noise, digits.oneHot(DIGITS).to(noise.dtype())));
    }
}

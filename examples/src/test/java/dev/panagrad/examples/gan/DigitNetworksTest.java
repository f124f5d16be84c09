package dev.panagrad.examples.gan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The conditional generator and discriminator of mnist-gan: the digit reaches the output, in the documented shapes. */
class DigitNetworksTest {
    private static Tensor digits(int... d) {
        return Tensor.of(d, d.length);
    }

    @Test
    void theGeneratorDrawsDifferentImagesForDifferentDigitsFromTheSameNoise() {
        DigitGenerator g = new DigitGenerator(MnistGan.LATENT, 8, new Rng(1));
        g.eval();
        Tensor noise = Tensor.randn(new Rng(2), 1, MnistGan.LATENT).expand(2, MnistGan.LATENT);
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor images = g.forward(noise, digits(3, 8));
            assertArrayEquals(new int[] {2, 1, 28, 28}, images.shape());
            assertFalse(Arrays.equals(images.narrow(0, 0, 1).toFloatArray(), images.narrow(0, 1, 1).toFloatArray()));
            float[] pixels = images.toFloatArray();
            for (float p : pixels) {
                if (!(p >= -1 && p <= 1)) {
                    throw new AssertionError("tanh range: " + p);
                }
            }
        }
    }

    @Test
    void theDiscriminatorJudgesTheSameImageDifferentlyForDifferentDigits() {
        DigitDiscriminator d = new DigitDiscriminator(8, new Rng(3));
        d.eval();
        Tensor image = Tensor.rand(new Rng(4), 1, 1, 28, 28).expand(2, 1, 28, 28);
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor logits = d.forward(image, digits(1, 7));
            assertArrayEquals(new int[] {2, 1}, logits.shape());
            float[] l = logits.toFloatArray();
            assertFalse(l[0] == l[1], "the digit's embedding enters the logit: " + Arrays.toString(l));
            assertArrayEquals(l, d.forward(image, digits(1, 7)).toFloatArray(), "eval mode: no random shift");
        }
    }

    @Test
    void samplingInBatchesDrawsTheImagesOfOneForwardPass() {
        Gan gan = MnistGan.create(MnistGan.LATENT, 8, new Rng(5));
        gan.eval();
        int n = Gan.SAMPLE_BATCH + 3;
        Tensor digits = Gan.everyDigit(n);
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor batched = gan.sample(digits, new Rng(6));
            Tensor whole = gan.forward(Tensor.randn(new Rng(6), n, MnistGan.LATENT), digits);
            assertArrayEquals(new int[] {n, 1, 28, 28}, batched.shape());
            assertArrayEquals(whole.toFloatArray(), batched.toFloatArray(), 1e-6f); // kernels' vector/tail split may move a last bit
        }
    }
}

package dev.panagrad.examples.gan;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Module;
import java.util.Arrays;

/**
 * Differentiable augmentation for a discriminator (DiffAugment's translation, Zhao et al., 2020): in
 * training mode it moves each image of a batch by its own random whole number of pixels, at most
 * {@code maxShift} in each direction, filling the uncovered border with {@code fill}; in eval mode it
 * is the identity. As the first layer of the discriminator it augments real and generated digits
 * alike, in the discriminator's steps and the generator's, and since it is made of differentiable ops
 * (pad, gather) the generator's gradient flows back through it. It keeps a discriminator from
 * memorizing a small training set.
 */
public final class RandomTranslation extends Module {
    private final int maxShift;
    private final double fill;
    private final Rng rng;

    /** Shifts of up to {@code maxShift} pixels, background value {@code fill}, drawn from {@code rng}. */
    public RandomTranslation(int maxShift, double fill, Rng rng) {
        if (maxShift < 0) {
            throw new IllegalArgumentException("RandomTranslation: maxShift must be non-negative, got " + maxShift);
        }
        this.maxShift = maxShift;
        this.fill = fill;
        this.rng = rng;
    }

    /** {@code images} ({@code [N, C, H, W]}) with each image shifted by its own draw (training mode), or unchanged (eval mode). */
    @Override
    public Tensor forward(Tensor images) {
        int[] shape = images.shape();
        if (shape.length != 4) {
            throw new IllegalArgumentException("RandomTranslation: expected images [N, C, H, W], got " + Arrays.toString(shape));
        }
        if (!isTraining() || maxShift == 0) {
            return images;
        }
        int n = shape[0], c = shape[1], h = shape[2], w = shape[3];
        int m = maxShift, paddedWidth = w + 2 * m;
        Tensor padded = images.pad(new int[] {m, m, m, m}, fill).reshape(n, c, (h + 2 * m) * paddedWidth);
        int[] source = new int[n * c * h * w]; // out[i, ch, y, x] = padded[i, ch, y − dy + m, x − dx + m]
        for (int i = 0; i < n; i++) {
            int dy = rng.nextInt(-m, m + 1);
            int dx = rng.nextInt(-m, m + 1);
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        source[((i * c + ch) * h + y) * w + x] = (y - dy + m) * paddedWidth + (x - dx + m);
                    }
                }
            }
        }
        return padded.gather(2, Tensor.of(source, n, c, h * w)).reshape(n, c, h, w);
    }

    @Override
    protected String extraRepr() {
        return "max_shift=" + maxShift + ", fill=" + pyFloat(fill);
    }
}

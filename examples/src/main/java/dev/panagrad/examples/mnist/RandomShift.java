package dev.panagrad.examples.mnist;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import java.util.Arrays;

/**
 * Data augmentation: moves each image of a batch by a random whole number of pixels, at most
 * {@code maxShift} in each direction, filling the uncovered border with {@code fill} (the
 * normalized background). Like torchvision's {@code RandomAffine(0, translate=...)} with integer
 * offsets; it is input preprocessing, outside the autodiff graph.
 */
public final class RandomShift {
    private final int maxShift;
    private final float fill;

    /** Shifts of up to {@code maxShift} pixels, background value {@code fill}. */
    public RandomShift(int maxShift, double fill) {
        if (maxShift < 0) {
            throw new IllegalArgumentException("RandomShift: maxShift must be non-negative, got " + maxShift);
        }
        this.maxShift = maxShift;
        this.fill = (float) fill;
    }

    /** {@code images} ({@code [N, C, H, W]}, FLOAT32) with each image shifted by its own draw from {@code rng}. */
    public Tensor apply(Tensor images, Rng rng) {
        int[] shape = images.shape();
        if (shape.length != 4) {
            throw new IllegalArgumentException("RandomShift: expected images [N, C, H, W], got " + Arrays.toString(shape));
        }
        if (maxShift == 0) {
            return images;
        }
        int n = shape[0], c = shape[1], h = shape[2], w = shape[3];
        float[] src = images.toFloatArray();
        float[] dst = new float[src.length];
        Arrays.fill(dst, fill);
        for (int i = 0; i < n; i++) {
            int dy = rng.nextInt(2 * maxShift + 1) - maxShift;
            int dx = rng.nextInt(2 * maxShift + 1) - maxShift;
            int x0 = Math.max(0, dx), x1 = Math.min(w, w + dx);
            for (int ch = 0; ch < c; ch++) {
                int plane = (i * c + ch) * h * w;
                for (int y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
                    System.arraycopy(src, plane + (y - dy) * w + (x0 - dx), dst, plane + y * w + x0, x1 - x0);
                }
            }
        }
        return Tensor.of(dst, shape);
    }
}

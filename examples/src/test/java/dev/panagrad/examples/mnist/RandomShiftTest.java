package dev.panagrad.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The augmentation: every image moves by its own whole-pixel offset, and the uncovered border takes the fill value. */
class RandomShiftTest {
    private static final int N = 200, C = 2, H = 5, W = 7;
    private static final float FILL = -1;

    @Test
    void eachImageIsItsInputMovedByAtMostMaxShiftPixels() {
        float[] pixels = new float[N * C * H * W];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = i; // distinct, non-negative: never the fill value
        }
        float[] shifted = new RandomShift(2, FILL).apply(Tensor.of(pixels, N, C, H, W), new Rng(3)).toFloatArray();
        Set<String> offsets = new HashSet<>();
        for (int n = 0; n < N; n++) {
            String offset = offsetOf(pixels, shifted, n);
            assertNotNull(offset, "image " + n + " is not a shift of at most 2 pixels of its input");
            offsets.add(offset);
        }
        assertEquals(25, offsets.size(), () -> "expected all 5×5 offsets among " + N + " images, saw " + offsets);
    }

    @Test
    void noShiftReturnsTheInput() {
        Tensor images = Tensor.of(new float[C * H * W], 1, C, H, W);
        assertSame(images, new RandomShift(0, FILL).apply(images, new Rng(3)));
    }

    /** The offset "dy,dx" that turns image {@code n} of {@code in} into image {@code n} of {@code out}, or null. */
    private static String offsetOf(float[] in, float[] out, int n) {
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                float[] expected = new float[C * H * W];
                for (int c = 0; c < C; c++) {
                    for (int y = 0; y < H; y++) {
                        for (int x = 0; x < W; x++) {
                            int sy = y - dy, sx = x - dx;
                            boolean inside = sy >= 0 && sy < H && sx >= 0 && sx < W;
                            expected[(c * H + y) * W + x] = inside ? in[((n * C + c) * H + sy) * W + sx] : FILL;
                        }
                    }
                }
                float[] actual = Arrays.copyOfRange(out, n * C * H * W, (n + 1) * C * H * W);
                if (Arrays.equals(expected, actual)) {
                    return dy + "," + dx;
                }
            }
        }
        return null;
    }
}

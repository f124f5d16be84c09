package dev.panagrad.examples.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The discriminator's differentiable shift augmentation, on images whose shift can be read off. */
class RandomTranslationTest {
    private static final int N = 8;
    private static final int SIDE = 6;

    /** Eight 1×6×6 images of background −1, each with one bright pixel at row 2 + i % 2, column 3. */
    private static Tensor dots() {
        float[] pixels = new float[N * SIDE * SIDE];
        Arrays.fill(pixels, -1f);
        for (int i = 0; i < N; i++) {
            pixels[(i * SIDE + 2 + i % 2) * SIDE + 3] = 1f;
        }
        return Tensor.of(pixels, N, 1, SIDE, SIDE);
    }

    @Test
    void inEvalModeImagesPassUnchanged() {
        RandomTranslation shift = new RandomTranslation(2, -1, new Rng(1));
        shift.eval();
        Tensor images = dots();
        assertSame(images, shift.forward(images));
    }

    @Test
    void eachImageMovesOnItsOwnByAtMostMaxShiftAndGradientsReachTheKeptPixelsOnce() {
        Tensor images = dots();
        try (Tape tape = Tape.record()) {
            tape.watch(images);
            Tensor shifted = new RandomTranslation(1, -1, new Rng(3)).forward(images);
            float[] out = shifted.toFloatArray();
            float[] grad = tape.gradient(shifted.sum(), images).get(images).toFloatArray();
            Set<String> moves = new HashSet<>();
            for (int i = 0; i < N; i++) {
                int bright = brightPixel(out, i);
                int dy = bright / SIDE - (2 + i % 2);
                int dx = bright % SIDE - 3;
                assertTrue(Math.abs(dy) <= 1 && Math.abs(dx) <= 1, "image " + i + " moved by (" + dy + ", " + dx + ")");
                moves.add(dy + "," + dx);
                float received = 0;
                for (int p = i * SIDE * SIDE; p < (i + 1) * SIDE * SIDE; p++) {
                    assertTrue(grad[p] == 0f || grad[p] == 1f, "an input pixel lands at most once");
                    received += grad[p];
                }
                assertEquals((SIDE - Math.abs(dy)) * (SIDE - Math.abs(dx)), received, "pixels of image " + i + " still in view");
            }
            assertTrue(moves.size() > 1, "the images move independently: " + moves);
        }
    }

    /** The index within image {@code i} of its one pixel above the background; all others are the fill. */
    private static int brightPixel(float[] out, int i) {
        int bright = -1;
        for (int p = 0; p < SIDE * SIDE; p++) {
            float v = out[i * SIDE * SIDE + p];
            if (v == 1f) {
                assertEquals(-1, bright, "image " + i + " has one bright pixel");
                bright = p;
            } else {
                assertEquals(-1f, v, "image " + i + " is background elsewhere");
            }
        }
        assertTrue(bright >= 0, "image " + i + " kept its bright pixel");
        return bright;
    }
}

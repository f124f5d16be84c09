package dev.panagrad.examples.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Tensor;
import dev.panagrad.examples.mnist.ImageInput;
import dev.panagrad.nn.data.Mnist;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures of a digit become the normalized 28×28 input the classifiers were trained on. */
class ImageInputTest {
    private static final Tensor DIGIT = Mnist.test().inputs().narrow(0, 0, 1); // a 7, [1, 1, 28, 28] in [0, 1]
    private static final int[] LEVELS = Digits.levels(DIGIT.toFloatArray());

    @Test
    void aGrayPngOfAnMnistDigitGivesExactlyItsNormalizedTensor(@TempDir Path dir) throws IOException {
        Tensor input = ImageInput.read(Digits.png(Digits.gray(LEVELS), dir.resolve("digit.png")), false);
        assertArrayEquals(new int[] {1, 1, 28, 28}, input.shape());
        assertArrayEquals(Mnist.normalize(DIGIT).toFloatArray(), input.toFloatArray());
    }

    @Test
    void aLargerColourPictureIsShrunkByAreaAveraging(@TempDir Path dir) throws IOException {
        Tensor expected = Mnist.normalize(DIGIT);
        assertArrayEquals(expected.toFloatArray(), ImageInput.read(Digits.png(Digits.rgb(LEVELS, 2), dir.resolve("56.png")), false)
                .toFloatArray());
        assertArrayEquals(expected.toFloatArray(), ImageInput.read(Digits.png(Digits.rgb(LEVELS, 5), dir.resolve("140.png")), false)
                .toFloatArray());
    }

    @Test
    void aDarkDigitOnALightOrTransparentBackgroundIsInverted(@TempDir Path dir) throws IOException {
        float[] expected = Mnist.normalize(DIGIT).toFloatArray();
        assertArrayEquals(expected, ImageInput.read(Digits.png(Digits.inverted(LEVELS), dir.resolve("ink.png")), false)
                .toFloatArray(), 1e-5f);
        assertArrayEquals(expected, ImageInput.read(Digits.png(Digits.transparent(LEVELS), dir.resolve("alpha.png")), false)
                .toFloatArray(), 1e-5f);
    }

    @Test
    void fittingCentresALargeOffCentreDigitAsMnistDid() {
        float[] original = ImageInput.input(Digits.gray(LEVELS), true).toFloatArray();
        float[] fitted = ImageInput.input(Digits.onPage(LEVELS, 4, 300, 200, 150, 30), true).toFloatArray();
        float[] plain = ImageInput.input(Digits.onPage(LEVELS, 4, 300, 200, 150, 30), false).toFloatArray();
        assertTrue(meanAbsDifference(original, fitted) < 0.04, () -> "fitted: " + meanAbsDifference(original, fitted));
        assertTrue(meanAbsDifference(original, plain) > 0.08, () -> "plain: " + meanAbsDifference(original, plain));
        double background = (0 - Mnist.MEAN) / Mnist.STD;
        double mass = 0, cx = 0, cy = 0;
        for (int i = 0; i < fitted.length; i++) {
            double ink = fitted[i] - background;
            mass += ink;
            cx += ink * (i % 28 + 0.5);
            cy += ink * (i / 28 + 0.5);
        }
        assertEquals(14, cx / mass, 1.0);
        assertEquals(14, cy / mass, 1.0);
    }

    /** Mean absolute difference of two normalized images, in gray levels of [0, 1]. */
    private static double meanAbsDifference(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.abs(a[i] - b[i]) * Mnist.STD;
        }
        return sum / a.length;
    }
}

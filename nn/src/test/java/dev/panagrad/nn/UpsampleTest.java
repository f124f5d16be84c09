package dev.panagrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Gradients;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Upsample (nearest) and {@link Upsample#interpolateNearest}: known answers from PyTorch's
 * {@code nearest_idx}, {@code src = min(⌊dst·s⌋, in − 1)} with s = 1/scale_factor or in/out in float32.
 */
class UpsampleTest {
    /** 0, 1, …, n − 1 as a [1, 1, n] row. */
    private static Tensor row(int n) {
        return Tensor.arange(0, n, 1, DType.FLOAT32).reshape(1, 1, n);
    }

    private static void assertValues(double[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toDoubleArray(), 0);
    }

    @Test
    void anIntegerScaleRepeatsEachPixelInABlock() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor y = Upsample.withScaleFactor(2).forward(x);
        assertArrayEquals(new int[] {1, 1, 4, 4}, y.shape());
        assertValues(new double[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, y);
    }

    @Test
    void aSizeThatIsNotAMultipleUsesInOverOut() {
        // 3 → 5: s = 0.6, sources ⌊0⌋, ⌊0.6⌋, ⌊1.2⌋, ⌊1.8⌋, ⌊2.4⌋
        assertValues(new double[] {0, 0, 1, 1, 2}, Upsample.withSize(5).forward(row(3)));
        // 2 → 3: s = 2/3, sources 0, 0, 1
        assertValues(new double[] {0, 0, 1}, Upsample.withSize(3).forward(row(2)));
        // 5 → 2 (downsampling): s = 2.5, sources 0, 2
        assertValues(new double[] {0, 2}, Upsample.withSize(2).forward(row(5)));
    }

    @Test
    void aNonIntegerScaleFactorUsesItsReciprocalNotInOverOut() {
        // 5 × 1.3 → ⌊6.5⌋ = 6; s = 1/1.3: sources ⌊0⌋, ⌊0.77⌋, ⌊1.54⌋, ⌊2.31⌋, ⌊3.08⌋, ⌊3.85⌋
        assertValues(new double[] {0, 0, 1, 2, 3, 3}, Upsample.withScaleFactor(1.3).forward(row(5)));
        // the same output size asked for directly: s = 5/6, the last source is ⌊4.17⌋ = 4
        assertValues(new double[] {0, 0, 1, 2, 3, 4}, Upsample.withSize(6).forward(row(5)));
        // 4 × 1.5 = 6: s = 2/3 in float32, where 3·s rounds to exactly 2
        assertValues(new double[] {0, 0, 1, 2, 2, 3}, Upsample.withScaleFactor(1.5).forward(row(4)));
    }

    @Test
    void perAxisSizesAndFactorsApplyToTheirAxes() {
        Tensor x = Tensor.arange(0, 6, 1, DType.FLOAT32).reshape(1, 1, 2, 3);
        Tensor y = Upsample.withScaleFactor(1, 2).forward(x);
        assertValues(new double[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}, y);
        assertArrayEquals(new int[] {1, 1, 3, 2}, Upsample.withSize(3, 2).forward(x).shape());
        Tensor volume = Tensor.randn(new Rng(1), 2, 3, 1, 2, 2);
        assertArrayEquals(new int[] {2, 3, 2, 4, 4}, Upsample.withScaleFactor(2).forward(volume).shape());
    }

    @Test
    void gradientsSumOverTheCopies() {
        Tensor x = Tensor.randn(new Rng(2), DType.FLOAT64, 1, 1, 2, 3).requiresGrad(true);
        Gradients g;
        try (Tape tape = Tape.record()) {
            Tensor y = Upsample.withSize(3, 5).forward(x); // rows 0, 0, 1; columns 0, 0, 1, 1, 2
            g = tape.gradient(y.sum(), List.of(x));
        }
        assertValues(new double[] {4, 4, 2, 2, 2, 1}, g.get(x));
    }

    @Test
    void theFunctionalFormEqualsTheModule() {
        Tensor x = Tensor.randn(new Rng(3), 2, 2, 3, 4);
        assertArrayEquals(Upsample.withScaleFactor(1.7, 2.5).forward(x).toFloatArray(),
                Upsample.interpolateNearest(x, null, new double[] {1.7, 2.5}).toFloatArray());
        assertArrayEquals(Upsample.withSize(7).forward(x).toFloatArray(),
                Upsample.interpolateNearest(x, new int[] {7}, null).toFloatArray());
    }

    @Test
    void badSettingsAndInputsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Upsample.interpolateNearest(row(3), null, null));
        assertThrows(IllegalArgumentException.class, () -> Upsample.interpolateNearest(row(3), new int[] {2}, new double[] {2}));
        assertThrows(IllegalArgumentException.class, () -> Upsample.withScaleFactor(0));
        assertThrows(IllegalArgumentException.class, () -> Upsample.withSize(0, 2));
        IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
                () -> Upsample.withScaleFactor(0.1).forward(row(5)));
        assertTrue(tooSmall.getMessage().startsWith("Upsample(") && tooSmall.getMessage().contains("[1, 1, 5]"),
                tooSmall.getMessage());
        IllegalArgumentException axes = assertThrows(IllegalArgumentException.class,
                () -> Upsample.withSize(2, 3).forward(row(5)));
        assertTrue(axes.getMessage().contains("[1, 1, 5]"), axes.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Upsample.withScaleFactor(2).forward(Tensor.zeros(3, 3)));
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("Upsample(scale_factor=2.0, mode='nearest')", Upsample.withScaleFactor(2).toString());
        assertEquals("Upsample(scale_factor=(1.5, 2.0), mode='nearest')", Upsample.withScaleFactor(1.5, 2).toString());
        assertEquals("Upsample(size=(5, 7), mode='nearest')", Upsample.withSize(5, 7).toString());
        assertEquals("Upsample(size=5, mode='nearest')", Upsample.withSize(5).toString());
    }
}

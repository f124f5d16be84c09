package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Inverted dropout: reproducible masks, unbiasedness, the identity cases, and its gradient. */
class DropoutTest {

    @Test
    void sameSeedGivesTheSameMask() {
        assertArrayEquals(Tensor.dropoutMask(new Rng(42), 0.5, 100).toFloatArray(),
                Tensor.dropoutMask(new Rng(42), 0.5, 100).toFloatArray());
    }

    @Test
    void differentSeedsGiveDifferentMasks() {
        assertFalse(Arrays.equals(Tensor.dropoutMask(new Rng(1), 0.5, 100).toFloatArray(),
                Tensor.dropoutMask(new Rng(2), 0.5, 100).toFloatArray()));
    }

    @Test
    void maskIsZeroOrTheInverseKeepProbability() {
        for (double v : Tensor.dropoutMask(new Rng(5), 0.2, DType.FLOAT64, 1000).toDoubleArray()) {
            if (v != 0 && v != 1.25) {
                throw new AssertionError("mask value " + v);
            }
        }
    }

    @Test
    void expectedValueIsPreserved() {
        // mean of 200 000 mask values: 1 ± 4.5 standard deviations (σ = √(p/(1−p)/n) ≈ 0.0015)
        double mean = Tensor.dropoutMask(new Rng(9), 0.3, DType.FLOAT64, 200_000).sum().item() / 200_000;
        assertEquals(1.0, mean, 0.007);
    }

    @Test
    void keptFractionIsOneMinusP() {
        double[] m = Tensor.dropoutMask(new Rng(11), 0.75, DType.FLOAT64, 100_000).toDoubleArray();
        double kept = Arrays.stream(m).filter(v -> v != 0).count() / 100_000.0;
        assertEquals(0.25, kept, 0.006);
    }

    @Test
    void zeroProbabilityIsTheIdentity() {
        Tensor x = Tensor.randn(new Rng(1), DType.FLOAT64, 3, 4);
        Tensor y = x.dropout(0, true, new Rng(2));
        assertNotSame(x, y);
        assertArrayEquals(x.toDoubleArray(), y.toDoubleArray());
    }

    @Test
    void evaluationModeIsTheIdentity() {
        Tensor x = Tensor.randn(new Rng(1), DType.FLOAT64, 3, 4);
        assertArrayEquals(x.toDoubleArray(), x.dropout(0.9, false, null).toDoubleArray());
    }

    @Test
    void probabilityOneGivesZeros() {
        Tensor x = Tensor.randn(new Rng(1), 5, 5);
        assertArrayEquals(new float[25], x.dropout(1, true, new Rng(3)).toFloatArray(), 0f);
    }

    @Test
    void trainingMultipliesByTheSeededMask() {
        Tensor x = Tensor.randn(new Rng(1), DType.FLOAT64, 4, 6);
        Tensor mask = Tensor.dropoutMask(new Rng(8), 0.4, DType.FLOAT64, 4, 6);
        assertArrayEquals(x.mul(mask).toDoubleArray(), x.dropout(0.4, true, new Rng(8)).toDoubleArray());
    }

    @Test
    void gradientIsTheMask() {
        Tensor x = Tensor.randn(new Rng(1), DType.FLOAT64, 4, 6);
        Tensor mask = Tensor.dropoutMask(new Rng(8), 0.4, DType.FLOAT64, 4, 6);
        try (Tape tape = Tape.record()) {
            tape.watch(x);
            Tensor g = tape.gradient(x.dropout(0.4, true, new Rng(8)).sum(), x).get(x);
            assertArrayEquals(mask.toDoubleArray(), g.toDoubleArray());
        }
    }

    @Test
    void probabilityOutsideTheUnitIntervalIsRejected() {
        Tensor x = Tensor.zeros(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.dropout(1.5, true, new Rng(1)));
        assertEquals("dropout: probability p must be in [0, 1], got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.dropout(-0.1, false, new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> Tensor.dropoutMask(new Rng(1), Double.NaN, 3));
    }
}

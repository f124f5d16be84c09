package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A tensor used many times (a recurrent weight) has its contributions summed in place after the
 * first sum when nothing records the pass: the result is bit for bit the dense, recorded sum, and no
 * tensor the caller can see is written.
 */
class GradientAccumulatorTest {
    @Test
    void aWeightUsedAtEveryStepGetsTheSameGradientInPlaceAsDensely() {
        Rng rng = new Rng(3);
        Tensor w = Tensor.randn(rng, 16, 8).requiresGrad(true);
        Tensor x = Tensor.randn(rng, 5, 16);
        Tensor h0 = Tensor.randn(rng, 5, 8);

        float[] h0Before = h0.toFloatArray();
        float[] inPlace;
        try (Tape tape = Tape.record()) {
            inPlace = recurrence(x, w, h0, tape).toFloatArray();
        }
        float[] dense;
        try (Tape outer = Tape.record()) { // it tracks w and records the inner pass: the dense, differentiable path
            try (Tape inner = Tape.record()) {
                dense = recurrence(x, w, h0, inner).toFloatArray();
            }
        }
        assertArrayEquals(dense, inPlace);
        assertArrayEquals(h0Before, h0.toFloatArray());
    }

    @Test
    void aLinearWeightUsedAtEveryStepHasItsProductsComputedIntoOneBuffer() {
        // linear's weight gradient gᵀ·x goes straight into the running sum (GradientAccumulator.addProduct):
        // bit for bit the dense sum for a batch of up to 512 rows, within rounding beyond (the GEMM then adds
        // its partial dot products block by block)
        for (int rows : new int[] {5, 600}) {
            Rng rng = new Rng(rows);
            Tensor w = Tensor.randn(rng, 8, 8).requiresGrad(true);
            Tensor x = Tensor.randn(rng, rows, 8);
            Tensor h0 = Tensor.randn(rng, rows, 8);
            float[] inPlace;
            try (Tape tape = Tape.record()) {
                inPlace = linearRecurrence(x, w, h0, tape).toFloatArray();
            }
            float[] dense;
            try (Tape outer = Tape.record()) {
                try (Tape inner = Tape.record()) {
                    dense = linearRecurrence(x, w, h0, inner).toFloatArray();
                }
            }
            if (rows <= 512) {
                assertArrayEquals(dense, inPlace);
            } else {
                for (int i = 0; i < dense.length; i++) {
                    assertEquals(dense[i], inPlace[i], 1e-5f * (1 + Math.abs(dense[i])), "element " + i);
                }
            }
            boolean reached = false;
            for (float v : inPlace) {
                reached |= v != 0;
            }
            assertTrue(reached, "a gradient reached w");
        }
    }

    /** dL/dw of L = Σ h_T for h_t = tanh(h_{t−1}·wᵀ + x) over 12 steps, through {@code linear}. */
    private static Tensor linearRecurrence(Tensor x, Tensor w, Tensor h0, Tape tape) {
        Tensor h = h0;
        for (int t = 0; t < 12; t++) {
            h = h.linear(w, null).add(x).tanh();
        }
        return tape.gradient(h.sum(), w).get(w);
    }

    /** dL/dw of L = Σ h_T for h_t = tanh(x·w + h_{t−1}) over 12 steps: w contributes at every step. */
    private static Tensor recurrence(Tensor x, Tensor w, Tensor h0, Tape tape) {
        Tensor h = h0;
        for (int t = 0; t < 12; t++) {
            h = x.matmul(w).add(h).tanh();
        }
        return tape.gradient(h.sum(), w).get(w);
    }
}

package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The fused sequence op {@link Tensor#lstmSequence} against {@link Tensor#lstmCell} stepped through time
 * with a matmul per step (the loop it replaces): values, first-order gradients (the fused reverse pass)
 * and second-order gradients (the composed rule an enclosing tape records), in both directions, on
 * sizes that run the SIMD bodies and their tails and the GEMM's blocked paths.
 */
class RecurrentSequencesTest {
    /** {T, N, H}. */
    private static final int[][] SIZES = {{1, 1, 1}, {3, 2, 5}, {4, 1, 9}, {2, 5, 17}, {5, 3, 4}};

    /** The loop the op replaces: per step gh = h·W_hhᵀ and the fused cell, packed [h_t | c_t] per step. */
    private static Tensor stepped(List<Tensor> in, boolean reverse) {
        Tensor gates = in.get(0);
        Tensor h = in.get(1);
        Tensor c = in.get(2);
        int steps = gates.size(0);
        int hidden = h.size(1);
        Tensor[] out = new Tensor[steps];
        for (int i = 0; i < steps; i++) {
            int t = reverse ? steps - 1 - i : i;
            out[t] = gates.narrow(0, t, 1).squeeze(0).lstmCell(h.linear(in.get(3), null), c);
            h = out[t].narrow(1, 0, hidden);
            c = out[t].narrow(1, hidden, hidden);
        }
        return Tensor.stack(0, out);
    }

    private static Function<List<Tensor>, Tensor> fused(boolean reverse) {
        return in -> in.get(0).lstmSequence(in.get(1), in.get(2), in.get(3), reverse);
    }

    @Test
    void valuesEqualTheCellSteppedThroughTime() {
        forEachCase(DType.FLOAT32, (in, reverse) -> RecurrentCellsTest.assertSameValues(stepped(in, reverse),
                fused(reverse).apply(in)));
    }

    @Test
    void gradientsEqualTheSteppedCellsToSecondOrder() {
        forEachCase(DType.FLOAT64, (in, reverse) -> RecurrentCellsTest.assertSameDerivatives(x -> stepped(x, reverse),
                fused(reverse), in));
    }

    @Test
    void theLastStepHoldsTheFinalStatesAndEachBatchRowDependsOnlyOnItself() {
        List<Tensor> in = inputs(new Rng(3), 4, 3, 6, DType.FLOAT64);
        Tensor all = fused(false).apply(in);
        List<Tensor> row = List.of(in.get(0).narrow(1, 1, 1), in.get(1).narrow(0, 1, 1), in.get(2).narrow(0, 1, 1), in.get(3));
        Tensor alone = fused(false).apply(row);
        assertArrayEquals(all.narrow(1, 1, 1).toDoubleArray(), alone.toDoubleArray(), 1e-12);
        // reversed, step 0 is the last one taken: it must differ from step 0 of the forward direction
        Tensor reversed = fused(true).apply(in);
        assertArrayEquals(stepped(in, true).narrow(0, 0, 1).toDoubleArray(), reversed.narrow(0, 0, 1).toDoubleArray(), 1e-12);
    }

    @Test
    void resultsAndGradientsDoNotDependOnTheThreadCount() {
        List<Tensor> in = inputs(new Rng(5), 6, 40, 33, DType.FLOAT32);
        RecurrentCellsTest.assertIndependentOfTheThreadCount(() -> valuesAndGradients(in));
    }

    @Test
    void badOperandsAreRejectedNamingTheOpAndTheShapes() {
        Tensor h = Tensor.zeros(DType.FLOAT32, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.FLOAT32, 4, 2, 8).lstmSequence(h, h, Tensor.zeros(DType.FLOAT32, 12, 3), false));
        assertEquals("lstmSequence: expected gates [T, N, 12] with T, N ≥ 1 for H = 3, got gates [4, 2, 8], h0 [2, 3], c0 [2, 3] "
                + "and weight_hh [12, 3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.FLOAT32, 4, 3, 12).lstmSequence(h, h, Tensor.zeros(DType.FLOAT32, 12, 3), true));
        assertEquals("lstmSequence: expected h0 and c0 [3, 3], got gates [4, 3, 12], h0 [2, 3], c0 [2, 3] and weight_hh [12, 3]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.FLOAT32, 4, 2, 12).lstmSequence(h, h, Tensor.zeros(DType.FLOAT32, 3, 12), false));
        assertEquals("lstmSequence: expected weight_hh [4·H, H] with H ≥ 1, got gates [4, 2, 12], h0 [2, 3], c0 [2, 3] and "
                + "weight_hh [3, 12]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.FLOAT32, 4, 2, 12)
                .lstmSequence(h, h.to(DType.FLOAT64), Tensor.zeros(DType.FLOAT32, 12, 3), false));
        assertEquals("lstmSequence: gates, h0, c0 and weight_hh must have one dtype, got FLOAT32, FLOAT32, FLOAT64 and FLOAT32",
                e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private interface Case {
        void check(List<Tensor> in, boolean reverse);
    }

    /** Runs {@code check} on inputs of every size, in both directions. */
    private static void forEachCase(DType dtype, Case check) {
        Rng rng = new Rng(11);
        for (int[] size : SIZES) {
            List<Tensor> in = inputs(rng, size[0], size[1], size[2], dtype);
            for (boolean reverse : new boolean[] {false, true}) {
                try {
                    check.check(in, reverse);
                } catch (AssertionError e) {
                    throw new AssertionError("T, N, H = " + size[0] + ", " + size[1] + ", " + size[2] + (reverse ? ", reversed" : "")
                            + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** {@code [gates, h0, c0, W_hh]}: gates with standard deviation 2 so that they saturate now and then. */
    private static List<Tensor> inputs(Rng rng, int steps, int batch, int hidden, DType dtype) {
        return List.of(Tensor.randn(rng, dtype, steps, batch, 4 * hidden).mul(2), Tensor.randn(rng, dtype, batch, hidden),
                Tensor.randn(rng, dtype, batch, hidden), Tensor.randn(rng, dtype, 4 * hidden, hidden).div(Math.sqrt(hidden)));
    }

    private static List<float[]> valuesAndGradients(List<Tensor> in) {
        List<float[]> out = new ArrayList<>();
        for (boolean reverse : new boolean[] {false, true}) {
            try (Tape tape = Tape.record()) {
                in.forEach(tape::watch);
                Tensor y = fused(reverse).apply(in);
                out.add(y.toFloatArray());
                for (Tensor g : tape.gradient(y, Tensor.randn(new Rng(9), y.dtype(), y.shape()), in).list()) {
                    out.add(g.toFloatArray());
                }
            }
        }
        return out;
    }
}

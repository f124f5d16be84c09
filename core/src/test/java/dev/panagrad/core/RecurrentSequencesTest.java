package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The fused layer ops {@link Tensor#lstmLayer} and {@link Tensor#gruLayer} against the loops they replace,
 * the input projection as one {@link Tensor#linear} and {@link Tensor#lstmCell} or {@link Tensor#gruCell}
 * stepped through time with a product per step: values,
 * first-order gradients (the fused reverse pass) and second-order gradients (the composed rule an
 * enclosing tape records), in both directions, with and without biases, on sizes that run the SIMD
 * bodies and their tails, the GEMM's blocked paths and several blocks of batch rows.
 */
class RecurrentSequencesTest {
    /** {T, N, input_size, H}. */
    private static final int[][] SIZES = {{1, 1, 1, 1}, {3, 2, 4, 5}, {4, 1, 3, 9}, {2, 5, 1, 17}, {5, 3, 2, 4}, {2, 17, 3, 3}};

    /**
     * The loop the op replaces: the input gates x·W_ihᵀ + (b_ih + b_hh) in one product, then per step
     * gh = h·W_hhᵀ and the fused cell, packed [h_t | c_t] per step. Inputs {@code [x, h0, c0, W_ih, W_hh]}
     * and optionally {@code b_ih, b_hh}.
     */
    private static Tensor stepped(List<Tensor> in, boolean reverse) {
        Tensor gates = in.get(0).linear(in.get(3), in.size() > 5 ? in.get(5).add(in.get(6)) : null);
        Tensor h = in.get(1);
        Tensor c = in.get(2);
        int steps = gates.size(0);
        int hidden = h.size(1);
        Tensor[] out = new Tensor[steps];
        for (int i = 0; i < steps; i++) {
            int t = reverse ? steps - 1 - i : i;
            out[t] = gates.narrow(0, t, 1).squeeze(0).lstmCell(h.linear(in.get(4), null), c);
            h = out[t].narrow(1, 0, hidden);
            c = out[t].narrow(1, hidden, hidden);
        }
        return Tensor.stack(0, out);
    }

    private static Function<List<Tensor>, Tensor> fused(boolean reverse) {
        return in -> in.get(0).lstmLayer(in.get(1), in.get(2), in.get(3), in.get(4), in.size() > 5 ? in.get(5) : null,
                in.size() > 5 ? in.get(6) : null, reverse);
    }

    /**
     * The GRU's loop: the input gates x·W_ihᵀ + b_ih in one product, then per step gh = h·W_hhᵀ + b_hh and the
     * fused cell. Inputs {@code [x, h0, W_ih, W_hh]} and optionally {@code b_ih, b_hh}.
     */
    private static Tensor steppedGru(List<Tensor> in, boolean reverse) {
        Tensor bIh = in.size() > 4 ? in.get(4) : null;
        Tensor bHh = in.size() > 4 ? in.get(5) : null;
        Tensor gates = in.get(0).linear(in.get(2), bIh);
        Tensor h = in.get(1);
        int steps = gates.size(0);
        Tensor[] out = new Tensor[steps];
        for (int i = 0; i < steps; i++) {
            int t = reverse ? steps - 1 - i : i;
            out[t] = gates.narrow(0, t, 1).squeeze(0).gruCell(h.linear(in.get(3), bHh), h);
            h = out[t];
        }
        return Tensor.stack(0, out);
    }

    private static Function<List<Tensor>, Tensor> fusedGru(boolean reverse) {
        return in -> in.get(0).gruLayer(in.get(1), in.get(2), in.get(3), in.size() > 4 ? in.get(4) : null,
                in.size() > 4 ? in.get(5) : null, reverse);
    }

    @Test
    void valuesEqualTheCellSteppedThroughTime() {
        forEachCase(DType.FLOAT32, RecurrentSequencesTest::inputs, (in, reverse) -> RecurrentCellsTest.assertSameValues(
                stepped(in, reverse), fused(reverse).apply(in)));
        forEachCase(DType.FLOAT32, RecurrentSequencesTest::gruInputs, (in, reverse) -> RecurrentCellsTest.assertSameValues(
                steppedGru(in, reverse), fusedGru(reverse).apply(in)));
    }

    @Test
    void gradientsEqualTheSteppedCellsToSecondOrder() {
        forEachCase(DType.FLOAT64, RecurrentSequencesTest::inputs, (in, reverse) -> RecurrentCellsTest.assertSameDerivatives(
                x -> stepped(x, reverse), fused(reverse), in));
        forEachCase(DType.FLOAT64, RecurrentSequencesTest::gruInputs, (in, reverse) -> RecurrentCellsTest.assertSameDerivatives(
                x -> steppedGru(x, reverse), fusedGru(reverse), in));
    }

    @Test
    void theLastStepHoldsTheFinalStatesAndEachBatchRowDependsOnlyOnItself() {
        List<Tensor> in = inputs(new Rng(3), 4, 3, 2, 6, true, DType.FLOAT64);
        Tensor all = fused(false).apply(in);
        List<Tensor> row = List.of(in.get(0).narrow(1, 1, 1), in.get(1).narrow(0, 1, 1), in.get(2).narrow(0, 1, 1), in.get(3),
                in.get(4), in.get(5), in.get(6));
        Tensor alone = fused(false).apply(row);
        assertArrayEquals(all.narrow(1, 1, 1).toDoubleArray(), alone.toDoubleArray(), 1e-12);
        // reversed, step 0 is the last one taken: it must differ from step 0 of the forward direction
        Tensor reversed = fused(true).apply(in);
        assertArrayEquals(stepped(in, true).narrow(0, 0, 1).toDoubleArray(), reversed.narrow(0, 0, 1).toDoubleArray(), 1e-12);
    }

    @Test
    void resultsAndGradientsDoNotDependOnTheThreadCount() {
        List<Tensor> lstm = inputs(new Rng(5), 6, 40, 5, 33, true, DType.FLOAT32);
        List<Tensor> gru = gruInputs(new Rng(6), 6, 40, 5, 33, true, DType.FLOAT32);
        RecurrentCellsTest.assertIndependentOfTheThreadCount(() -> {
            List<float[]> all = valuesAndGradients(lstm, RecurrentSequencesTest::fused);
            all.addAll(valuesAndGradients(gru, RecurrentSequencesTest::fusedGru));
            return all;
        });
    }

    @Test
    void badOperandsAreRejectedNamingTheOpAndTheShapes() {
        Tensor x = Tensor.zeros(DType.FLOAT32, 4, 2, 5);
        Tensor h = Tensor.zeros(DType.FLOAT32, 2, 3);
        Tensor wIh = Tensor.zeros(DType.FLOAT32, 12, 5);
        Tensor wHh = Tensor.zeros(DType.FLOAT32, 12, 3);
        assertRejected("lstmLayer: expected weight_ih [12, 5] for H = 3 and input_size 5, got x [4, 2, 5], h0 [2, 3], "
                + "c0 [2, 3], weight_ih [12, 4], weight_hh [12, 3]",
                () -> x.lstmLayer(h, h, Tensor.zeros(DType.FLOAT32, 12, 4), wHh, null, null, false));
        assertRejected("lstmLayer: expected h0 and c0 [3, 3], got x [4, 3, 5], h0 [2, 3], c0 [2, 3], weight_ih [12, 5], "
                + "weight_hh [12, 3]", () -> Tensor.zeros(DType.FLOAT32, 4, 3, 5).lstmLayer(h, h, wIh, wHh, null, null, true));
        assertRejected("lstmLayer: expected weight_hh [4·H, H] with H ≥ 1, got x [4, 2, 5], h0 [2, 3], c0 [2, 3], "
                + "weight_ih [12, 5], weight_hh [3, 12]", () -> x.lstmLayer(h, h, wIh, Tensor.zeros(DType.FLOAT32, 3, 12), null,
                        null, false));
        assertRejected("lstmLayer: expected biases [12], got x [4, 2, 5], h0 [2, 3], c0 [2, 3], weight_ih [12, 5], "
                + "weight_hh [12, 3], bias_hh [3]", () -> x.lstmLayer(h, h, wIh, wHh, null, Tensor.zeros(DType.FLOAT32, 3),
                        false));
        assertRejected("lstmLayer: expected x [T, N, input_size] with T, N ≥ 1, got x [0, 2, 5], h0 [2, 3], c0 [2, 3], "
                + "weight_ih [12, 5], weight_hh [12, 3]", () -> Tensor.zeros(DType.FLOAT32, 0, 2, 5).lstmLayer(h, h, wIh, wHh,
                        null, null, false));
        assertRejected("lstmLayer: all operands must have one dtype, got x FLOAT32, h0 FLOAT32, c0 FLOAT64, weight_ih FLOAT32, "
                + "weight_hh FLOAT32", () -> x.lstmLayer(h, h.to(DType.FLOAT64), wIh, wHh, null, null, false));
        assertRejected("gruLayer: expected weight_hh [3·H, H] with H ≥ 1, got x [4, 2, 5], h0 [2, 3], weight_ih [12, 5], "
                + "weight_hh [12, 3]", () -> x.gruLayer(h, wIh, wHh, null, null, false));
        assertRejected("gruLayer: expected h0 [2, 3], got x [4, 2, 5], h0 [3, 3], weight_ih [9, 5], weight_hh [9, 3]",
                () -> x.gruLayer(Tensor.zeros(DType.FLOAT32, 3, 3), Tensor.zeros(DType.FLOAT32, 9, 5),
                        Tensor.zeros(DType.FLOAT32, 9, 3), null, null, false));
    }

    private static void assertRejected(String message, Runnable call) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, call::run).getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private interface Case {
        void check(List<Tensor> in, boolean reverse);
    }

    /** Inputs of a layer op for T, N, input_size and H, with or without biases. */
    private interface Maker {
        List<Tensor> make(Rng rng, int steps, int batch, int in, int hidden, boolean biases, DType dtype);
    }

    /** Runs {@code check} on inputs of every size, in both directions, with biases and (every other size) without. */
    private static void forEachCase(DType dtype, Maker maker, Case check) {
        Rng rng = new Rng(11);
        for (int c = 0; c < SIZES.length; c++) {
            int[] size = SIZES[c];
            boolean biases = c % 2 == 1;
            List<Tensor> in = maker.make(rng, size[0], size[1], size[2], size[3], biases, dtype);
            for (boolean reverse : new boolean[] {false, true}) {
                try {
                    check.check(in, reverse);
                } catch (AssertionError e) {
                    throw new AssertionError("T, N, in, H = " + Arrays.toString(size) + (biases ? ", biases" : "")
                            + (reverse ? ", reversed" : "") + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /**
     * {@code [x, h0, c0, W_ih, W_hh]} and, with {@code biases}, {@code b_ih, b_hh}: x of standard deviation 2
     * so that the gates saturate now and then.
     */
    private static List<Tensor> inputs(Rng rng, int steps, int batch, int in, int hidden, boolean biases, DType dtype) {
        List<Tensor> all = new ArrayList<>(List.of(Tensor.randn(rng, dtype, steps, batch, in).mul(2),
                Tensor.randn(rng, dtype, batch, hidden), Tensor.randn(rng, dtype, batch, hidden),
                Tensor.randn(rng, dtype, 4 * hidden, in).div(Math.sqrt(in)),
                Tensor.randn(rng, dtype, 4 * hidden, hidden).div(Math.sqrt(hidden))));
        if (biases) {
            all.add(Tensor.randn(rng, dtype, 4 * hidden));
            all.add(Tensor.randn(rng, dtype, 4 * hidden));
        }
        return all;
    }

    /**
     * {@code [x, h0, W_ih, W_hh]} and, with {@code biases}, {@code b_ih, b_hh} for a GRU, x of standard
     * deviation 2 as for {@link #inputs}.
     */
    private static List<Tensor> gruInputs(Rng rng, int steps, int batch, int in, int hidden, boolean biases, DType dtype) {
        List<Tensor> all = new ArrayList<>(List.of(Tensor.randn(rng, dtype, steps, batch, in).mul(2),
                Tensor.randn(rng, dtype, batch, hidden), Tensor.randn(rng, dtype, 3 * hidden, in).div(Math.sqrt(in)),
                Tensor.randn(rng, dtype, 3 * hidden, hidden).div(Math.sqrt(hidden))));
        if (biases) {
            all.add(Tensor.randn(rng, dtype, 3 * hidden));
            all.add(Tensor.randn(rng, dtype, 3 * hidden));
        }
        return all;
    }

    private static List<float[]> valuesAndGradients(List<Tensor> in, Function<Boolean, Function<List<Tensor>, Tensor>> op) {
        List<float[]> out = new ArrayList<>();
        for (boolean reverse : new boolean[] {false, true}) {
            try (Tape tape = Tape.record()) {
                in.forEach(tape::watch);
                Tensor y = op.apply(reverse).apply(in);
                out.add(y.toFloatArray());
                for (Tensor g : tape.gradient(y, Tensor.randn(new Rng(9), y.dtype(), y.shape()), in).list()) {
                    out.add(g.toFloatArray());
                }
            }
        }
        return out;
    }
}

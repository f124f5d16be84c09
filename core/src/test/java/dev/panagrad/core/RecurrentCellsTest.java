package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.kernels.Kernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The fused gate ops {@link Tensor#lstmCell} and {@link Tensor#gruCell} against the compositions of
 * single ops they replace: values, first-order gradients (the fused backward kernel) and second-order
 * gradients (the composed rules an enclosing tape records), on hidden sizes that run the SIMD bodies
 * and their tails, batched and unbatched.
 */
class RecurrentCellsTest {
    private static final int[][] LEADS = {{}, {1}, {2, 3}, {5}};
    private static final int[] HIDDEN = {1, 5, 9, 17};

    /** The LSTM step nn composed before the fused op: chunk, sigmoid, tanh, mul, add; packed [h' | c']. */
    static Tensor lstmComposed(List<Tensor> in) {
        Tensor c = in.get(2);
        int last = c.dim() - 1;
        List<Tensor> a = in.get(0).add(in.get(1)).chunk(4, last);
        Tensor cNext = a.get(1).sigmoid().mul(c).add(a.get(0).sigmoid().mul(a.get(2).tanh()));
        return Tensor.cat(last, a.get(3).sigmoid().mul(cNext.tanh()), cNext);
    }

    /** The GRU step nn composed before the fused op. */
    static Tensor gruComposed(List<Tensor> in) {
        Tensor h = in.get(2);
        int last = h.dim() - 1;
        List<Tensor> gi = in.get(0).chunk(3, last);
        List<Tensor> gh = in.get(1).chunk(3, last);
        Tensor r = gi.get(0).add(gh.get(0)).sigmoid();
        Tensor z = gi.get(1).add(gh.get(1)).sigmoid();
        Tensor n = gi.get(2).add(r.mul(gh.get(2))).tanh();
        return n.add(z.mul(h.sub(n)));
    }

    static Tensor lstmFused(List<Tensor> in) {
        return in.get(0).lstmCell(in.get(1), in.get(2));
    }

    static Tensor gruFused(List<Tensor> in) {
        return in.get(0).gruCell(in.get(1), in.get(2));
    }

    @Test
    void lstmForwardEqualsTheComposition() {
        forEachCase(4, DType.FLOAT32, in -> assertSameValues(lstmComposed(in), lstmFused(in)));
    }

    @Test
    void gruForwardEqualsTheComposition() {
        forEachCase(3, DType.FLOAT32, in -> assertSameValues(gruComposed(in), gruFused(in)));
    }

    @Test
    void lstmGradientsEqualTheCompositionsToSecondOrder() {
        forEachCase(4, DType.FLOAT64,
                in -> assertSameDerivatives(RecurrentCellsTest::lstmComposed, RecurrentCellsTest::lstmFused, in));
    }

    @Test
    void gruGradientsEqualTheCompositionsToSecondOrder() {
        forEachCase(3, DType.FLOAT64,
                in -> assertSameDerivatives(RecurrentCellsTest::gruComposed, RecurrentCellsTest::gruFused, in));
    }

    @Test
    void resultsAndGradientsDoNotDependOnTheThreadCount() {
        List<Tensor> lstm = inputs(new Rng(5), 4, new int[] {96}, 17, DType.FLOAT32);
        List<Tensor> gru = inputs(new Rng(6), 3, new int[] {96}, 17, DType.FLOAT32);
        assertIndependentOfTheThreadCount(() -> valuesAndGradients(lstm, gru));
    }

    /** {@code run}'s arrays are bitwise the same on one thread and on three. */
    static void assertIndependentOfTheThreadCount(Supplier<List<float[]>> run) {
        int original = Threads.getNumThreads();
        try {
            Threads.setNumThreads(1);
            List<float[]> one = run.get();
            Threads.setNumThreads(3);
            List<float[]> three = run.get();
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i), three.get(i), "result " + i);
            }
        } finally {
            Threads.setNumThreads(original);
        }
    }

    @Test
    void badShapesAreRejectedNamingTheOpAndTheShapes() {
        Tensor c = Tensor.zeros(DType.FLOAT32, 2, 4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.FLOAT32, 2, 12).lstmCell(Tensor.zeros(DType.FLOAT32, 2, 12), c));
        assertEquals("lstmCell: expected gi and gh [2, 16] (4·H gates for H = 4, the leading dims of c), got gi [2, 12], "
                + "gh [2, 12] and c [2, 4]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.FLOAT64, 3, 6).gruCell(Tensor.zeros(DType.FLOAT64, 3, 6),
                        Tensor.zeros(DType.FLOAT64, 2, 2)));
        assertEquals("gruCell: expected gi and gh [2, 6] (3·H gates for H = 2, the leading dims of h), got gi [3, 6], "
                + "gh [3, 6] and h [2, 2]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.FLOAT32, 2, 16).lstmCell(Tensor.zeros(DType.FLOAT32, 2, 16), c.to(DType.FLOAT64)));
        assertEquals("lstmCell: gi, gh and c must have one dtype, got FLOAT32, FLOAT32 and FLOAT64", e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    /** Runs {@code check} on inputs for every leading shape and hidden size. */
    private static void forEachCase(int gates, DType dtype, Consumer<List<Tensor>> check) {
        Rng rng = new Rng(gates);
        for (int[] lead : LEADS) {
            for (int hidden : HIDDEN) {
                List<Tensor> in = inputs(rng, gates, lead, hidden, dtype);
                try {
                    check.accept(in);
                } catch (AssertionError e) {
                    throw new AssertionError("lead " + Arrays.toString(lead) + ", H = " + hidden + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** {@code [gi, gh, state]}, standard deviation 2 so that gates saturate now and then. */
    private static List<Tensor> inputs(Rng rng, int gates, int[] lead, int hidden, DType dtype) {
        int[] wide = Arrays.copyOf(lead, lead.length + 1);
        wide[lead.length] = gates * hidden;
        int[] narrow = wide.clone();
        narrow[lead.length] = hidden;
        return List.of(Tensor.randn(rng, dtype, wide).mul(2), Tensor.randn(rng, dtype, wide).mul(2),
                Tensor.randn(rng, dtype, narrow));
    }

    /**
     * Bitwise with the scalar kernels, which compute each activation and product exactly as the single
     * ops do; within an ulp or two with SIMD, whose vector bodies and scalar tails fall elsewhere.
     */
    static void assertSameValues(Tensor composed, Tensor fused) {
        assertArrayEquals(composed.shape(), fused.shape());
        float[] want = composed.toFloatArray();
        float[] got = fused.toFloatArray();
        for (int i = 0; i < want.length; i++) {
            if (Kernels.SIMD) {
                assertTrue(Math.abs(want[i] - got[i]) <= 1e-6 * (1 + Math.abs(want[i])), i + ": " + got[i] + " vs " + want[i]);
            } else {
                assertEquals(want[i], got[i], 0f, "element " + i);
            }
        }
    }

    /**
     * The vector-Jacobian products of both (the fused one through its backward kernel, as no enclosing
     * tape records) and the gradients of ⟨vjp, u⟩ with respect to the inputs and the cotangent (the fused
     * one through its composed rule, as the outer tape records) agree to rounding.
     */
    static void assertSameDerivatives(Function<List<Tensor>, Tensor> composed, Function<List<Tensor>, Tensor> fused,
            List<Tensor> in) {
        Rng rng = new Rng(17);
        Tensor v = Tensor.randn(rng, DType.FLOAT64, composed.apply(in).shape());
        List<Tensor> u = in.stream().map(t -> Tensor.randn(rng, DType.FLOAT64, t.shape())).toList();
        assertClose("first order", vjp(composed, in, v), vjp(fused, in, v));
        assertClose("second order", secondOrder(composed, in, v, u), secondOrder(fused, in, v, u));
    }

    private static List<Tensor> vjp(Function<List<Tensor>, Tensor> f, List<Tensor> in, Tensor v) {
        try (Tape tape = Tape.record()) {
            in.forEach(tape::watch);
            return tape.gradient(f.apply(in), v, in).list();
        }
    }

    /** ∂/∂(inputs, v) of Σ_k ⟨vjp_k, u_k⟩. */
    private static List<Tensor> secondOrder(Function<List<Tensor>, Tensor> f, List<Tensor> in, Tensor v, List<Tensor> u) {
        try (Tape outer = Tape.record()) {
            in.forEach(outer::watch);
            outer.watch(v);
            List<Tensor> g = vjp(f, in, v);
            Tensor s = g.get(0).mul(u.get(0)).sum();
            for (int k = 1; k < g.size(); k++) {
                s = s.add(g.get(k).mul(u.get(k)).sum());
            }
            List<Tensor> sources = new ArrayList<>(in);
            sources.add(v);
            return outer.gradient(s, sources).list();
        }
    }

    private static void assertClose(String what, List<Tensor> want, List<Tensor> got) {
        for (int k = 0; k < want.size(); k++) {
            double[] w = want.get(k).toDoubleArray();
            double[] g = got.get(k).toDoubleArray();
            for (int i = 0; i < w.length; i++) {
                assertTrue(Math.abs(w[i] - g[i]) <= 1e-12 * (1 + Math.abs(w[i])),
                        what + ", gradient " + k + "[" + i + "]: fused " + g[i] + ", composed " + w[i]);
            }
        }
    }

    private static List<float[]> valuesAndGradients(List<Tensor> lstm, List<Tensor> gru) {
        List<float[]> out = new ArrayList<>();
        for (List<Tensor> in : List.of(lstm, gru)) {
            boolean isLstm = in == lstm;
            try (Tape tape = Tape.record()) {
                in.forEach(tape::watch);
                Tensor y = isLstm ? lstmFused(in) : gruFused(in);
                out.add(y.toFloatArray());
                for (Tensor g : tape.gradient(y, Tensor.randn(new Rng(9), y.dtype(), y.shape()), in).list()) {
                    out.add(g.toFloatArray());
                }
            }
        }
        return out;
    }
}

package dev.panagrad.nn.rnn;

import static dev.panagrad.nn.rnn.Reference.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.GradCheck;
import dev.panagrad.nn.Module;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RNN, LSTM and GRU against their cells, against each other's layouts, and their options and errors. */
class RecurrentLayerTest {
    private static final int IN = 3;
    private static final int H = 4;
    private static final int T = 3;
    private static final int N = 2;

    private final Rng rng = new Rng(11);

    private Tensor randn(int... shape) {
        return Tensor.randn(rng, DType.FLOAT64, shape);
    }

    @SuppressWarnings("unchecked")
    private static <M extends Module> M f64(M m) {
        return (M) m.to(DType.FLOAT64);
    }

    /** {@code source}'s entries whose names end in {@code from}, renamed to end in {@code to} instead. */
    private static Map<String, Tensor> renamed(Module source, String from, String to) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        source.stateDict().forEach((name, t) -> {
            if (name.endsWith(from)) {
                out.put(name.substring(0, name.length() - from.length()) + to, t);
            }
        });
        return out;
    }

    private static Tensor step(Tensor seq, int t) {
        return seq.narrow(0, t, 1).squeeze(0);
    }

    @Test
    void aSingleLayerLstmStepsItsCellThroughTime() {
        LSTM lstm = f64(new LSTM(IN, H, rng));
        LSTMCell cell = f64(new LSTMCell(IN, H, rng));
        cell.loadStateDict(renamed(lstm, "_l0", ""), true);
        Tensor x = randn(T, N, IN);
        Tensor h0 = randn(1, N, H);
        Tensor c0 = randn(1, N, H);
        LSTM.Result r = lstm.forward(x, h0, c0);
        LSTMCell.State s = new LSTMCell.State(h0.squeeze(0), c0.squeeze(0));
        for (int t = 0; t < T; t++) {
            s = cell.forward(step(x, t), s);
            assertClose(s.h(), step(r.output(), t), 1e-14);
        }
        assertClose(s.h().unsqueeze(0), r.hN(), 1e-14);
        assertClose(s.c().unsqueeze(0), r.cN(), 1e-14);
    }

    @Test
    void aSingleLayerGruStepsItsCellThroughTime() {
        GRU gru = f64(new GRU(IN, H, rng));
        GRUCell cell = f64(new GRUCell(IN, H, rng));
        cell.loadStateDict(renamed(gru, "_l0", ""), true);
        Tensor x = randn(T, N, IN);
        Tensor h = randn(1, N, H);
        GRU.Result r = gru.forward(x, h);
        h = h.squeeze(0);
        for (int t = 0; t < T; t++) {
            h = cell.forward(step(x, t), h);
            assertClose(h, step(r.output(), t), 1e-14);
        }
        assertClose(h.unsqueeze(0), r.hN(), 1e-14);
    }

    @Test
    void aSingleLayerReluRnnStepsItsCellThroughTime() {
        RNN rnn = f64(new RNN(IN, H, RNN.options().nonlinearity(Nonlinearity.RELU).bias(false), rng));
        RNNCell cell = f64(new RNNCell(IN, H, false, Nonlinearity.RELU, rng));
        cell.loadStateDict(renamed(rnn, "_l0", ""), true);
        Tensor x = randn(T, N, IN);
        RNN.Result r = rnn.forward(x, null);
        Tensor h = null;
        for (int t = 0; t < T; t++) {
            h = cell.forward(step(x, t), h);
            assertClose(h, step(r.output(), t), 1e-14);
        }
        assertClose(h.unsqueeze(0), r.hN(), 1e-14);
    }

    /**
     * The layer's parameter gradients (of Σ output ⊙ R) equal those of its cell unrolled through time: the layer adds
     * b_hh to the input projection once per sequence where it only adds (RNN, LSTM) and keeps it per step for GRU.
     */
    @Test
    void parameterGradientsEqualThoseOfTheCellUnrolledThroughTime() {
        Tensor x = randn(T, N, IN);
        Tensor r = randn(T, N, H);
        LSTM lstm = f64(new LSTM(IN, H, rng));
        LSTMCell lstmCell = f64(new LSTMCell(IN, H, rng));
        assertSameParameterGradients(lstm, lstm::forward, lstmCell, () -> {
            LSTMCell.State s = null;
            Tensor[] out = new Tensor[T];
            for (int t = 0; t < T; t++) {
                s = s == null ? lstmCell.forward(step(x, t), null) : lstmCell.forward(step(x, t), s);
                out[t] = s.h();
            }
            return Tensor.stack(0, out);
        }, x, r);
        GRU gru = f64(new GRU(IN, H, rng));
        GRUCell gruCell = f64(new GRUCell(IN, H, rng));
        assertSameParameterGradients(gru, gru::forward, gruCell, () -> unrolled(gruCell::forward, x), x, r);
        RNN rnn = f64(new RNN(IN, H, rng));
        RNNCell rnnCell = f64(new RNNCell(IN, H, rng));
        assertSameParameterGradients(rnn, rnn::forward, rnnCell, () -> unrolled(rnnCell::forward, x), x, r);
    }

    private static Tensor unrolled(java.util.function.BinaryOperator<Tensor> cell, Tensor x) {
        Tensor[] out = new Tensor[T];
        Tensor h = null;
        for (int t = 0; t < T; t++) {
            h = cell.apply(step(x, t), h);
            out[t] = h;
        }
        return Tensor.stack(0, out);
    }

    private static void assertSameParameterGradients(Module layer, java.util.function.UnaryOperator<Tensor> forward,
            Module cell, java.util.function.Supplier<Tensor> cellForward, Tensor x, Tensor r) {
        cell.loadStateDict(renamed(layer, "_l0", ""), true);
        Map<String, Tensor> layerGrads = new LinkedHashMap<>();
        try (dev.panagrad.core.Tape tape = dev.panagrad.core.Tape.record()) {
            dev.panagrad.core.Gradients g = tape.gradient(forward.apply(x).mul(r).sum(), layer.parameters());
            layer.namedParameters().forEach((name, p) -> layerGrads.put(name.replace("_l0", ""), g.get(p)));
        }
        try (dev.panagrad.core.Tape tape = dev.panagrad.core.Tape.record()) {
            dev.panagrad.core.Gradients g = tape.gradient(cellForward.get().mul(r).sum(), cell.parameters());
            cell.namedParameters().forEach((name, p) -> {
                assertTrue(layerGrads.containsKey(name), name);
                assertClose(g.get(p), layerGrads.get(name), 1e-13);
            });
        }
        assertEquals(4, layerGrads.size(), layer.toString());
    }

    @Test
    void aTwoLayerStackEqualsTwoSingleLayerModulesWithCopiedWeights() {
        LSTM two = f64(new LSTM(IN, H, LSTM.options().numLayers(2), rng));
        LSTM first = f64(new LSTM(IN, H, rng));
        LSTM second = f64(new LSTM(H, H, rng));
        first.loadStateDict(renamed(two, "_l0", "_l0"), true);
        second.loadStateDict(renamed(two, "_l1", "_l0"), true);
        Tensor x = randn(T, N, IN);
        Tensor h0 = randn(2, N, H);
        Tensor c0 = randn(2, N, H);
        LSTM.Result r = two.forward(x, h0, c0);
        LSTM.Result a = first.forward(x, h0.narrow(0, 0, 1), c0.narrow(0, 0, 1));
        LSTM.Result b = second.forward(a.output(), h0.narrow(0, 1, 1), c0.narrow(0, 1, 1));
        assertClose(b.output(), r.output(), 1e-14);
        assertClose(Tensor.cat(0, a.hN(), b.hN()), r.hN(), 1e-14);
        assertClose(Tensor.cat(0, a.cN(), b.cN()), r.cN(), 1e-14);

        GRU gru = f64(new GRU(IN, H, GRU.options().numLayers(2), rng));
        GRU g0 = f64(new GRU(IN, H, rng));
        GRU g1 = f64(new GRU(H, H, rng));
        g0.loadStateDict(renamed(gru, "_l0", "_l0"), true);
        g1.loadStateDict(renamed(gru, "_l1", "_l0"), true);
        assertClose(g1.forward(g0.forward(x)), gru.forward(x), 1e-14);
    }

    @Test
    void batchFirstEqualsTheTransposedTimeMajorInputAndOutput() {
        GRU timeMajor = f64(new GRU(IN, H, GRU.options().numLayers(2), rng));
        GRU batchFirst = f64(new GRU(IN, H, GRU.options().numLayers(2).batchFirst(true), rng));
        batchFirst.loadStateDict(timeMajor.stateDict(), true);
        Tensor x = randn(T, N, IN);
        Tensor h0 = randn(2, N, H);
        GRU.Result expected = timeMajor.forward(x, h0);
        GRU.Result actual = batchFirst.forward(x.transpose(0, 1), h0);
        assertClose(expected.output().transpose(0, 1), actual.output(), 0);
        assertClose(expected.hN(), actual.hN(), 0);
    }

    @Test
    void anUnbatchedSequenceEqualsABatchOfOne() {
        for (boolean batchFirst : new boolean[] {false, true}) {
            LSTM lstm = f64(new LSTM(IN, H, LSTM.options().numLayers(2).batchFirst(batchFirst), rng));
            Tensor x = randn(T, IN);
            Tensor h0 = randn(2, H);
            Tensor c0 = randn(2, H);
            LSTM.Result one = lstm.forward(x, h0, c0);
            LSTM.Result batch = lstm.forward(x.unsqueeze(batchFirst ? 0 : 1), h0.unsqueeze(1), c0.unsqueeze(1));
            assertClose(batch.output().squeeze(batchFirst ? 0 : 1), one.output(), 1e-15);
            assertClose(batch.hN().squeeze(1), one.hN(), 1e-15);
            assertClose(batch.cN().squeeze(1), one.cN(), 1e-15);
        }
    }

    @Test
    void theFinalHiddenStateOfTheLastLayerIsTheLastOutputRow() {
        Tensor x = randn(T, N, IN);
        GRU gru = f64(new GRU(IN, H, GRU.options().numLayers(2), rng));
        GRU.Result g = gru.forward(x, null);
        assertClose(step(g.output(), T - 1), step(g.hN(), 1), 0);
        LSTM lstm = f64(new LSTM(IN, H, rng));
        LSTM.Result l = lstm.forward(x, null, null);
        assertClose(step(l.output(), T - 1), step(l.hN(), 0), 0);
    }

    @Test
    void eachBatchRowOfATimeMajorSequenceDependsOnlyOnItself() {
        LSTM lstm = f64(new LSTM(IN, H, LSTM.options().numLayers(2), rng));
        Tensor x = randn(T, N, IN);
        Tensor all = lstm.forward(x);
        for (int n = 0; n < N; n++) {
            assertClose(all.narrow(1, n, 1), lstm.forward(x.narrow(1, n, 1)), 1e-14);
        }
    }

    @Test
    void zeroInitialStatesEqualAbsentOnesAndOtherStatesChangeTheOutput() {
        LSTM lstm = f64(new LSTM(IN, H, LSTM.options().numLayers(2), rng));
        Tensor x = randn(T, N, IN);
        Tensor zeros = Tensor.zeros(DType.FLOAT64, 2, N, H);
        assertClose(lstm.forward(x), lstm.forward(x, zeros, zeros).output(), 0);
        assertClose(lstm.forward(x), lstm.forward(x, null, zeros).output(), 0);
        Tensor withH = lstm.forward(x, randn(2, N, H), null).output();
        Tensor withC = lstm.forward(x, null, randn(2, N, H)).output();
        assertFalse(Arrays.equals(lstm.forward(x).toDoubleArray(), withH.toDoubleArray()));
        assertFalse(Arrays.equals(lstm.forward(x).toDoubleArray(), withC.toDoubleArray()));
    }

    @Test
    void gradientsFlowToTheInitialStatesOfEveryLayer() {
        LSTM lstm = f64(new LSTM(2, 2, LSTM.options().numLayers(2), rng));
        GradCheck.gradcheck(in -> {
            LSTM.Result r = lstm.forward(in.get(0), in.get(1), in.get(2));
            return Tensor.cat(0, r.output(), r.hN(), r.cN());
        }, List.of(randn(2, 1, 2), randn(2, 1, 2), randn(2, 1, 2)));
    }

    @Test
    void secondOrderGradientsFlowThroughAStackedLstmAndGru() {
        LSTM lstm = f64(new LSTM(2, 2, LSTM.options().numLayers(2), rng));
        GradCheck.gradgradcheck(in -> lstm.forward(in.get(0), in.get(1), null).output(),
                List.of(randn(2, 1, 2), randn(2, 1, 2)));
        GRU gru = f64(new GRU(2, 2, rng));
        GradCheck.gradgradcheck(in -> gru.forward(in.get(0), in.get(1)).output(), List.of(randn(2, 1, 2), randn(1, 1, 2)));
    }

    @Test
    void dropoutIsTheIdentityInEvaluation() {
        LSTM plain = f64(new LSTM(IN, H, LSTM.options().numLayers(2), rng));
        LSTM dropped = f64(new LSTM(IN, H, LSTM.options().numLayers(2).dropout(0.5), rng));
        dropped.loadStateDict(plain.stateDict(), true);
        dropped.eval();
        Tensor x = randn(T, N, IN);
        assertClose(plain.forward(x), dropped.forward(x), 0);
    }

    @Test
    void dropoutNeverTouchesTheLastLayersOutput() {
        LSTM plain = f64(new LSTM(IN, H, rng));
        LSTM dropped = f64(new LSTM(IN, H, LSTM.options().dropout(0.9), rng));
        dropped.loadStateDict(plain.stateDict(), true);
        dropped.train();
        Tensor x = randn(T, N, IN);
        assertClose(plain.forward(x), dropped.forward(x), 0);
    }

    @Test
    void dropoutBetweenLayersZeroesTheInputOfTheNextLayerInTraining() {
        // With p = 1 in training, layer 1 reads zeros: its output is a one-layer LSTM run on a zero sequence,
        // while layer 0's own final states are untouched.
        LSTM two = f64(new LSTM(IN, H, LSTM.options().numLayers(2).dropout(1), rng));
        LSTM secondAlone = f64(new LSTM(H, H, rng));
        secondAlone.loadStateDict(renamed(two, "_l1", "_l0"), true);
        Tensor x = randn(T, N, IN);
        two.train();
        LSTM.Result train = two.forward(x, null, null);
        two.eval();
        LSTM.Result eval = two.forward(x, null, null);
        assertClose(secondAlone.forward(Tensor.zeros(DType.FLOAT64, T, N, H)), train.output(), 0);
        assertClose(step(eval.hN(), 0), step(train.hN(), 0), 0);
        assertFalse(Arrays.equals(eval.output().toDoubleArray(), train.output().toDoubleArray()));
    }

    @Test
    void theReverseDirectionReadsTheSequenceBackwards() {
        GRU bi = f64(new GRU(IN, H, GRU.options().bidirectional(true), rng));
        GRU forward = f64(new GRU(IN, H, rng));
        GRU backward = f64(new GRU(IN, H, rng));
        forward.loadStateDict(renamed(bi, "_l0", "_l0"), true);
        backward.loadStateDict(renamed(bi, "_l0_reverse", "_l0"), true);
        Tensor x = randn(T, N, IN);
        Tensor h0 = randn(2, N, H);
        GRU.Result r = bi.forward(x, h0);
        GRU.Result f = forward.forward(x, h0.narrow(0, 0, 1));
        GRU.Result b = backward.forward(x.flip(0), h0.narrow(0, 1, 1));
        assertClose(Tensor.cat(2, f.output(), b.output().flip(0)), r.output(), 1e-14);
        assertClose(Tensor.cat(0, f.hN(), b.hN()), r.hN(), 1e-14);
    }

    @Test
    void stateDictNamesAreTorchsInTorchsOrder() {
        LSTM lstm = new LSTM(IN, H, LSTM.options().numLayers(2).bidirectional(true), rng);
        List<String> expected = List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
                "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
                "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse");
        assertEquals(expected, List.copyOf(lstm.stateDict().keySet()));
        assertEquals(List.of(16, 8), Arrays.stream(lstm.stateDict().get("weight_ih_l1").shape()).boxed().toList());
    }

    @Test
    void parametersAreDrawnFromUniformWithinOneOverSqrtHiddenSize() {
        double bound = 1 / Math.sqrt(H);
        for (Tensor p : new GRU(IN, H, GRU.options().numLayers(2), rng).parameters()) {
            for (double v : p.toDoubleArray()) {
                assertTrue(Math.abs(v) <= bound, "outside ±1/√H: " + v);
            }
        }
    }

    private static void assertRejected(String fragment, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void wrongInputsAndStatesAreRejectedNamingTheLayerAndTheShapes() {
        LSTM lstm = new LSTM(IN, H, LSTM.options().numLayers(2), rng);
        assertRejected("LSTM(3, 4, num_layers=2): expected input [T, N, 3] or unbatched [T, 3], got [3, 2, 5]",
                () -> lstm.forward(Tensor.zeros(T, N, 5)));
        assertRejected("got [3]", () -> lstm.forward(Tensor.zeros(IN)));
        assertRejected("expected h0 [2, 2, 4] FLOAT32 for input [3, 2, 3], got [1, 2, 4] FLOAT32",
                () -> lstm.forward(Tensor.zeros(T, N, IN), Tensor.zeros(1, N, H), null));
        assertRejected("expected c0 [2, 4] FLOAT32 for input [3, 3], got [2, 1, 4]",
                () -> lstm.forward(Tensor.zeros(T, IN), null, Tensor.zeros(2, 1, H)));
        assertRejected("input dtype FLOAT64 differs from the weights' FLOAT32",
                () -> lstm.forward(Tensor.zeros(DType.FLOAT64, T, N, IN)));
        GRU batchFirst = new GRU(IN, H, GRU.options().batchFirst(true), rng);
        assertRejected("expected input [N, T, 3]", () -> batchFirst.forward(Tensor.zeros(N, T, 2)));
    }

    @Test
    void invalidOptionsAreRejected() {
        assertRejected("LSTM: nonlinearity is an option of RNN only, got relu",
                () -> new LSTM(IN, H, LSTM.options().nonlinearity(Nonlinearity.RELU), rng));
        assertRejected("GRU: dropout should be a number in range [0, 1]",
                () -> new GRU(IN, H, GRU.options().dropout(1.5), rng));
        assertRejected("num_layers=0", () -> new RNN(IN, H, RNN.options().numLayers(0), rng));
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("LSTM(3, 4, num_layers=2, batch_first=True, dropout=0.5)",
                new LSTM(IN, H, LSTM.options().numLayers(2).batchFirst(true).dropout(0.5), rng).toString());
        assertEquals("GRU(3, 4, bias=False, bidirectional=True)",
                new GRU(IN, H, GRU.options().bias(false).bidirectional(true), rng).toString());
        assertEquals("RNN(3, 4, nonlinearity=relu)",
                new RNN(IN, H, RNN.options().nonlinearity(Nonlinearity.RELU), rng).toString());
    }

    @Test
    void printsDropoutAsAPythonFloat() {
        assertEquals("GRU(3, 4, num_layers=2, dropout=1e-05)",
                new GRU(IN, H, GRU.options().numLayers(2).dropout(1e-5), rng).toString());
    }
}

package dev.panagrad.nn.rnn;

import static dev.panagrad.nn.rnn.Reference.assertClose;
import static dev.panagrad.nn.rnn.Reference.row;
import static dev.panagrad.nn.rnn.Reference.sigmoid;
import static dev.panagrad.nn.rnn.Reference.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.GradCheck;
import dev.panagrad.nn.Module;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cells against PyTorch's documented formulas, computed by independent loops, and their gate orders. */
class CellTest {
    private static final int IN = 3;
    private static final int H = 4;
    private static final int N = 2;

    private final Rng rng = new Rng(7);

    private Tensor randn(int... shape) {
        return Tensor.randn(rng, DType.FLOAT64, shape);
    }

    private static void load(Module m, Map<String, Tensor> state) {
        m.loadStateDict(state, false);
    }

    @Test
    void rnnCellTanhAndReluFollowTheFormulaForEveryBatchRow() {
        for (Nonlinearity act : Nonlinearity.values()) {
            RNNCell cell = (RNNCell) new RNNCell(IN, H, true, act, rng).to(DType.FLOAT64);
            Tensor x = randn(N, IN);
            Tensor h = randn(N, H);
            Tensor out = cell.forward(x, h);
            for (int n = 0; n < N; n++) {
                double[] expected = Reference.rnn(row(x.toDoubleArray(), IN, n), row(h.toDoubleArray(), H, n),
                        values(cell.weightIh()), values(cell.weightHh()), values(cell.biasIh()), values(cell.biasHh()),
                        act == Nonlinearity.RELU);
                assertClose(expected, out.narrow(0, n, 1), 1e-12);
            }
        }
    }

    @Test
    void lstmCellFollowsTheFormulaWithGatesInputForgetCellOutput() {
        LSTMCell cell = (LSTMCell) new LSTMCell(IN, H, rng).to(DType.FLOAT64);
        Tensor x = randn(N, IN);
        LSTMCell.State state = new LSTMCell.State(randn(N, H), randn(N, H));
        LSTMCell.State next = cell.forward(x, state);
        for (int n = 0; n < N; n++) {
            double[][] expected = Reference.lstm(row(x.toDoubleArray(), IN, n), row(state.h().toDoubleArray(), H, n),
                    row(state.c().toDoubleArray(), H, n), values(cell.weightIh()), values(cell.weightHh()),
                    values(cell.biasIh()), values(cell.biasHh()));
            assertClose(expected[0], next.h().narrow(0, n, 1), 1e-12);
            assertClose(expected[1], next.c().narrow(0, n, 1), 1e-12);
        }
    }

    @Test
    void lstmGateBlocksAreInputForgetCellOutputInThatOrder() {
        // Zero weights: each gate is its bias. i = σ(30) ≈ 1, f = σ(−30) ≈ 0, g = tanh(0.3), o = σ(0) = 0.5,
        // so c' = f·c + i·g = tanh(0.3) and h' = 0.5·tanh(tanh(0.3)); any other block order gives other values.
        LSTMCell cell = (LSTMCell) new LSTMCell(1, 1, rng).to(DType.FLOAT64);
        load(cell, Map.of("weight_ih", Tensor.zeros(DType.FLOAT64, 4, 1), "weight_hh", Tensor.zeros(DType.FLOAT64, 4, 1),
                "bias_ih", Tensor.of(new double[] {30, -30, 0.3, 0}, 4), "bias_hh", Tensor.zeros(DType.FLOAT64, 4)));
        LSTMCell.State next = cell.forward(Tensor.of(new double[] {1.7}, 1, 1),
                new LSTMCell.State(Tensor.of(new double[] {-0.4}, 1, 1), Tensor.of(new double[] {5}, 1, 1)));
        double i = sigmoid(30);
        double f = sigmoid(-30);
        double c = f * 5 + i * Math.tanh(0.3);
        assertEquals(c, next.c().item(), 1e-12);
        assertEquals(0.5 * Math.tanh(c), next.h().item(), 1e-12);
    }

    @Test
    void gruCellFollowsTheFormulaWithGatesResetUpdateNew() {
        GRUCell cell = (GRUCell) new GRUCell(IN, H, rng).to(DType.FLOAT64);
        Tensor x = randn(N, IN);
        Tensor h = randn(N, H);
        Tensor out = cell.forward(x, h);
        for (int n = 0; n < N; n++) {
            double[] expected = Reference.gru(row(x.toDoubleArray(), IN, n), row(h.toDoubleArray(), H, n),
                    values(cell.weightIh()), values(cell.weightHh()), values(cell.biasIh()), values(cell.biasHh()));
            assertClose(expected, out.narrow(0, n, 1), 1e-12);
        }
    }

    @Test
    void gruResetGateIsTheFirstBlockAndScalesTheHiddenProjectionWithItsBias() {
        // Zero weights; r = σ(−30) ≈ 0 removes W_hn·h + b_hn = 2 from n, leaving n = tanh(b_in) = tanh(0.6);
        // z = σ(b_iz + b_hz) = σ(1). Were r applied after b_hn, or were the blocks ordered otherwise, n would differ.
        GRUCell cell = (GRUCell) new GRUCell(1, 1, rng).to(DType.FLOAT64);
        load(cell, Map.of("weight_ih", Tensor.zeros(DType.FLOAT64, 3, 1), "weight_hh", Tensor.zeros(DType.FLOAT64, 3, 1),
                "bias_ih", Tensor.of(new double[] {-15, 0.5, 0.6}, 3), "bias_hh", Tensor.of(new double[] {-15, 0.5, 2}, 3)));
        double h = 0.8;
        Tensor out = cell.forward(Tensor.of(new double[] {3}, 1, 1), Tensor.of(new double[] {h}, 1, 1));
        double r = sigmoid(-30);
        double z = sigmoid(1);
        double n = Math.tanh(0.6 + r * 2);
        assertEquals((1 - z) * n + z * h, out.item(), 1e-12);
    }

    @Test
    void aMissingStateIsZeros() {
        Tensor x = randn(N, IN);
        Tensor zeros = Tensor.zeros(DType.FLOAT64, N, H);
        RNNCell rnn = (RNNCell) new RNNCell(IN, H, rng).to(DType.FLOAT64);
        assertClose(rnn.forward(x, zeros), rnn.forward(x), 0);
        GRUCell gru = (GRUCell) new GRUCell(IN, H, rng).to(DType.FLOAT64);
        assertClose(gru.forward(x, zeros), gru.forward(x, null), 0);
        LSTMCell lstm = (LSTMCell) new LSTMCell(IN, H, rng).to(DType.FLOAT64);
        LSTMCell.State withZeros = lstm.forward(x, new LSTMCell.State(zeros, zeros));
        assertClose(withZeros.h(), lstm.forward(x, null).h(), 0);
        assertClose(withZeros.c(), lstm.forward(x, null).c(), 0);
        assertClose(withZeros.h(), lstm.forward(x), 0);
    }

    @Test
    void anUnbatchedInputEqualsABatchOfOne() {
        Tensor x = randn(IN);
        Tensor h = randn(H);
        Tensor c = randn(H);
        RNNCell rnn = (RNNCell) new RNNCell(IN, H, rng).to(DType.FLOAT64);
        assertClose(rnn.forward(x.unsqueeze(0), h.unsqueeze(0)).squeeze(0), rnn.forward(x, h), 1e-15);
        GRUCell gru = (GRUCell) new GRUCell(IN, H, rng).to(DType.FLOAT64);
        assertClose(gru.forward(x.unsqueeze(0), h.unsqueeze(0)).squeeze(0), gru.forward(x, h), 1e-15);
        LSTMCell lstm = (LSTMCell) new LSTMCell(IN, H, rng).to(DType.FLOAT64);
        LSTMCell.State one = lstm.forward(x, new LSTMCell.State(h, c));
        LSTMCell.State batch = lstm.forward(x.unsqueeze(0), new LSTMCell.State(h.unsqueeze(0), c.unsqueeze(0)));
        assertClose(batch.h().squeeze(0), one.h(), 1e-15);
        assertClose(batch.c().squeeze(0), one.c(), 1e-15);
    }

    @Test
    void functionalFormsEqualTheModules() {
        Tensor x = randn(N, IN);
        Tensor h = randn(N, H);
        RNNCell rnn = (RNNCell) new RNNCell(IN, H, true, Nonlinearity.RELU, rng).to(DType.FLOAT64);
        assertClose(rnn.forward(x, h), Recurrent.rnnCell(x, h, rnn.weightIh(), rnn.weightHh(), rnn.biasIh(),
                rnn.biasHh(), Nonlinearity.RELU), 0);
        GRUCell gru = (GRUCell) new GRUCell(IN, H, false, rng).to(DType.FLOAT64);
        assertClose(gru.forward(x, h), Recurrent.gruCell(x, h, gru.weightIh(), gru.weightHh(), null, null), 0);
        LSTMCell lstm = (LSTMCell) new LSTMCell(IN, H, rng).to(DType.FLOAT64);
        LSTMCell.State s = new LSTMCell.State(h, randn(N, H));
        assertClose(lstm.forward(x, s).c(), Recurrent.lstmCell(x, s, lstm.weightIh(), lstm.weightHh(), lstm.biasIh(),
                lstm.biasHh()).c(), 0);
    }

    @Test
    void gradientsFlowToTheInputAndBothLstmStates() {
        LSTMCell cell = (LSTMCell) new LSTMCell(IN, H, rng).to(DType.FLOAT64);
        GradCheck.gradcheck(in -> {
            LSTMCell.State next = cell.forward(in.get(0), new LSTMCell.State(in.get(1), in.get(2)));
            return Tensor.cat(1, next.h(), next.c());
        }, List.of(randn(N, IN), randn(N, H), randn(N, H)));
    }

    @Test
    void gradientsFlowToTheGruHiddenState() {
        GRUCell cell = (GRUCell) new GRUCell(IN, H, rng).to(DType.FLOAT64);
        GradCheck.gradcheck(in -> cell.forward(in.get(0), in.get(1)), List.of(randn(N, IN), randn(N, H)));
    }

    @Test
    void parametersAreDrawnFromUniformWithinOneOverSqrtHiddenSize() {
        int hidden = 16;
        LSTMCell cell = new LSTMCell(8, hidden, new Rng(3));
        double bound = 1 / Math.sqrt(hidden);
        for (Tensor p : cell.parameters()) {
            double[] v = p.toDoubleArray();
            double min = Double.MAX_VALUE;
            double max = -Double.MAX_VALUE;
            for (double e : v) {
                min = Math.min(min, e);
                max = Math.max(max, e);
            }
            assertTrue(min >= -bound && max <= bound, "outside ±1/√H");
            assertTrue(min < -0.8 * bound && max > 0.8 * bound, "should fill the range, got [" + min + ", " + max + "]");
        }
    }

    @Test
    void aStateOfTheWrongShapeIsRejectedWithBothShapes() {
        GRUCell cell = new GRUCell(IN, H, rng);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cell.forward(Tensor.zeros(N, IN), Tensor.zeros(N, H + 1)));
        assertTrue(e.getMessage().contains("GRUCell(3, 4)") && e.getMessage().contains("[2, 4]")
                && e.getMessage().contains("[2, 5]"), e.getMessage());
        LSTMCell lstm = new LSTMCell(IN, H, rng);
        e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(IN),
                new LSTMCell.State(Tensor.zeros(H), Tensor.zeros(1, H))));
        assertTrue(e.getMessage().contains("expected c [4]") && e.getMessage().contains("[1, 4]"), e.getMessage());
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("RNNCell(3, 4, bias=False, nonlinearity=relu)",
                new RNNCell(IN, H, false, Nonlinearity.RELU, rng).toString());
        assertEquals("LSTMCell(3, 4)", new LSTMCell(IN, H, rng).toString());
        assertEquals("GRUCell(3, 4, bias=False)", new GRUCell(IN, H, false, rng).toString());
    }
}

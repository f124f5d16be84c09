package dev.panagrad.nn.rnn;

import dev.panagrad.core.Tensor;
import java.util.Arrays;

/**
 * Functional forms of the recurrent cells, as {@code torch._VF.rnn_tanh_cell}, {@code lstm_cell} and
 * {@code gru_cell}, for custom code that keeps its own weights. Each is a composition of core ops (linear,
 * add, tanh, and the fused gate ops {@link Tensor#lstmCell} and {@link Tensor#gruCell}), so it
 * differentiates to any order.
 *
 * <p>Weights have PyTorch's layouts: {@code wIh} [G·H, in], {@code wHh} [G·H, H], biases [G·H] or null,
 * where G is 1 (RNN), 4 (LSTM, gates i, f, g, o) or 3 (GRU, gates r, z, n). Inputs are {@code x} [..., in]
 * and states [..., H] with the same leading dims; states are required (the modules default them to zeros).
 */
public final class Recurrent {
    private Recurrent() {}

    /** {@code h' = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)}. */
    public static Tensor rnnCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh,
            Nonlinearity nonlinearity) {
        check("rnnCell", 1, x, h, wIh, wHh, bIh, bHh);
        return rnnStep(affine(x, wIh, bIh), h, wHh, bHh, nonlinearity);
    }

    /**
     * One LSTM step with PyTorch's gate order i, f, g, o along the rows of the weights:
     * {@code i = σ(·), f = σ(·), g = tanh(·), o = σ(·)}, {@code c' = f ⊙ c + i ⊙ g}, {@code h' = o ⊙ tanh(c')}.
     */
    public static LSTMCell.State lstmCell(Tensor x, LSTMCell.State state, Tensor wIh, Tensor wHh, Tensor bIh,
            Tensor bHh) {
        check("lstmCell", 4, x, state.h(), wIh, wHh, bIh, bHh);
        if (!Arrays.equals(state.h().shape(), state.c().shape())) {
            throw new IllegalArgumentException("lstmCell: h and c must have one shape, got "
                    + Arrays.toString(state.h().shape()) + " and " + Arrays.toString(state.c().shape()));
        }
        return lstmStep(affine(x, wIh, bIh), state, wHh, bHh);
    }

    /**
     * One GRU step with PyTorch's gate order r, z, n: {@code r = σ(W_ir x + b_ir + W_hr h + b_hr)},
     * {@code z = σ(W_iz x + b_iz + W_hz h + b_hz)}, {@code n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))},
     * {@code h' = (1 − z) ⊙ n + z ⊙ h}.
     */
    public static Tensor gruCell(Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh) {
        check("gruCell", 3, x, h, wIh, wHh, bIh, bHh);
        return gruStep(affine(x, wIh, bIh), h, wHh, bHh);
    }

    // ------------------------------------------------------------------ steps on precomputed input gates

    /** {@code x·Wᵀ + b} (b may be null): the input projection of all gates at once. */
    static Tensor affine(Tensor x, Tensor w, Tensor b) {
        return x.linear(w, b);
    }

    /** An RNN step given {@code gi = x·W_ihᵀ + b_ih} ({@code + b_hh} already, with {@code bHh} null, in a layer). */
    static Tensor rnnStep(Tensor gi, Tensor h, Tensor wHh, Tensor bHh, Nonlinearity nonlinearity) {
        return nonlinearity.apply(gi.add(affine(h, wHh, bHh)));
    }

    /**
     * An LSTM step given {@code gi = x·W_ihᵀ + b_ih}: core's fused gate op, whose result packs [h' | c'] (the
     * cells' step; a layer runs {@link Tensor#lstmLayer}).
     */
    static LSTMCell.State lstmStep(Tensor gi, LSTMCell.State state, Tensor wHh, Tensor bHh) {
        Tensor c = state.c();
        int last = c.dim() - 1;
        int hidden = c.size(last);
        Tensor next = gi.lstmCell(affine(state.h(), wHh, bHh), c); // c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c')
        return new LSTMCell.State(next.narrow(last, 0, hidden), next.narrow(last, hidden, hidden));
    }

    /** A GRU step given {@code gi = x·W_ihᵀ + b_ih}: core's fused gate op (the cells' step; a layer runs {@link Tensor#gruLayer}). */
    static Tensor gruStep(Tensor gi, Tensor h, Tensor wHh, Tensor bHh) {
        return gi.gruCell(affine(h, wHh, bHh), h); // h' = (1 − z) ⊙ n + z ⊙ h, n = tanh(gi_n + r ⊙ gh_n)
    }

    // ------------------------------------------------------------------ checks

    private static void check(String op, int gates, Tensor x, Tensor h, Tensor wIh, Tensor wHh, Tensor bIh,
            Tensor bHh) {
        if (wHh.dim() != 2 || wHh.size(0) % gates != 0 || wHh.size(0) != gates * wHh.size(1)) {
            throw new IllegalArgumentException(op + ": weight_hh must be [" + gates + "·H, H], got "
                    + Arrays.toString(wHh.shape()));
        }
        int hidden = wHh.size(1);
        if (wIh.dim() != 2 || wIh.size(0) != gates * hidden) {
            throw new IllegalArgumentException(op + ": weight_ih must be [" + gates * hidden + ", input_size] for "
                    + "weight_hh " + Arrays.toString(wHh.shape()) + ", got " + Arrays.toString(wIh.shape()));
        }
        for (Tensor b : new Tensor[] {bIh, bHh}) {
            if (b != null && (b.dim() != 1 || b.size(0) != gates * hidden)) {
                throw new IllegalArgumentException(op + ": biases must be [" + gates * hidden + "], got "
                        + Arrays.toString(b.shape()));
            }
        }
        if (x.dim() < 1 || x.size(x.dim() - 1) != wIh.size(1)) {
            throw new IllegalArgumentException(op + ": expected input [..., " + wIh.size(1) + "], got "
                    + Arrays.toString(x.shape()));
        }
        int[] expected = x.shape().clone();
        expected[expected.length - 1] = hidden;
        if (!Arrays.equals(expected, h.shape())) {
            throw new IllegalArgumentException(op + ": expected hidden state " + Arrays.toString(expected)
                    + " for input " + Arrays.toString(x.shape()) + ", got " + Arrays.toString(h.shape()));
        }
    }
}

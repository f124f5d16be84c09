package dev.panagrad.nn.rnn;

/**
 * The options of {@link RNN}, {@link LSTM} and {@link GRU} beyond the sizes, with PyTorch's defaults:
 * {@code num_layers=1, bias=True, batch_first=False, dropout=0, bidirectional=False} and, for {@link RNN}
 * only, {@code nonlinearity='tanh'}. A mutable builder: {@code LSTM.options().numLayers(2).batchFirst(true)}.
 */
public final class RecurrentOptions {
    int numLayers = 1;
    boolean bias = true;
    boolean batchFirst;
    double dropout;
    boolean bidirectional;
    Nonlinearity nonlinearity = Nonlinearity.TANH;

    RecurrentOptions() {}

    /** The number of stacked layers (≥ 1); layer k > 0 reads layer k−1's output sequence. */
    public RecurrentOptions numLayers(int value) {
        numLayers = value;
        return this;
    }

    /** Whether the layers have {@code bias_ih} and {@code bias_hh}. */
    public RecurrentOptions bias(boolean value) {
        bias = value;
        return this;
    }

    /** Whether batched inputs and outputs are [N, T, features] instead of [T, N, features] (states are not affected). */
    public RecurrentOptions batchFirst(boolean value) {
        batchFirst = value;
        return this;
    }

    /** The dropout probability applied in training to every layer's output except the last one's. */
    public RecurrentOptions dropout(double value) {
        dropout = value;
        return this;
    }

    /** Whether each layer also runs backwards over time (parameters with PyTorch's {@code _reverse} suffix). */
    public RecurrentOptions bidirectional(boolean value) {
        bidirectional = value;
        return this;
    }

    /** The activation of an {@link RNN}; {@link LSTM} and {@link GRU} accept only the default. */
    public RecurrentOptions nonlinearity(Nonlinearity value) {
        nonlinearity = value;
        return this;
    }

    /** These options, after checking that {@code layer} (an LSTM or GRU) was not given a nonlinearity. */
    RecurrentOptions withoutNonlinearity(String layer) {
        if (nonlinearity != Nonlinearity.TANH) {
            throw new IllegalArgumentException(layer + ": nonlinearity is an option of RNN only, got "
                    + nonlinearity.pyName());
        }
        return this;
    }
}

package dev.panagrad.nn.rnn;

import dev.panagrad.core.Tensor;

/** The activation of an Elman {@link RNN} or {@link RNNCell}, PyTorch's {@code nonlinearity='tanh'|'relu'}. */
public enum Nonlinearity {
    /** {@code tanh}, PyTorch's default. */
    TANH("tanh"),
    /** {@code relu}. */
    RELU("relu");

    private final String pyName;

    Nonlinearity(String pyName) {
        this.pyName = pyName;
    }

    /** The activation applied element-wise to {@code x}. */
    public Tensor apply(Tensor x) {
        return this == TANH ? x.tanh() : x.relu();
    }

    /** The name PyTorch uses ({@code "tanh"} or {@code "relu"}). */
    public String pyName() {
        return pyName;
    }
}

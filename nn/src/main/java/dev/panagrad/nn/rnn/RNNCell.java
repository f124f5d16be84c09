package dev.panagrad.nn.rnn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;

/**
 * An Elman RNN cell, as {@code torch.nn.RNNCell}: {@code h' = act(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)} with
 * act tanh (default) or relu; parameters as {@link RecurrentCell} with G = 1.
 */
public final class RNNCell extends RecurrentCell {
    private final Nonlinearity nonlinearity;

    /** A tanh cell with biases. */
    public RNNCell(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, true, Nonlinearity.TANH, rng);
    }

    /** A cell with or without biases and the given activation. */
    public RNNCell(int inputSize, int hiddenSize, boolean bias, Nonlinearity nonlinearity, Rng rng) {
        super("RNNCell", inputSize, hiddenSize, bias, 1, rng);
        this.nonlinearity = nonlinearity;
    }

    /** The activation. */
    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    /** h' from input {@code x} and a zero hidden state. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null);
    }

    /**
     * h' [N, H] (or [H]) from input {@code x} [N, input_size] (or [input_size]) and hidden state {@code h}
     * of h''s shape, zeros when null.
     */
    public Tensor forward(Tensor x, Tensor h) {
        checkInput(x);
        Tensor h0 = stateOrZeros("hidden state", h, x);
        return Recurrent.rnnStep(Recurrent.affine(x, weightIh(), biasIh()), h0, weightHh(), biasHh(), nonlinearity);
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (nonlinearity == Nonlinearity.TANH ? "" : ", nonlinearity=" + nonlinearity.pyName());
    }
}

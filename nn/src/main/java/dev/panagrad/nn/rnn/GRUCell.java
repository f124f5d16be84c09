package dev.panagrad.nn.rnn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;

/**
 * A gated recurrent unit cell, as {@code torch.nn.GRUCell}, with PyTorch's gate order r, z, n (G = 3):
 * {@code r = σ(W_ir x + b_ir + W_hr h + b_hr)}, {@code z = σ(W_iz x + b_iz + W_hz h + b_hz)},
 * {@code n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))}, {@code h' = (1 − z) ⊙ n + z ⊙ h}.
 */
public final class GRUCell extends RecurrentCell {

    /** A cell with biases. */
    public GRUCell(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, true, rng);
    }

    /** A cell with or without biases. */
    public GRUCell(int inputSize, int hiddenSize, boolean bias, Rng rng) {
        super("GRUCell", inputSize, hiddenSize, bias, 3, rng);
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
        return Recurrent.gruStep(Recurrent.affine(x, weightIh(), biasIh()), h0, weightHh(), biasHh());
    }
}

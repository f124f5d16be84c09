package dev.panagrad.nn.rnn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;

/**
 * A long short-term memory cell, as {@code torch.nn.LSTMCell}, with PyTorch's gate order i, f, g, o
 * (G = 4): {@code c' = σ(f) ⊙ c + σ(i) ⊙ tanh(g)}, {@code h' = σ(o) ⊙ tanh(c')}.
 */
public final class LSTMCell extends RecurrentCell {

    /**
     * The two states of an LSTM: hidden {@code h} and cell {@code c}, of one shape ([N, H] or [H]; for the
     * multi-layer {@link LSTM}, [num_layers, N, H]).
     */
    public record State(Tensor h, Tensor c) {}

    /** A cell with biases. */
    public LSTMCell(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, true, rng);
    }

    /** A cell with or without biases. */
    public LSTMCell(int inputSize, int hiddenSize, boolean bias, Rng rng) {
        super("LSTMCell", inputSize, hiddenSize, bias, 4, rng);
    }

    /** h' from input {@code x} and zero states (the cell state c' is dropped; see {@link #forward(Tensor, State)}). */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).h();
    }

    /**
     * The next states (h', c'), each [N, H] (or [H]), from input {@code x} [N, input_size] (or
     * [input_size]) and {@code state}, both zeros when null.
     */
    public State forward(Tensor x, State state) {
        checkInput(x);
        Tensor h = stateOrZeros("h", state == null ? null : state.h(), x);
        Tensor c = stateOrZeros("c", state == null ? null : state.c(), x);
        return Recurrent.lstmStep(Recurrent.affine(x, weightIh(), biasIh()), new State(h, c), weightHh(), biasHh());
    }
}

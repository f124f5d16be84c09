package dev.panagrad.nn.rnn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;

/**
 * A multi-layer long short-term memory, as {@code torch.nn.LSTM}: each layer steps an {@link LSTMCell}
 * (gate order i, f, g, o) through time. Shapes, parameters and options as {@link RecurrentLayer} with G = 4;
 * the cell states c0 and c_n have the hidden states' shape.
 */
public final class LSTM extends RecurrentLayer {
    /**
     * The output sequence [T, N, D·H] (batch first if set) and the final hidden and cell states, each
     * [D·num_layers, N, H].
     */
    public record Result(Tensor output, Tensor hN, Tensor cN) {}

    /** The options builder, with PyTorch's defaults. */
    public static RecurrentOptions options() {
        return new RecurrentOptions();
    }

    /** A one-layer LSTM with biases, time-major. */
    public LSTM(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, options(), rng);
    }

    /** An LSTM with the given options; {@code rng} initialises the weights and draws the dropout masks. */
    public LSTM(int inputSize, int hiddenSize, RecurrentOptions options, Rng rng) {
        super("LSTM", 4, inputSize, hiddenSize, options.withoutNonlinearity("LSTM"), rng);
    }

    /** The output sequence for {@code x}, starting from zero states. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null, null).output();
    }

    /**
     * The output sequence and final states for {@code x} and initial hidden and cell states {@code h0},
     * {@code c0} (each zeros when null).
     */
    public Result forward(Tensor x, Tensor h0, Tensor c0) {
        Run run = run(x, new Tensor[] {h0, c0}, new String[] {"h0", "c0"});
        return new Result(run.output(), run.finals()[0], run.finals()[1]);
    }

    /** The whole pass as core's fused layer op {@link Tensor#lstmLayer}, which packs [h_t | c_t] per step. */
    @Override
    Pass pass(Tensor seq, Tensor[] state, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, boolean reverse) {
        int h = hiddenSize();
        Tensor packed = seq.lstmLayer(state[0], state[1], wIh, wHh, bIh, bHh, reverse);
        Tensor last = packed.narrow(0, reverse ? 0 : seq.size(0) - 1, 1).squeeze(0);
        return new Pass(packed.narrow(2, 0, h), new Tensor[] {last.narrow(1, 0, h), last.narrow(1, h, h)});
    }
}

package dev.panagrad.nn.rnn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;

/**
 * A multi-layer Elman RNN, as {@code torch.nn.RNN}: each layer computes
 * {@code h_t = act(x_t·W_ihᵀ + b_ih + h_{t−1}·W_hhᵀ + b_hh)} with act tanh (default) or relu. Shapes,
 * parameters and options as {@link RecurrentLayer} with G = 1.
 */
public final class RNN extends RecurrentLayer {
    /** The output sequence [T, N, D·H] (batch first if set) and the final hidden states [D·num_layers, N, H]. */
    public record Result(Tensor output, Tensor hN) {}

    private final Nonlinearity nonlinearity;

    /** The options builder, with PyTorch's defaults. */
    public static RecurrentOptions options() {
        return new RecurrentOptions();
    }

    /** A one-layer tanh RNN with biases, time-major. */
    public RNN(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, options(), rng);
    }

    /** An RNN with the given options; {@code rng} initialises the weights and draws the dropout masks. */
    public RNN(int inputSize, int hiddenSize, RecurrentOptions options, Rng rng) {
        super("RNN", 1, inputSize, hiddenSize, options, rng);
        this.nonlinearity = options.nonlinearity;
    }

    /** The activation. */
    public Nonlinearity nonlinearity() {
        return nonlinearity;
    }

    /** The output sequence for {@code x}, starting from zero states. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).output();
    }

    /** The output sequence and final hidden states for {@code x} and initial hidden states {@code h0} (zeros when null). */
    public Result forward(Tensor x, Tensor h0) {
        Run run = run(x, new Tensor[] {h0}, new String[] {"h0"});
        return new Result(run.output(), run.finals()[0]);
    }

    @Override
    Pass pass(Tensor seq, Tensor[] state, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, boolean reverse) {
        return stepThroughTime(seq, state, wIh, wHh, bIh, bHh, reverse, true,
                (gi, s, w, b) -> new Tensor[] {Recurrent.rnnStep(gi, s[0], w, b, nonlinearity)});
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (nonlinearity == Nonlinearity.TANH ? "" : ", nonlinearity=" + nonlinearity.pyName());
    }
}

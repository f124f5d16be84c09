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

    /**
     * The input projection of every time step in one matrix product, with {@code b_hh} added to it once (it
     * only adds to each step's pre-activation {@code x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh}), then the cell through time.
     */
    @Override
    Pass pass(Tensor seq, Tensor[] state, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, boolean reverse) {
        int steps = seq.size(0);
        int batch = seq.size(1);
        Tensor bias = bIh == null ? bHh : bHh == null ? bIh : bIh.add(bHh);
        Tensor gates = Recurrent.affine(seq.reshape(steps * batch, seq.size(2)), wIh, bias).reshape(steps, batch, -1);
        Tensor h = state[0];
        Tensor[] hidden = new Tensor[steps];
        for (int i = 0; i < steps; i++) {
            int t = reverse ? steps - 1 - i : i;
            h = Recurrent.rnnStep(gates.narrow(0, t, 1).squeeze(0), h, wHh, null, nonlinearity);
            hidden[t] = h;
        }
        return new Pass(Tensor.stack(0, hidden), new Tensor[] {h});
    }

    @Override
    protected String extraRepr() {
        return super.extraRepr() + (nonlinearity == Nonlinearity.TANH ? "" : ", nonlinearity=" + nonlinearity.pyName());
    }
}

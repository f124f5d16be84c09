package dev.panagrad.nn.rnn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;

/**
 * A multi-layer gated recurrent unit, as {@code torch.nn.GRU}: each layer steps a {@link GRUCell} (gate order
 * r, z, n) through time. Shapes, parameters and options as {@link RecurrentLayer} with G = 3.
 */
public final class GRU extends RecurrentLayer {
    /** The output sequence [T, N, D·H] (batch first if set) and the final hidden states [D·num_layers, N, H]. */
    public record Result(Tensor output, Tensor hN) {}

    /** The options builder, with PyTorch's defaults. */
    public static RecurrentOptions options() {
        return new RecurrentOptions();
    }

    /** A one-layer GRU with biases, time-major. */
    public GRU(int inputSize, int hiddenSize, Rng rng) {
        this(inputSize, hiddenSize, options(), rng);
    }

    /** A GRU with the given options; {@code rng} initialises the weights and draws the dropout masks. */
    public GRU(int inputSize, int hiddenSize, RecurrentOptions options, Rng rng) {
        super("GRU", 3, inputSize, hiddenSize, options.withoutNonlinearity("GRU"), rng);
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

    /** The whole pass as core's fused layer op {@link Tensor#gruLayer}. */
    @Override
    Pass pass(Tensor seq, Tensor[] state, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, boolean reverse) {
        Tensor hidden = seq.gruLayer(state[0], wIh, wHh, bIh, bHh, reverse);
        return new Pass(hidden, new Tensor[] {hidden.narrow(0, reverse ? 0 : seq.size(0) - 1, 1).squeeze(0)});
    }
}

package dev.panagrad.nn.rnn;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Module;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the multi-layer sequence modules share, as PyTorch's {@code RNNBase}: per layer k and direction,
 * {@code weight_ih_lk} [G·H, in_k], {@code weight_hh_lk} [G·H, H], {@code bias_ih_lk}, {@code bias_hh_lk}
 * [G·H] (names of the backward direction end in {@code _reverse}), registered in PyTorch's order and all
 * initialised from U(−1/√H, 1/√H); in_0 = input_size and in_k = D·H above, with D = 2 when bidirectional.
 *
 * <p>Inputs are [T, N, input_size] ([N, T, input_size] with {@code batchFirst}) or unbatched [T, input_size];
 * states are [D·num_layers, N, H] ([D·num_layers, H] unbatched), zeros when not given. The output sequence
 * is the last layer's hidden states, [T, N, D·H] (batch first if set); the final states are every layer's
 * state after its last step (for the backward direction, after time step 0). LSTM and GRU layers run as
 * core's fused layer ops {@link Tensor#lstmLayer} and {@link Tensor#gruLayer}; RNN layers project the whole
 * input sequence with one matrix product, then step their cell through time. Everything is core ops, so
 * gradients of any order flow to inputs, states and weights.
 */
public abstract sealed class RecurrentLayer extends Module permits RNN, LSTM, GRU {
    /** The output sequence and each state kind's final values ([D·num_layers, N, H]). */
    record Run(Tensor output, Tensor[] finals) {}

    private final int inputSize;
    private final int hiddenSize;
    private final int numLayers;
    private final boolean bias;
    private final boolean batchFirst;
    private final double dropout;
    private final boolean bidirectional;
    private final Rng rng;

    RecurrentLayer(String name, int gates, int inputSize, int hiddenSize, RecurrentOptions options, Rng rng) {
        if (inputSize <= 0 || hiddenSize <= 0 || options.numLayers < 1) {
            throw new IllegalArgumentException(name + ": input_size, hidden_size and num_layers must be positive, got "
                    + "input_size=" + inputSize + ", hidden_size=" + hiddenSize + ", num_layers=" + options.numLayers);
        }
        if (!(options.dropout >= 0 && options.dropout <= 1)) {
            throw new IllegalArgumentException(name + ": dropout should be a number in range [0, 1] representing the "
                    + "probability of an element being zeroed, got " + options.dropout);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = options.numLayers;
        this.bias = options.bias;
        this.batchFirst = options.batchFirst;
        this.dropout = options.dropout;
        this.bidirectional = options.bidirectional;
        this.rng = rng;
        for (int layer = 0; layer < numLayers; layer++) {
            int in = layer == 0 ? inputSize : directions() * hiddenSize;
            for (int d = 0; d < directions(); d++) {
                GateParameters.register(this::param, suffix(layer, d), gates, in, hiddenSize, bias, rng);
            }
        }
    }

    private static String suffix(int layer, int direction) {
        return "_l" + layer + (direction == 1 ? "_reverse" : "");
    }

    /** The number of input features. */
    public int inputSize() {
        return inputSize;
    }

    /** The number of hidden features H per direction. */
    public int hiddenSize() {
        return hiddenSize;
    }

    /** The number of stacked layers. */
    public int numLayers() {
        return numLayers;
    }

    /** Whether batched inputs and outputs are [N, T, features]. */
    public boolean batchFirst() {
        return batchFirst;
    }

    /** The dropout probability between layers (training only). */
    public double dropout() {
        return dropout;
    }

    /** Whether each layer also runs backwards over time. */
    public boolean bidirectional() {
        return bidirectional;
    }

    private int directions() {
        return bidirectional ? 2 : 1;
    }

    /**
     * Runs the stack over {@code x}; {@code initial[s]} is the initial value of state kind s (h, then c for
     * an LSTM), or null for zeros; {@code stateNames[s]} names it in errors.
     */
    final Run run(Tensor x, Tensor[] initial, String[] stateNames) {
        Tensor seq = timeMajor(x);
        int batch = seq.size(1);
        int dirs = directions();
        Tensor[] states = new Tensor[initial.length];
        for (int s = 0; s < initial.length; s++) {
            states[s] = initialState(stateNames[s], initial[s], x, batch);
        }
        List<List<Tensor>> finals = new ArrayList<>();
        for (int s = 0; s < states.length; s++) {
            finals.add(new ArrayList<>());
        }
        for (int layer = 0; layer < numLayers; layer++) {
            Tensor[] outputs = new Tensor[dirs];
            for (int d = 0; d < dirs; d++) {
                Tensor[] state = new Tensor[states.length];
                for (int s = 0; s < states.length; s++) {
                    state[s] = states[s].narrow(0, layer * dirs + d, 1).squeeze(0);
                }
                Pass pass = pass(seq, suffix(layer, d), state, d == 1);
                outputs[d] = pass.hidden();
                for (int s = 0; s < states.length; s++) {
                    finals.get(s).add(pass.last()[s]);
                }
            }
            seq = dirs == 1 ? outputs[0] : Tensor.cat(2, outputs);
            if (layer < numLayers - 1 && dropout > 0) {
                seq = seq.dropout(dropout, isTraining(), rng);
            }
        }
        Tensor[] out = new Tensor[states.length];
        for (int s = 0; s < states.length; s++) {
            Tensor stacked = Tensor.stack(0, finals.get(s).toArray(Tensor[]::new));
            out[s] = x.dim() == 2 ? stacked.squeeze(1) : stacked;
        }
        Tensor output = x.dim() == 2 ? seq.squeeze(1) : batchFirst ? seq.transpose(0, 1) : seq;
        return new Run(output, out);
    }

    /** One layer's hidden states [T, N, H] in time order, and its states after its last step. */
    record Pass(Tensor hidden, Tensor[] last) {}

    /** One layer in one direction over {@code seq} [T, N, in] from {@code state}, with the weights named by {@code suffix}. */
    private Pass pass(Tensor seq, String suffix, Tensor[] state, boolean reverse) {
        return pass(seq, state, param("weight_ih" + suffix), param("weight_hh" + suffix), param("bias_ih" + suffix),
                param("bias_hh" + suffix), reverse);
    }

    /**
     * One layer in one direction over {@code seq} [T, N, in] from {@code state} (biases may be null), backwards
     * over time when {@code reverse}.
     */
    abstract Pass pass(Tensor seq, Tensor[] state, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, boolean reverse);

    /** {@code x} checked and brought to [T, N, input_size]. */
    private Tensor timeMajor(Tensor x) {
        if ((x.dim() != 2 && x.dim() != 3) || x.size(x.dim() - 1) != inputSize) {
            String batched = batchFirst ? "[N, T, " + inputSize + "]" : "[T, N, " + inputSize + "]";
            throw new IllegalArgumentException(this + ": expected input " + batched + " or unbatched [T, " + inputSize
                    + "], got " + Arrays.toString(x.shape()));
        }
        Tensor weight = param("weight_ih_l0");
        if (x.dtype() != weight.dtype()) {
            throw new IllegalArgumentException(this + ": input dtype " + x.dtype() + " differs from the weights' "
                    + weight.dtype());
        }
        Tensor seq = x.dim() == 2 ? x.unsqueeze(1) : batchFirst ? x.transpose(0, 1) : x;
        if (seq.size(0) == 0 || seq.size(1) == 0) {
            throw new IllegalArgumentException(this + ": expected a non-empty sequence and batch, got input "
                    + Arrays.toString(x.shape()));
        }
        return seq;
    }

    /** The given initial state checked against the input, as [D·num_layers, N, H]; zeros when null. */
    private Tensor initialState(String what, Tensor given, Tensor x, int batch) {
        int layers = directions() * numLayers;
        if (given == null) {
            return Tensor.zeros(x.dtype(), layers, batch, hiddenSize);
        }
        int[] expected = x.dim() == 2 ? new int[] {layers, hiddenSize} : new int[] {layers, batch, hiddenSize};
        if (!Arrays.equals(expected, given.shape()) || given.dtype() != x.dtype()) {
            throw new IllegalArgumentException(this + ": expected " + what + " " + Arrays.toString(expected) + " "
                    + x.dtype() + " for input " + Arrays.toString(x.shape()) + ", got "
                    + Arrays.toString(given.shape()) + " " + given.dtype());
        }
        return x.dim() == 2 ? given.unsqueeze(1) : given;
    }

    @Override
    protected String extraRepr() {
        StringBuilder s = new StringBuilder().append(inputSize).append(", ").append(hiddenSize);
        if (numLayers != 1) {
            s.append(", num_layers=").append(numLayers);
        }
        if (!bias) {
            s.append(", bias=False");
        }
        if (batchFirst) {
            s.append(", batch_first=True");
        }
        if (dropout != 0) {
            s.append(", dropout=").append(pyFloat(dropout));
        }
        if (bidirectional) {
            s.append(", bidirectional=True");
        }
        return s.toString();
    }
}

package dev.panagrad.nn.modules;

import static dev.panagrad.nn.modules.ModuleSpec.module;

import dev.panagrad.nn.rnn.GRU;
import dev.panagrad.nn.rnn.GRUCell;
import dev.panagrad.nn.rnn.LSTM;
import dev.panagrad.nn.rnn.LSTMCell;
import dev.panagrad.nn.rnn.Nonlinearity;
import dev.panagrad.nn.rnn.RNN;
import dev.panagrad.nn.rnn.RNNCell;
import java.util.List;

/**
 * Rows for the recurrent cells and sequence modules (input size 3, hidden size 4, T = 3, N = 2 and 1).
 * Time-major rows are marked batch-dependent only because the table's batch-independence check slices
 * dim 0, which is time there; their batch-first twins run that check (and RecurrentLayerTest checks
 * time-major batch rows directly).
 */
final class RnnSpecs {
    private RnnSpecs() {}

    private static final int IN = 3;
    private static final int H = 4;

    static final List<ModuleSpec> ROWS = List.of(
            cell(module("RNNCell", rng -> new RNNCell(IN, H, rng)), 1, true).build(),
            cell(module("RNNCell.relu.noBias", rng -> new RNNCell(IN, H, false, Nonlinearity.RELU, rng)), 1, false)
                    .build(),
            cell(module("LSTMCell", rng -> new LSTMCell(IN, H, rng)), 4, true).build(),
            cell(module("LSTMCell.noBias", rng -> new LSTMCell(IN, H, false, rng)), 4, false).build(),
            cell(module("GRUCell", rng -> new GRUCell(IN, H, rng)), 3, true).build(),
            cell(module("GRUCell.noBias", rng -> new GRUCell(IN, H, false, rng)), 3, false).build(),

            timeMajor(layers(module("RNN", rng -> new RNN(IN, H, RNN.options().numLayers(2), rng)), 1, 2, true, 1))
                    .build(),
            timeMajor(layers(module("RNN.relu", rng -> new RNN(IN, H, RNN.options().nonlinearity(Nonlinearity.RELU),
                    rng)), 1, 1, true, 1)).build(),
            batchFirst(layers(module("RNN.batchFirst", rng -> new RNN(IN, H, RNN.options().numLayers(2)
                    .batchFirst(true), rng)), 1, 2, true, 1)).build(),
            timeMajor(layers(module("LSTM", rng -> new LSTM(IN, H, LSTM.options().numLayers(2), rng)), 4, 2, true, 1))
                    .build(),
            batchFirst(layers(module("LSTM.batchFirst.noBias", rng -> new LSTM(IN, H, LSTM.options().numLayers(2)
                    .batchFirst(true).bias(false), rng)), 4, 2, false, 1)).build(),
            timeMajor(layers(module("LSTM.dropout", rng -> new LSTM(IN, H, LSTM.options().numLayers(2).dropout(0.5),
                    rng)), 4, 2, true, 1)).trainEvalDiffer().build(),
            batchFirst(layers(module("LSTM.bidirectional", rng -> new LSTM(IN, H, LSTM.options().bidirectional(true)
                    .batchFirst(true), rng)), 4, 1, true, 2)).build(),
            timeMajor(layers(module("GRU", rng -> new GRU(IN, H, GRU.options().numLayers(2), rng)), 3, 2, true, 1))
                    .build(),
            batchFirst(layers(module("GRU.batchFirst", rng -> new GRU(IN, H, GRU.options().numLayers(2)
                    .batchFirst(true), rng)), 3, 2, true, 1)).build(),
            layers(module("GRU.bidirectional", rng -> new GRU(IN, H, GRU.options().numLayers(2)
                    .bidirectional(true), rng)), 3, 2, true, 2)
                    .inputShapes(new int[] {3, 1, IN}).invalidShapes(new int[] {3, 1, 2 * H}).batchDependent().build());

    /** A cell's four entries; inputs [2, 3], [1, 3] and unbatched [3]. */
    private static ModuleSpec.Builder cell(ModuleSpec.Builder b, int gates, boolean bias) {
        b.state("weight_ih", gates * H, IN).state("weight_hh", gates * H, H);
        if (bias) {
            b.state("bias_ih", gates * H).state("bias_hh", gates * H);
        }
        return b.inputShapes(new int[] {2, IN}, new int[] {1, IN}, new int[] {IN})
                .invalidShapes(new int[] {2, IN + 2}, new int[] {2, 2, IN}, new int[] {});
    }

    /** PyTorch's entries of a stack: per layer and direction, w_ih, w_hh, b_ih, b_hh. */
    private static ModuleSpec.Builder layers(ModuleSpec.Builder b, int gates, int numLayers, boolean bias, int dirs) {
        for (int layer = 0; layer < numLayers; layer++) {
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                b.state("weight_ih" + suffix, gates * H, layer == 0 ? IN : dirs * H)
                        .state("weight_hh" + suffix, gates * H, H);
                if (bias) {
                    b.state("bias_ih" + suffix, gates * H).state("bias_hh" + suffix, gates * H);
                }
            }
        }
        return b;
    }

    /** Inputs [T=3, N=2, 3], [3, 1, 3] and unbatched [3, 3]; dim 0 is time. */
    private static ModuleSpec.Builder timeMajor(ModuleSpec.Builder b) {
        return b.inputShapes(new int[] {3, 2, IN}, new int[] {3, 1, IN}, new int[] {3, IN})
                .invalidShapes(new int[] {3, 2, IN + 1}, new int[] {IN}, new int[] {3, 2, 1, IN}, new int[] {0, 2, IN})
                .batchDependent();
    }

    /** Inputs [N=2, T=3, 3] and [1, 3, 3]. */
    private static ModuleSpec.Builder batchFirst(ModuleSpec.Builder b) {
        return b.inputShapes(new int[] {2, 3, IN}, new int[] {1, 3, IN})
                .invalidShapes(new int[] {2, 3, IN + 1}, new int[] {2, 0, IN});
    }
}

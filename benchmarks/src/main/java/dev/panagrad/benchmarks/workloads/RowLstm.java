package dev.panagrad.benchmarks.workloads;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.rnn.LSTM;

/**
 * The LSTM classifier of the comparison: an image [N, 1, 28, 28] is read as a sequence of its 28 rows
 * (28 features each) by a one-layer LSTM with 128 hidden units, batch first; a linear layer maps the
 * last hidden state to the 10 class logits.
 */
final class RowLstm extends Module {
    private final LSTM lstm;
    private final Linear head;

    RowLstm(Rng rng) {
        lstm = child("lstm", new LSTM(28, 128, LSTM.options().batchFirst(true), rng));
        head = child("head", new Linear(128, 10, rng));
    }

    @Override
    public Tensor forward(Tensor images) {
        int n = images.size(0);
        Tensor last = lstm.forward(images.reshape(n, 28, 28), null, null).hN(); // [1, N, 128]
        return head.forward(last.reshape(n, 128));
    }
}

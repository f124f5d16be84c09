package dev.panagrad.examples.mnist;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.examples.run.Experiment;
import dev.panagrad.examples.run.Hyperparameters;
import dev.panagrad.examples.run.OptimizerChoice;
import dev.panagrad.examples.run.RunContext;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.rnn.LSTM;
import java.io.IOException;
import java.util.Map;

/**
 * {@code mnist-lstm}: reads each image top to bottom as a sequence of 28 rows of 28 pixels with a
 * 128-unit LSTM and classifies its last hidden state; AdamW, a one-cycle schedule, gradient clipping
 * at norm 1, label smoothing and random shifts of up to 2 pixels.
 */
public final class MnistLstm implements Experiment {
    /** Checkpoint metadata key holding the LSTM's hidden size. */
    static final String HIDDEN_KEY = "hidden";

    private static final int HIDDEN = 128;
    private static final ClassifierRecipe RECIPE = new ClassifierRecipe(1e-4, 0.1, 2, 1.0, 0.25);

    /** The network: an LSTM over the image rows and a linear classifier on its last hidden state. */
    public static final class Model extends Module {
        private final LSTM lstm;
        private final Linear fc;

        /** An LSTM of {@code hidden} units over 28-pixel rows, and a linear layer to the 10 classes. */
        public Model(int hidden, Rng rng) {
            lstm = child("lstm", new LSTM(28, hidden, LSTM.options().batchFirst(true), rng));
            fc = child("fc", new Linear(hidden, 10, rng));
        }

        /** {@code [N, 1, 28, 28]} images to {@code [N, 10]} logits. */
        @Override
        public Tensor forward(Tensor images) {
            Tensor rows = images.squeeze(1);                              // [N, 28 steps, 28 pixels]
            Tensor last = lstm.forward(rows, null, null).hN().squeeze(0); // [1, N, hidden] → [N, hidden]
            return fc.forward(last);
        }
    }

    @Override
    public String name() {
        return "mnist-lstm";
    }

    @Override
    public String description() {
        return "LSTM 28→128 over image rows + linear; AdamW, one-cycle, clipping";
    }

    @Override
    public Hyperparameters defaults() {
        return new Hyperparameters(15, 64, 3e-3, OptimizerChoice.ADAMW);
    }

    @Override
    public void train(RunContext run) throws IOException {
        Rng rng = new Rng(run.settings().seed());
        ClassifierTraining.train(run, new Model(HIDDEN, rng), Map.of(HIDDEN_KEY, String.valueOf(HIDDEN)), RECIPE, rng);
    }
}

package dev.panagrad.examples.mnist;

import dev.panagrad.core.Rng;
import dev.panagrad.examples.run.Experiment;
import dev.panagrad.examples.run.Hyperparameters;
import dev.panagrad.examples.run.OptimizerChoice;
import dev.panagrad.examples.run.RunContext;
import dev.panagrad.nn.Dropout;
import dev.panagrad.nn.Flatten;
import dev.panagrad.nn.Linear;
import dev.panagrad.nn.ReLU;
import dev.panagrad.nn.Sequential;
import java.io.IOException;
import java.util.Map;

/**
 * {@code mnist-mlp}: a 784-256-128-10 perceptron with ReLU and dropout, trained with AdamW, a
 * one-cycle schedule, label smoothing and random shifts of up to 2 pixels.
 */
public final class MnistMlp implements Experiment {
    static final ClassifierRecipe RECIPE = new ClassifierRecipe(1e-4, 0.1, 2, 0, 0.25);

    /** The network: {@code [N, 1, 28, 28]} images to {@code [N, 10]} logits. */
    public static Sequential model(Rng rng) {
        return new Sequential(
                new Flatten(),
                new Linear(28 * 28, 256, rng), new ReLU(), new Dropout(0.2, rng),
                new Linear(256, 128, rng), new ReLU(), new Dropout(0.2, rng),
                new Linear(128, 10, rng));
    }

    @Override
    public String name() {
        return "mnist-mlp";
    }

    @Override
    public String description() {
        return "784-256-128-10 MLP, dropout; AdamW, one-cycle, random shifts";
    }

    @Override
    public Hyperparameters defaults() {
        return new Hyperparameters(20, 64, 2e-3, OptimizerChoice.ADAMW);
    }

    @Override
    public void train(RunContext run) throws IOException {
        Rng rng = new Rng(run.settings().seed());
        ClassifierTraining.train(run, model(rng), Map.of(), RECIPE, rng);
    }
}

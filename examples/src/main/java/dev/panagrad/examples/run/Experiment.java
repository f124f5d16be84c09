package dev.panagrad.examples.run;

import java.io.IOException;

/**
 * A model that {@code panagrad train <name>} trains: its recipe (default hyperparameters) and its
 * training loop. An experiment reports through its {@link RunContext}: per-epoch progress, epoch
 * metrics (which write {@code metrics.csv} and {@code curves.png}) and the final checkpoint.
 */
public interface Experiment {
    /** The name {@code train} takes, e.g. {@code mnist-cnn}. */
    String name();

    /** One line for {@code --help}: the model and its recipe. */
    String description();

    /** The recipe's epochs, batch size, learning rate and optimizer. */
    Hyperparameters defaults();

    /**
     * Trains the model as {@code run.settings()} says, reporting every epoch and saving the checkpoint.
     *
     * @throws ExampleException for problems the user can fix (missing data, unreadable text)
     * @throws IOException if an output file cannot be written
     */
    void train(RunContext run) throws IOException;
}

package dev.panagrad.examples.run;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything {@code train} was asked for, resolved: the experiment's defaults with the user's
 * overrides applied.
 *
 * @param model the experiment's name, e.g. {@code mnist-cnn}
 * @param hyper epochs, batch size, learning rate and optimizer
 * @param seed seeds every random choice (initialization, shuffling, augmentation, dropout, noise)
 * @param threads kernel threads; with the seed it determines the metrics bit for bit
 * @param dataDir a directory of standard MNIST IDX files, or empty for the shipped 10,000 digits
 * @param textFile the text a language model trains on, or empty for the shipped English word list
 * @param out the run directory (created if missing)
 */
public record TrainSettings(String model, Hyperparameters hyper, long seed, int threads, Optional<Path> dataDir,
        Optional<Path> textFile, Path out) {
    /** Checks the values that the record itself can check. */
    public TrainSettings {
        if (threads < 1) {
            throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        }
    }
}

package dev.panagrad.examples.mnist;

import dev.panagrad.examples.run.ExampleException;
import dev.panagrad.nn.data.Mnist;
import dev.panagrad.nn.data.TensorDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The MNIST splits a run uses, normalized with torchvision's mean and standard deviation: the
 * shipped 8,000 / 2,000 digits, or the standard IDX files of {@code --data DIR}.
 *
 * @param train the training split, inputs {@code [N, 1, 28, 28]} normalized, targets {@code [N]} INT32
 * @param test the test split, likewise
 */
public record MnistData(TensorDataset train, TensorDataset test) {
    /**
     * The shipped digits when {@code dir} is empty, else the four standard files in it.
     *
     * @throws ExampleException with a one-line reason when the directory or a file is missing or malformed
     */
    public static MnistData load(Optional<Path> dir) {
        return new MnistData(split(dir, true), split(dir, false));
    }

    /**
     * Only the test split: the shipped 2,000 digits when {@code dir} is empty, else the t10k files in
     * it (the training files need not be there).
     *
     * @throws ExampleException with a one-line reason when the directory or a file is missing or malformed
     */
    public static TensorDataset loadTest(Optional<Path> dir) {
        return split(dir, false);
    }

    private static TensorDataset split(Optional<Path> dir, boolean train) {
        if (dir.isEmpty()) {
            return normalized(train ? Mnist.train() : Mnist.test());
        }
        Path d = dir.get();
        if (!Files.isDirectory(d)) {
            throw new ExampleException("--data " + d + " is not a directory");
        }
        try {
            return normalized(Mnist.load(d, train));
        } catch (IOException e) {
            throw new ExampleException("cannot read MNIST from " + d + ": " + e.getMessage(), e);
        }
    }

    private static TensorDataset normalized(TensorDataset raw) {
        return new TensorDataset(Mnist.normalize(raw.inputs()), raw.targets());
    }
}

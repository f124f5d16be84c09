package dev.panagrad.examples.mnist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Tensor;
import dev.panagrad.examples.Cli;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.data.Idx;
import dev.panagrad.nn.data.IdxType;
import dev.panagrad.nn.data.Mnist;
import dev.panagrad.nn.data.TensorDataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three MNIST classifiers trained through the real command on a small IDX subset (a few dozen
 * steps each): the loss falls, the checkpoint rebuilds the same model, and a run is reproducible.
 */
class MnistTrainingTest {
    private static final int TRAIN = 640;
    private static final int TEST = 200;

    @TempDir
    static Path data;

    @BeforeAll
    static void writeSubset() throws IOException {
        writeSplit(Mnist.train(), TRAIN, "train");
        writeSplit(Mnist.test(), TEST, "t10k");
    }

    /** The first {@code n} digits of {@code split} as the standard IDX files {@code prefix-images/labels-idx*-ubyte}. */
    private static void writeSplit(TensorDataset split, int n, String prefix) throws IOException {
        float[] pixels = split.inputs().toFloatArray();
        int[] bytes = new int[n * 28 * 28];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = Math.round(pixels[i] * 255);
        }
        int[] labels = Arrays.copyOf(split.targets().toIntArray(), n);
        Idx.write(data.resolve(prefix + "-images-idx3-ubyte"), Tensor.of(bytes, n, 28, 28), IdxType.UNSIGNED_BYTE);
        Idx.write(data.resolve(prefix + "-labels-idx1-ubyte"), Tensor.of(labels, n), IdxType.UNSIGNED_BYTE);
    }

    /** Two epochs of 20 steps of batch 32. */
    private static Path train(String model, Path out) {
        Cli.Result r = Cli.run("train", model, "--data", data.toString(), "--epochs", "2", "--batch-size", "32", "--threads", "2",
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        return out;
    }

    /** The rows of {@code metrics.csv} (header first), each split at its commas. */
    private static List<String[]> metrics(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.csv")).stream().map(line -> line.split(",")).toList();
    }

    private static double value(List<String[]> rows, int epoch, String column) {
        int index = Arrays.asList(rows.getFirst()).indexOf(column);
        assertTrue(index > 0, () -> column + " missing from " + Arrays.toString(rows.getFirst()));
        return Double.parseDouble(rows.get(epoch)[index]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist-mlp", "mnist-cnn", "mnist-lstm"})
    void trainingLowersTheLossAndTheCheckpointRestoresTheModel(String model, @TempDir Path dir) throws IOException {
        Path run = train(model, dir.resolve("run"));
        List<String[]> rows = metrics(run);
        assertEquals(3, rows.size(), "header and two epochs");
        assertTrue(value(rows, 2, "train_loss") < value(rows, 1, "train_loss"), model + ": the training loss did not fall");

        Module restored = MnistClassifiers.restore(Checkpoint.load(run.resolve(Checkpoint.FILE)));
        ClassifierTraining.Evaluation test = ClassifierTraining.evaluate(restored, MnistData.load(java.util.Optional.of(data)).test());
        assertEquals(value(rows, 2, "test_loss"), test.loss(), model + ": the restored model predicts differently");
        assertEquals(value(rows, 2, "test_acc"), test.accuracy(), model + ": the restored model predicts differently");
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist-cnn", "mnist-lstm"})
    void theSameSeedAndThreadsGiveTheSameMetrics(String model, @TempDir Path dir) throws IOException {
        List<String[]> first = metrics(train(model, dir.resolve("first")));
        List<String[]> second = metrics(train(model, dir.resolve("second")));
        for (int row = 0; row < first.size(); row++) {
            // every column but the last two, seconds and samples_per_s
            assertEquals(List.of(first.get(row)).subList(0, first.get(row).length - 2),
                    List.of(second.get(row)).subList(0, second.get(row).length - 2), model + " epoch " + row);
        }
    }
}

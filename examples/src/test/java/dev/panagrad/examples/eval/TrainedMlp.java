package dev.panagrad.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panagrad.core.Tensor;
import dev.panagrad.examples.Cli;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.nn.data.Idx;
import dev.panagrad.nn.data.IdxType;
import dev.panagrad.nn.data.Mnist;
import dev.panagrad.nn.data.TensorDataset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An mnist-mlp trained by {@code panagrad train} for one epoch on a small IDX copy of the shipped
 * digits (2,000 training, 500 test), shared by the eval and predict tests; trained once per test run.
 *
 * @param data the directory of the four IDX files
 * @param run the run directory
 * @param test the test digits as read from the IDX files (pixels in [0, 1], not normalized)
 */
record TrainedMlp(Path data, Path run, TensorDataset test) {
    static final int TRAIN_DIGITS = 2000;
    static final int TEST_DIGITS = 500;

    private static TrainedMlp trained;

    /** The trained run, training it on first use. */
    static synchronized TrainedMlp get() {
        if (trained == null) {
            try {
                trained = train(Files.createTempDirectory("panagrad-eval-test"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return trained;
    }

    /** The run's checkpoint file. */
    Path checkpoint() {
        return run.resolve(Checkpoint.FILE);
    }

    private static TrainedMlp train(Path dir) throws IOException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        Path data = Files.createDirectory(dir.resolve("mnist"));
        writeIdx(data, "train", Mnist.train(), TRAIN_DIGITS);
        writeIdx(data, "t10k", Mnist.test(), TEST_DIGITS);
        Path run = dir.resolve("run");
        Cli.Result r = Cli.run("train", "mnist-mlp", "--data", data.toString(), "--epochs", "1", "--out", run.toString());
        assertEquals(0, r.exitCode(), r::toString);
        return new TrainedMlp(data, run, Mnist.load(data, false));
    }

    /** Writes the first {@code n} digits of {@code digits} as the standard IDX files named {@code prefix}. */
    private static void writeIdx(Path dir, String prefix, TensorDataset digits, int n) throws IOException {
        float[] pixels = digits.inputs().narrow(0, 0, n).toFloatArray();
        int[] bytes = new int[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            bytes[i] = Math.round(pixels[i] * 255);
        }
        Idx.write(dir.resolve(prefix + "-images-idx3-ubyte"), Tensor.of(bytes, n, Mnist.SIZE, Mnist.SIZE), IdxType.UNSIGNED_BYTE);
        Idx.write(dir.resolve(prefix + "-labels-idx1-ubyte"), digits.targets().narrow(0, 0, n), IdxType.UNSIGNED_BYTE);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}

package dev.panagrad.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Rng;
import dev.panagrad.examples.Cli;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.nn.Linear;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code panagrad eval}: the training run's test figures, reproduced from its checkpoint, and where the model errs. */
class EvalCommandTest {
    private static final Pattern SUMMARY = Pattern.compile("test_loss (\\S+)  test_acc (\\S+)%  \\(([\\d,]+) of ([\\d,]+) correct\\)");

    @Test
    void evalReproducesTheLastEpochsTestLossAndAccuracyExactly() throws IOException {
        TrainedMlp mlp = TrainedMlp.get();
        Cli.Result r = Cli.run("eval", "--checkpoint", mlp.checkpoint().toString(), "--data", mlp.data().toString());
        assertEquals(0, r.exitCode(), r::toString);

        List<String> csv = Files.readAllLines(mlp.run().resolve("metrics.csv"));
        List<String> columns = List.of(csv.getFirst().split(","));
        String[] last = csv.getLast().split(",");
        double testLoss = Double.parseDouble(last[columns.indexOf("test_loss")]);
        double testAcc = Double.parseDouble(last[columns.indexOf("test_acc")]);

        Matcher summary = SUMMARY.matcher(r.out());
        assertTrue(summary.find(), r::toString);
        int correct = Integer.parseInt(summary.group(3).replace(",", ""));
        int total = Integer.parseInt(summary.group(4).replace(",", ""));
        assertEquals(TrainedMlp.TEST_DIGITS, total);
        assertEquals(testAcc, (double) correct / total, "accuracy differs from metrics.csv\n" + r);
        assertEquals(String.format(Locale.ROOT, "%.4f", testLoss), summary.group(1));
        assertEquals(String.format(Locale.ROOT, "%.2f", 100 * testAcc), summary.group(2));
    }

    @Test
    void evalNeedsOnlyTheTestFilesOfTheDataDirectory(@TempDir Path dir) throws IOException {
        TrainedMlp mlp = TrainedMlp.get();
        for (String name : new String[] {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            Files.copy(mlp.data().resolve(name), dir.resolve(name));
        }
        Cli.Result onlyTest = Cli.run("eval", "--checkpoint", mlp.checkpoint().toString(), "--data", dir.toString());
        Cli.Result full = Cli.run("eval", "--checkpoint", mlp.checkpoint().toString(), "--data", mlp.data().toString());
        assertEquals(0, onlyTest.exitCode(), onlyTest::toString);
        assertEquals(full.out().lines().skip(1).toList(), onlyTest.out().lines().skip(1).toList());
    }

    @Test
    void theConfusionMatrixCountsEveryTestDigitOnceAndItsDiagonalGivesEachDigitsAccuracy() {
        TrainedMlp mlp = TrainedMlp.get();
        Cli.Result r = Cli.run("eval", "--checkpoint", mlp.checkpoint().toString(), "--data", mlp.data().toString());
        assertEquals(0, r.exitCode(), r::toString);
        Matcher summary = SUMMARY.matcher(r.out());
        assertTrue(summary.find(), r::toString);

        int[] labels = mlp.test().targets().toIntArray();
        List<String[]> rows = r.out().lines().map(String::strip).filter(line -> line.matches("\\d( +\\d+){11} +(\\d+\\.\\d\\d%|-)"))
                .map(line -> line.split(" +")).toList();
        assertEquals(10, rows.size(), r::toString);
        int sum = 0, diagonal = 0;
        for (int digit = 0; digit < 10; digit++) {
            String[] row = rows.get(digit);
            assertEquals(String.valueOf(digit), row[0], r::toString);
            int[] counts = Arrays.stream(row, 1, 11).mapToInt(Integer::parseInt).toArray();
            int support = Arrays.stream(counts).sum();
            int d = digit;
            assertEquals(Arrays.stream(labels).filter(label -> label == d).count(), support, "row " + digit + "\n" + r);
            assertEquals(support, Integer.parseInt(row[11]), "row " + digit + "\n" + r);
            assertEquals(String.format(Locale.ROOT, "%.2f%%", 100.0 * counts[digit] / support), row[12], "row " + digit + "\n" + r);
            sum += support;
            diagonal += counts[digit];
        }
        assertEquals(TrainedMlp.TEST_DIGITS, sum);
        assertEquals(Integer.parseInt(summary.group(3).replace(",", "")), diagonal, r::toString);
    }

    @Test
    void withoutDataEvalUsesTheShippedTwoThousandTestDigits() {
        Cli.Result r = Cli.run("eval", "--checkpoint", TrainedMlp.get().checkpoint().toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("mnist-mlp from " + TrainedMlp.get().checkpoint() + ", 2,000 test digits"), r::toString);
        assertTrue(r.out().contains(" of 2,000 correct)"), r::toString);
    }

    @Test
    void aMissingTruncatedOrForeignCheckpointIsAOneLineFailure(@TempDir Path dir) throws IOException {
        byte[] real = Files.readAllBytes(TrainedMlp.get().checkpoint());
        Path missing = dir.resolve("missing.safetensors");
        assertFailsWithOneLine(missing, missing + " does not exist");
        for (int length : new int[] {5, 100, real.length / 2, real.length - 3}) {
            Path truncated = dir.resolve("first-" + length + "-bytes.safetensors");
            Files.write(truncated, Arrays.copyOf(real, length));
            assertFailsWithOneLine(truncated, truncated + " is not a valid safetensors file");
        }
        Path words = dir.resolve("char-rnn.safetensors");
        Checkpoint.save(words, "char-rnn", new Linear(3, 2, new Rng(0)), Map.of("hidden", "256"));
        assertFailsWithOneLine(words, "checkpoint holds a char-rnn model, not an MNIST classifier");
        Path reshaped = dir.resolve("other-mlp.safetensors");
        Checkpoint.save(reshaped, "mnist-mlp", new Linear(3, 2, new Rng(0)), Map.of());
        assertFailsWithOneLine(reshaped, "checkpoint does not fit the mnist-mlp model");
    }

    @Test
    void wrongArgumentsExitWithTwo() {
        String checkpoint = TrainedMlp.get().checkpoint().toString();
        for (String[] args : new String[][] {{"eval"}, {"eval", "--checkpoint"}, {"eval", "--checkpoint", checkpoint, "extra"},
            {"eval", "--checkpoint", checkpoint, "--epochs", "3"}}) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.exitCode(), () -> String.join(" ", args) + "\n" + r);
            assertFalse(r.err().contains("\tat "), r::toString);
        }
    }

    static void assertFailsWithOneLine(Path checkpoint, String reason) {
        Cli.Result r = Cli.run("eval", "--checkpoint", checkpoint.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("panagrad: ") && r.err().contains(reason), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertEquals("", r.out(), r::toString);
    }
}

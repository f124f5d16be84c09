package dev.panagrad.examples.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Tensor;
import dev.panagrad.examples.Cli;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.nn.data.Idx;
import dev.panagrad.nn.data.IdxType;
import dev.panagrad.nn.data.Mnist;
import dev.panagrad.nn.data.TensorDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train mnist-gan} end to end on a small subset: two epochs of 16 steps of batch 32. */
class MnistGanTrainingTest {
    private static final int TRAIN = 512;
    private static final int TEST = 100;

    @TempDir
    static Path data;

    @TempDir
    static Path run;

    @TempDir
    static Path rerun;

    private static Cli.Result result;

    @BeforeAll
    static void train() throws IOException {
        writeSplit(Mnist.train(), TRAIN, "train");
        writeSplit(Mnist.test(), TEST, "t10k");
        result = Cli.run("train", "mnist-gan", "--data", data.toString(), "--epochs", "2", "--batch-size", "32", "--threads", "2",
                "--out", run.toString());
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

    @Test
    void trainingWritesMetricsWithFiniteLossesThatMove() throws IOException {
        assertEquals(0, result.exitCode(), result::toString);
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals("epoch,d_loss,g_loss,d_real_acc,d_fake_acc,seconds,samples_per_s", lines.getFirst());
        assertEquals(3, lines.size(), () -> String.join("\n", lines));
        double[] first = Arrays.stream(lines.get(1).split(",")).mapToDouble(Double::parseDouble).toArray();
        double[] second = Arrays.stream(lines.get(2).split(",")).mapToDouble(Double::parseDouble).toArray();
        for (int column = 1; column <= 4; column++) {
            assertTrue(Double.isFinite(first[column]) && Double.isFinite(second[column]), () -> String.join("\n", lines));
        }
        assertTrue(first[1] > 0 && first[2] > 0, () -> "losses are positive: " + lines);
        assertNotEquals(first[1], second[1], () -> "d_loss moved: " + lines);
        assertNotEquals(first[2], second[2], () -> "g_loss moved: " + lines);
        assertTrue(result.out().contains("d_loss") && result.out().contains("d_real_acc"), result::toString);
    }

    @Test
    void everyEpochWritesAnEightByEightGridOfTheFixedSamples() throws IOException {
        BufferedImage first = ImageIO.read(run.resolve("samples-epoch-1.png").toFile());
        BufferedImage second = ImageIO.read(run.resolve("samples-epoch-2.png").toFile());
        int side = 8 * 28 + 9 * SampleGrid.PADDING;
        for (BufferedImage grid : List.of(first, second)) {
            assertEquals(side, grid.getWidth());
            assertEquals(side, grid.getHeight());
        }
        assertTrue(differs(first, second), "the generator changed between epochs, so its samples did");
    }

    @Test
    void theCheckpointRebuildsBothNetworks() {
        Checkpoint checkpoint = Checkpoint.load(run.resolve(Checkpoint.FILE));
        assertEquals("mnist-gan", checkpoint.model());
        assertTrue(checkpoint.tensors().keySet().stream().anyMatch(name -> name.startsWith("generator.")));
        assertTrue(checkpoint.tensors().keySet().stream().anyMatch(name -> name.startsWith("discriminator.")));
        Gan gan = MnistGan.restore(checkpoint);
        assertEquals(MnistGan.LATENT, gan.latent());
        Tensor digits = Gan.everyDigit(3);
        Tensor images = gan.sample(digits, new dev.panagrad.core.Rng(1));
        assertEquals(List.of(3, 1, 28, 28), Arrays.stream(images.shape()).boxed().toList());
        assertEquals(List.of(3, 1), Arrays.stream(gan.discriminator().forward(images, digits).shape()).boxed().toList());
    }

    @Test
    void theSameSeedAndThreadsGiveTheSameMetricsBitForBit() throws IOException {
        Cli.Result again = Cli.run("train", "mnist-gan", "--data", data.toString(), "--epochs", "1", "--batch-size", "32", "--threads",
                "2", "--out", rerun.toString());
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(measured(Files.readAllLines(run.resolve("metrics.csv")).get(1)),
                measured(Files.readAllLines(rerun.resolve("metrics.csv")).get(1)));
    }

    /** A metrics.csv row without its wall-time columns. */
    private static String measured(String row) {
        String[] cells = row.split(",");
        return String.join(",", Arrays.copyOf(cells, cells.length - 2));
    }

    private static boolean differs(BufferedImage a, BufferedImage b) {
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }
}

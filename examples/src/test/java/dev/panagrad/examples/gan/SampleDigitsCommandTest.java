package dev.panagrad.examples.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Rng;
import dev.panagrad.examples.Cli;
import dev.panagrad.examples.mnist.MnistMlp;
import dev.panagrad.examples.run.Checkpoint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code panagrad sample} with an mnist-gan checkpoint: a PNG grid of the digits asked for, and its usage errors. */
class SampleDigitsCommandTest {
    private static final int CELL = 28 + SampleGrid.PADDING;

    @TempDir
    static Path dir;

    private static Path gan;
    private static Path classifier;

    @BeforeAll
    static void writeCheckpoints() throws IOException {
        Rng rng = new Rng(1);
        gan = UntrainedGan.write(dir.resolve("gan.safetensors"), rng);
        classifier = dir.resolve("mlp.safetensors");
        Checkpoint.save(classifier, "mnist-mlp", MnistMlp.model(rng), Map.of());
    }

    private static BufferedImage png(Path file) throws IOException {
        return ImageIO.read(file.toFile());
    }

    @Test
    void everyDigitInTurnFillsRowsOfTen() throws IOException {
        Path out = dir.resolve("all.png");
        Cli.Result r = Cli.run("sample", "--checkpoint", gan.toString(), "-n", "20", "--out", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("20 digits (0 to 9 in turn) written to"), r::toString);
        BufferedImage grid = png(out);
        assertEquals(10 * CELL + SampleGrid.PADDING, grid.getWidth());
        assertEquals(2 * CELL + SampleGrid.PADDING, grid.getHeight());
    }

    @Test
    void oneDigitIsDrawnAsOftenAsAsked() throws IOException {
        Path out = dir.resolve("sevens.png");
        Cli.Result r = Cli.run("sample", "--checkpoint", gan.toString(), "--digit", "7", "-n", "5", "--out", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.out().contains("5 7s written to"), r::toString);
        assertEquals(5 * CELL + SampleGrid.PADDING, png(out).getWidth());
    }

    @Test
    void theSameSeedDrawsTheSameDigits() throws IOException {
        Path a = dir.resolve("a.png");
        Path b = dir.resolve("b.png");
        assertEquals(0, Cli.run("sample", "--checkpoint", gan.toString(), "--seed", "3", "--out", a.toString()).exitCode());
        assertEquals(0, Cli.run("sample", "--checkpoint", gan.toString(), "--seed", "3", "--out", b.toString()).exitCode());
        assertEquals(-1, Files.mismatch(a, b));
    }

    @Test
    void badArgumentsExitWithTwoAndNameTheProblem() {
        String png = dir.resolve("x.png").toString();
        String[][] cases = {
            {"sample", "--checkpoint", gan.toString()},
            {"sample", "--checkpoint", gan.toString(), "--digit", "10", "--out", png},
            {"sample", "--checkpoint", gan.toString(), "--temperature", "0.5", "--out", png},
            {"sample", "--checkpoint", classifier.toString(), "--digit", "3"},
            {"sample", "--checkpoint", gan.toString(), "-n", "10001", "--out", png},
        };
        String[] expected = {"give --out FILE", "--digit must be 0 to 9, got 10", "--temperature applies to a char-rnn",
            "--digit applies to an mnist-gan checkpoint", "-n must be at most 10000"};
        Cli.assertUsageErrors(cases, expected);
        assertFalse(Files.exists(Path.of(png)), "nothing written on a usage error");
    }
}

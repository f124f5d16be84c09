package dev.panagrad.examples.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Tensor;
import dev.panagrad.examples.Cli;
import dev.panagrad.examples.mnist.MnistClassifiers;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.nn.Module;
import dev.panagrad.nn.data.Mnist;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code panagrad predict}: pictures of a test digit get the class the model gives the digit itself. */
class PredictCommandTest {
    private static Module model;

    @BeforeAll
    static void restoreTheTrainedModel() {
        model = MnistClassifiers.restore(Checkpoint.load(TrainedMlp.get().checkpoint()));
    }

    /** The model's class probabilities for test digit {@code index}. */
    private static double[] probabilities(int index) {
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor digit = TrainedMlp.get().test().inputs().narrow(0, index, 1);
            return model.forward(Mnist.normalize(digit)).softmax(1).toDoubleArray();
        }
    }

    private static int argmax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            best = values[i] > values[best] ? i : best;
        }
        return best;
    }

    private static int[] levels(int index) {
        return Digits.levels(TrainedMlp.get().test().inputs().narrow(0, index, 1).toFloatArray());
    }

    private static Cli.Result predict(Path image, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("predict", "--checkpoint", TrainedMlp.get().checkpoint().toString()));
        args.addAll(List.of(options));
        args.add(image.toString());
        return Cli.run(args.toArray(String[]::new));
    }

    /** The printed digit and the ten printed probabilities, checked for form. */
    private static double[] printed(Cli.Result r, int digit) {
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.getFirst().startsWith("digit " + digit + " (probability "), r::toString);
        assertEquals(11, lines.size(), r::toString);
        double[] p = new double[10];
        for (int c = 0; c < 10; c++) {
            String[] fields = lines.get(c + 1).strip().split(" +");
            assertEquals(String.valueOf(c), fields[0], r::toString);
            p[c] = Double.parseDouble(fields[1]);
        }
        assertEquals(1, Arrays.stream(p).sum(), 0.001, r::toString);
        return p;
    }

    @Test
    void gray28PngsAndLargerRgbPngsGetTheModelsProbabilitiesForTheDigit(@TempDir Path dir) throws IOException {
        for (int index = 0; index < 3; index++) {
            double[] expected = probabilities(index);
            int[] levels = levels(index);
            for (Map.Entry<String, BufferedImage> picture : Map.of("gray-28", Digits.gray(levels), "rgb-56", Digits.rgb(levels, 2))
                    .entrySet()) {
                Cli.Result r = predict(Digits.png(picture.getValue(), dir.resolve(index + "-" + picture.getKey() + ".png")));
                double[] p = printed(r, argmax(expected));
                for (int c = 0; c < 10; c++) {
                    assertEquals(String.format(Locale.ROOT, "%.4f", expected[c]), String.format(Locale.ROOT, "%.4f", p[c]), r::toString);
                }
            }
        }
    }

    @Test
    void darkDigitsOnLightOrTransparentBackgroundsAreInvertedFirst(@TempDir Path dir) throws IOException {
        for (int index = 0; index < 3; index++) {
            int digit = argmax(probabilities(index));
            printed(predict(Digits.png(Digits.inverted(levels(index)), dir.resolve(index + "-ink.png"))), digit);
            printed(predict(Digits.png(Digits.transparent(levels(index)), dir.resolve(index + "-alpha.png"))), digit);
        }
    }

    @Test
    void fitFindsADigitDrawnLargeAndOffCentreOnAPage(@TempDir Path dir) throws IOException {
        int checked = 0;
        for (int index = 0; checked < 3; index++) {
            double[] expected = probabilities(index);
            if (expected[argmax(expected)] < 0.9) {
                continue; // a digit the model is sure of, so that fitting's small changes cannot flip it
            }
            Path page = Digits.png(Digits.onPage(levels(index), 4, 300, 200, 150 - 40 * checked, 30 + 20 * checked),
                    dir.resolve(index + "-page.png"));
            printed(predict(page, "--fit"), argmax(expected));
            checked++;
        }
    }

    @Test
    void aMissingUnreadableOrTooSmallImageIsAOneLineFailure(@TempDir Path dir) throws IOException {
        Path png = Digits.png(Digits.gray(levels(0)), dir.resolve("digit.png"));
        byte[] bytes = Files.readAllBytes(png);
        Path missing = dir.resolve("missing.png");
        Path text = Files.writeString(dir.resolve("notes.png"), "not a picture\n");
        Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
        Path truncated = Files.write(dir.resolve("truncated.png"), Arrays.copyOf(bytes, bytes.length / 2));
        Path small = Digits.png(new BufferedImage(20, 20, BufferedImage.TYPE_BYTE_GRAY), dir.resolve("small.png"));
        assertFailsWithOneLine(predict(missing), missing + " does not exist");
        assertFailsWithOneLine(predict(text), text + " is not an image");
        assertFailsWithOneLine(predict(empty), empty + " is not an image");
        assertFailsWithOneLine(predict(truncated), truncated + " cannot be read");
        assertFailsWithOneLine(predict(small), small + " is 20×20 pixels; it must be at least 28×28");
    }

    @Test
    void aTruncatedCheckpointIsAOneLineFailure(@TempDir Path dir) throws IOException {
        Path png = Digits.png(Digits.gray(levels(0)), dir.resolve("digit.png"));
        byte[] real = Files.readAllBytes(TrainedMlp.get().checkpoint());
        Path truncated = Files.write(dir.resolve("checkpoint.safetensors"), Arrays.copyOf(real, real.length - 100));
        assertFailsWithOneLine(Cli.run("predict", "--checkpoint", truncated.toString(), png.toString()),
                truncated + " is not a valid safetensors file");
    }

    @Test
    void wrongArgumentsExitWithTwo(@TempDir Path dir) throws IOException {
        String checkpoint = TrainedMlp.get().checkpoint().toString();
        String png = Digits.png(Digits.gray(levels(0)), dir.resolve("digit.png")).toString();
        for (String[] args : new String[][] {{"predict"}, {"predict", png}, {"predict", "--checkpoint", checkpoint},
            {"predict", "--checkpoint", checkpoint, png, png}, {"predict", "--checkpoint", checkpoint, "--size", "28", png}}) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.exitCode(), () -> String.join(" ", args) + "\n" + r);
            assertFalse(r.err().contains("\tat "), r::toString);
        }
    }

    @Test
    void helpSaysHowThePictureIsPrepared() {
        Cli.Result r = Cli.run("predict", "--help");
        assertEquals(0, r.exitCode(), r::toString);
        String help = r.out().replaceAll("\\s+", " ");
        for (String part : new String[] {"--checkpoint", "--fit", "IMAGE", "at least 28x28", "inverted when its border is light",
            "area averaging"}) {
            assertTrue(help.contains(part), () -> part + " missing from\n" + r.out());
        }
    }

    private static void assertFailsWithOneLine(Cli.Result r, String reason) {
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.err().startsWith("panagrad: ") && r.err().contains(reason), r::toString);
        assertEquals(1, r.err().strip().lines().count(), r::toString);
        assertEquals("", r.out(), r::toString);
    }
}

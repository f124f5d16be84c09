package dev.panagrad.examples.cli;

import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Tensor;
import dev.panagrad.examples.mnist.ImageInput;
import dev.panagrad.examples.mnist.MnistClassifiers;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.nn.Module;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code panagrad predict --checkpoint FILE IMAGE}: the digit a trained MNIST classifier sees in a picture. */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Classifies the handwritten digit in a picture with a trained MNIST classifier.", "",
            "Rebuilds the model (mnist-mlp, mnist-cnn or mnist-lstm) from its checkpoint and prints the digit and the "
                + "probabilities of all ten. IMAGE (PNG, JPEG, GIF or BMP, at least 28x28 pixels, gray or colour) is "
                + "prepared as the training digits were: converted to gray (transparent pixels count as white); inverted "
                + "when its border is light (the mean gray level of its outermost pixels above one half), since MNIST "
                + "digits are white on black; padded to a square and shrunk to 28x28 by area averaging, or fitted with "
                + "--fit; and normalized like the training data."})
final class PredictCommand implements Callable<Integer> {
    private static final int BAR = 40; // characters of the bar of probability 1

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "The checkpoint.safetensors of a "
            + "train run (its run directory holds it); the model is rebuilt from the configuration stored in it.")
    Path checkpoint;

    @Option(names = "--fit", description = "Fit the digit as MNIST's digits were made: stretch the contrast, crop to the digit, "
            + "scale it into a 20x20 box and centre it by its centre of mass in 28x28. Use it for photos and drawings, "
            + "where the digit fills the frame or is off-centre.")
    boolean fit;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The picture of one digit.")
    Path image;

    @Override
    public Integer call() {
        Tensor input = ImageInput.read(image, fit);
        Module model = MnistClassifiers.restore(Checkpoint.load(checkpoint));
        int digit;
        double[] probabilities;
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor logits = model.forward(input); // [1, 10]
            digit = logits.argmax(1, false).getInt(0);
            probabilities = logits.softmax(1).toDoubleArray();
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "digit %d (probability %.4f)%n", digit, probabilities[digit]);
        for (int c = 0; c < probabilities.length; c++) {
            out.printf(Locale.ROOT, "  %d  %.4f  %s%n", c, probabilities[c], "#".repeat((int) Math.round(BAR * probabilities[c])));
        }
        out.flush();
        return 0;
    }
}

package dev.panagrad.examples.cli;

import dev.panagrad.core.Rng;
import dev.panagrad.examples.gan.Gan;
import dev.panagrad.examples.gan.MnistGan;
import dev.panagrad.examples.gan.QualityScore;
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

/** {@code panagrad eval-gan}: scores a trained GAN's digits with a trained MNIST classifier. */
@Command(name = "eval-gan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Scores a trained mnist-gan with a trained MNIST classifier: asks the generator for N digits (0, 1, "
                + "..., 9 in turn), lets the classifier label them, and prints the fraction labelled with confidence >= 0.9 "
                + "(are the digits recognizable?), each digit's share of the labels (are all ten drawn?) and how many were "
                + "labelled as the digit asked for. PASS needs >= 80%% confident and every digit >= 3%%. For reference it "
                + "also prints the same figures for the real test digits."})
final class EvalGanCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "The checkpoint.safetensors of a "
            + "train mnist-gan run.")
    Path checkpoint;

    @Option(names = "--classifier", required = true, paramLabel = "FILE", description = "The checkpoint.safetensors of a "
            + "trained classifier (mnist-cnn, mnist-mlp or mnist-lstm).")
    Path classifier;

    @Option(names = "-n", paramLabel = "N", defaultValue = "1000", description = "Digits to generate (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seeds the generator's noise "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        if (samples < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-n must be at least 1, got " + samples);
        }
        Checkpoint ganCheckpoint = Checkpoint.load(checkpoint);
        Checkpoint classifierCheckpoint = Checkpoint.load(classifier);
        Gan gan = MnistGan.restore(ganCheckpoint);
        Module labeller = MnistClassifiers.restore(classifierCheckpoint);
        QualityScore score = QualityScore.ofSamples(gan, labeller, samples, new Rng(seed));
        QualityScore reference = QualityScore.ofTestDigits(labeller);

        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%,d digits from %s, labelled by the %s in %s%n", samples, checkpoint, classifierCheckpoint.model(),
                classifier);
        out.printf(Locale.ROOT, "confident (p >= %.1f): %.1f%%  (target >= %.0f%%; the real test digits: %.1f%%)%n",
                QualityScore.CONFIDENCE, 100 * score.confidentFraction(), 100 * QualityScore.MIN_CONFIDENT,
                100 * reference.confidentFraction());
        StringBuilder digits = new StringBuilder("digit ");
        StringBuilder shares = new StringBuilder("share ");
        for (int d = 0; d < score.labels().length; d++) {
            digits.append(String.format(Locale.ROOT, "%7d", d));
            shares.append(String.format(Locale.ROOT, "%6.1f%%", 100 * score.share(d)));
        }
        out.println(digits);
        out.println(shares);
        out.printf(Locale.ROOT, "smallest share %.1f%%  (target: every digit >= %.0f%%)%n", 100 * score.minShare(),
                100 * QualityScore.MIN_CLASS_SHARE);
        out.printf(Locale.ROOT, "labelled as the digit asked for: %.1f%%  (the real test digits, as their true digit: %.1f%%)%n",
                100 * score.intendedFraction(), 100 * reference.intendedFraction());
        out.println(score.passes() ? "PASS" : "FAIL");
        out.flush();
        return 0;
    }
}

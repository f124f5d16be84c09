package dev.panagrad.examples.cli;

import dev.panagrad.core.DType;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.examples.gan.Gan;
import dev.panagrad.examples.gan.MnistGan;
import dev.panagrad.examples.gan.SampleGrid;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.examples.run.ExampleException;
import dev.panagrad.examples.text.TextCorpus;
import dev.panagrad.examples.text.TextSplit;
import dev.panagrad.examples.text.TrainingText;
import dev.panagrad.examples.text.WordSampler;
import dev.panagrad.nn.io.AtomicFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code panagrad sample}: invents words (or lines) with a trained char-rnn model and says how many
 * of them the model did not see in training, or draws digits with a trained mnist-gan into a PNG grid.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"With a char-rnn checkpoint: prints N sequences invented by the model, one per line (on standard "
                + "output), then how many are not in its training split (on standard error). The training split is "
                + "recomputed from the text the checkpoint names, if that text is still there unchanged.",
                "With an mnist-gan checkpoint: draws N digits, at most 10000 (--digit D, or 0 to 9 in turn, ten per row), "
                + "into the PNG grid --out FILE."})
final class SampleCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--checkpoint", paramLabel = "FILE", required = true, description = "A checkpoint.safetensors written by "
            + "'panagrad train char-rnn'.")
    Path checkpoint;

    @Option(names = "-n", paramLabel = "N", defaultValue = "20", description = "How many sequences (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0", description = "1 samples the model's distribution; "
            + "lower is more conservative, higher more adventurous; 0 always takes the most likely character "
            + "(default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seeds the draws: the same seed gives the "
            + "same words (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The most digits one PNG grid holds (10,000 is 302 × 30,002 pixels, written in about 4 s). */
    static final int MAX_DIGITS = 10_000;

    @Option(names = "--digit", paramLabel = "D", description = "mnist-gan only: the digit to draw, 0 to 9 (default: every "
            + "digit in turn).")
    Integer digit;

    @Option(names = "--out", paramLabel = "FILE", description = "mnist-gan only (and required for it): the PNG file the "
            + "grid of digits is written to.")
    Path out;

    @Override
    public Integer call() {
        if (count < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-n must be at least 1, got " + count);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--temperature must be a number >= 0, got " + temperature);
        }
        Checkpoint loaded = Checkpoint.load(checkpoint);
        if (loaded.model().equals(MnistGan.NAME)) {
            return drawDigits(MnistGan.restore(loaded));
        }
        if (digit != null || out != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), (digit != null ? "--digit" : "--out")
                    + " applies to an mnist-gan checkpoint, and " + checkpoint + " holds a " + loaded.model() + " model");
        }
        WordSampler sampler = WordSampler.restore(loaded);
        List<String> words = sampler.sample(count, temperature, new Rng(seed));
        PrintWriter out = spec.commandLine().getOut();
        words.forEach(out::println);
        out.flush();
        spec.commandLine().getErr().println(novelty(words, TrainingText.of(loaded.metadata())));
        return 0;
    }

    /** Writes {@code count} digits of {@code gan} as a PNG grid to {@code out}. */
    private int drawDigits(Gan gan) {
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (out == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "an mnist-gan checkpoint draws digits into a PNG: "
                    + "give --out FILE");
        }
        if (parsed.hasMatchedOption("--temperature")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--temperature applies to a char-rnn checkpoint, not "
                    + "an mnist-gan");
        }
        if (count > MAX_DIGITS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-n must be at most " + MAX_DIGITS + " for a grid of "
                    + "digits, got " + count);
        }
        if (digit != null && (digit < 0 || digit > 9)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--digit must be 0 to 9, got " + digit);
        }
        Tensor digits = digit == null ? Gan.everyDigit(count) : Tensor.full(digit, DType.INT32, count);
        Tensor images;
        try (NoGrad ignored = NoGrad.enter()) {
            images = gan.sample(digits, new Rng(seed));
        }
        try {
            AtomicFiles.write(out, SampleGrid.png(images, Math.min(count, digit == null ? 10 : 8)));
        } catch (IOException e) {
            throw new ExampleException("cannot write " + out + ": " + e.getMessage(), e);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "%d %s written to %s%n", count, digit == null ? "digits (0 to 9 in turn)" : digit + "s", out);
        stdout.flush();
        return 0;
    }

    /** How many of {@code words} are new: not in the training split, and not in the text at all. */
    private static String novelty(List<String> words, Optional<TrainingText> text) {
        Optional<TextCorpus> corpus = text.flatMap(TrainingText::reload);
        if (corpus.isEmpty()) {
            return text.map(t -> "(not counting new words: the training text " + t.name() + " is gone or has changed)")
                    .orElse("(not counting new words: the checkpoint does not name its training text)");
        }
        TextSplit split = text.get().split(corpus.get());
        Set<String> train = new HashSet<>(split.train());
        Set<String> validation = new HashSet<>(split.validation());
        long unseen = words.stream().filter(w -> !train.contains(w)).count();
        long heldOut = words.stream().filter(w -> !train.contains(w) && validation.contains(w)).count();
        return String.format(Locale.ROOT, "%d of %d (%.0f%%) are not in the training split of %s; %d of those are held-out "
                + "validation lines, %d are in neither split", unseen, words.size(), 100.0 * unseen / words.size(),
                text.get().name(), heldOut, unseen - heldOut);
    }
}

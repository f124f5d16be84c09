package dev.panagrad.examples.cli;

import dev.panagrad.core.Rng;
import dev.panagrad.examples.run.Checkpoint;
import dev.panagrad.examples.text.TextCorpus;
import dev.panagrad.examples.text.TextSplit;
import dev.panagrad.examples.text.TrainingText;
import dev.panagrad.examples.text.WordSampler;
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
 * of them the model did not see in training.
 */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Prints N sequences invented by a char-rnn model, one per line (on standard output), then how many "
                + "are not in its training split (on standard error). The training split is recomputed from the text the "
                + "checkpoint names, if that text is still there unchanged."})
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

    @Override
    public Integer call() {
        if (count < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-n must be at least 1, got " + count);
        }
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--temperature must be a number >= 0, got " + temperature);
        }
        Checkpoint loaded = Checkpoint.load(checkpoint);
        WordSampler sampler = WordSampler.restore(loaded);
        List<String> words = sampler.sample(count, temperature, new Rng(seed));
        PrintWriter out = spec.commandLine().getOut();
        words.forEach(out::println);
        out.flush();
        spec.commandLine().getErr().println(novelty(words, TrainingText.of(loaded.metadata())));
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

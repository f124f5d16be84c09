package dev.panagrad.examples.cli;

import dev.panagrad.examples.gan.MnistGan;
import dev.panagrad.examples.mnist.MnistCnn;
import dev.panagrad.examples.mnist.MnistLstm;
import dev.panagrad.examples.mnist.MnistMlp;
import dev.panagrad.examples.run.Experiment;
import dev.panagrad.examples.text.CharRnnExperiment;
import java.util.List;
import java.util.stream.Collectors;

/** The experiments {@code train} knows, by name. */
final class Experiments {
    private static final List<Experiment> ALL = List.of(new MnistMlp(), new MnistCnn(), new MnistLstm(), new MnistGan(),
            new CharRnnExperiment());

    private Experiments() {}

    /** Every experiment, in the order {@code --help} lists them. */
    static List<Experiment> all() {
        return ALL;
    }

    /** The experiment named {@code name}, or empty. */
    static java.util.Optional<Experiment> named(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** {@code lines} followed by one line per experiment: name, description and default recipe. */
    static String[] describe(String[] lines) {
        List<String> out = new java.util.ArrayList<>(List.of(lines));
        for (Experiment e : ALL) {
            var d = e.defaults();
            out.add(String.format(java.util.Locale.ROOT, "  %-11s %s%n  %-11s (defaults: %d epochs, batch %d, %s lr %s)", e.name(),
                    e.description(), "", d.epochs(), d.batchSize(), d.optimizer().cliName(), d.lrText()));
        }
        return out.toArray(String[]::new);
    }

    /** {@code "mnist-mlp, mnist-cnn, ..."}. */
    static String names() {
        return ALL.stream().map(Experiment::name).collect(Collectors.joining(", "));
    }
}

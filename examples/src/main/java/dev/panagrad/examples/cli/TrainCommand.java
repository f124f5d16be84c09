package dev.panagrad.examples.cli;

import dev.panagrad.core.Threads;
import dev.panagrad.examples.run.Experiment;
import dev.panagrad.examples.run.Hyperparameters;
import dev.panagrad.examples.run.OptimizerChoice;
import dev.panagrad.examples.run.RunContext;
import dev.panagrad.examples.run.TrainSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code panagrad train MODEL}: trains one of the example models and writes its run directory. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trains MODEL and writes its run directory: checkpoint.safetensors, metrics.csv, curves.png "
                + "(and samples-epoch-N.png for mnist-gan).", "", "Models (each with its own default recipe):"},
        footer = {"", "Unset options take the model's recipe; the same seed and thread count give the same metrics bit for bit."})
final class TrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "mnist-mlp, mnist-cnn, mnist-lstm, mnist-gan or char-rnn.")
    String model;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set (default: the model's recipe).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per optimizer step (default: the model's recipe).")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate (default: the model's recipe).")
    Double lr;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd (Nesterov momentum 0.9), adam, adamw or rmsprop "
            + "(default: the model's recipe).")
    String optimizer;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seeds initialization, shuffling, "
            + "augmentation, dropout and noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Kernel threads (default: the number of processors).")
    Integer threads;

    @Option(names = "--data", paramLabel = "DIR", description = "A directory of standard MNIST IDX files (train-images-idx3-ubyte, "
            + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, plain or .gz), e.g. the full 70,000 "
            + "digits (default: the shipped 10,000 digits, 8,000 train / 2,000 test).")
    Path data;

    @Option(names = "--text", paramLabel = "FILE", description = "char-rnn only: UTF-8 text to learn, one sequence per line "
            + "(default: the shipped English word list).")
    Path text;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/MODEL-TIMESTAMP).")
    Path out;

    @Override
    public Integer call() throws IOException {
        Experiment experiment = Experiments.named(model).orElseThrow(() -> usage("unknown model '" + model + "' (expected "
                + Experiments.names() + ")"));
        TrainSettings settings = settings(experiment);
        Files.createDirectories(settings.out());
        Threads.setNumThreads(settings.threads());
        RunContext run = new RunContext(settings, spec.commandLine().getOut(), System.console() != null && System.console().isTerminal());
        run.log(String.format("training %s: %d epochs, batch %d, %s lr %s, seed %d, %d threads -> %s", model,
                settings.hyper().epochs(), settings.hyper().batchSize(), settings.hyper().optimizer().cliName(),
                settings.hyper().lrText(), seed, settings.threads(), settings.out()));
        experiment.train(run);
        return 0;
    }

    /** The experiment's recipe with the given options applied; invalid values are usage errors (exit 2). */
    private TrainSettings settings(Experiment experiment) {
        Hyperparameters recipe = experiment.defaults();
        if (text != null && !model.equals("char-rnn")) {
            throw usage("--text applies to char-rnn only");
        }
        if (data != null && model.equals("char-rnn")) {
            throw usage("--data applies to the MNIST models only (char-rnn reads --text)");
        }
        try {
            OptimizerChoice choice = optimizer == null ? recipe.optimizer() : OptimizerChoice.parse(optimizer);
            Hyperparameters hyper = new Hyperparameters(epochs == null ? recipe.epochs() : epochs,
                    batchSize == null ? recipe.batchSize() : batchSize, lr == null ? recipe.lr() : lr, choice);
            Path dir = out != null ? out
                    : Path.of("runs", model + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            return new TrainSettings(model, hyper, seed, threads == null ? Runtime.getRuntime().availableProcessors() : threads,
                    Optional.ofNullable(data), Optional.ofNullable(text), dir);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}

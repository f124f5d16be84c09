package dev.panagrad.examples.run;

import dev.panagrad.nn.Module;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a training run writes to: the console (progress and summaries) and its run directory
 * ({@code metrics.csv}, {@code curves.png}, {@code checkpoint.safetensors} and any images).
 */
public final class RunContext {
    private final TrainSettings settings;
    private final PrintWriter console;
    private final boolean terminal;
    private final MetricsLog metrics;

    /**
     * A run writing to {@code settings.out()} (which must exist) and to {@code console}, with progress
     * bars when {@code terminal} and plain lines otherwise.
     */
    public RunContext(TrainSettings settings, PrintWriter console, boolean terminal) {
        this.settings = settings;
        this.console = console;
        this.terminal = terminal;
        this.metrics = new MetricsLog(settings.out(), settings.model());
    }

    /** What the user asked for. */
    public TrainSettings settings() {
        return settings;
    }

    /** The run directory. */
    public Path out() {
        return settings.out();
    }

    /** Prints one line to the console. */
    public void log(String line) {
        console.println(line);
        console.flush();
    }

    /** Progress display for epoch {@code epoch} of {@code steps} steps. */
    public Progress epochProgress(int epoch, int steps) {
        return Progress.create(String.format("epoch %" + String.valueOf(settings.hyper().epochs()).length() + "d/%d", epoch,
                settings.hyper().epochs()), steps, console, terminal);
    }

    /** Records a finished epoch: prints its summary line and rewrites {@code metrics.csv} and {@code curves.png}. */
    public void epochDone(EpochMetrics epoch) throws IOException {
        console.println(epoch.summary(settings.hyper().epochs()));
        console.flush();
        metrics.add(epoch);
    }

    /** The epochs recorded so far. */
    public java.util.List<EpochMetrics> epochs() {
        return metrics.epochs();
    }

    /**
     * Saves {@code model} with {@code config} as the run's checkpoint (atomically) and returns its path.
     */
    public Path saveCheckpoint(Module model, Map<String, String> config) throws IOException {
        Path file = out().resolve(Checkpoint.FILE);
        Checkpoint.save(file, settings.model(), model, config);
        return file;
    }
}

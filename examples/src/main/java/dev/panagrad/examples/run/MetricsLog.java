package dev.panagrad.examples.run;

import dev.panagrad.nn.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The per-epoch record of a run: after every epoch it rewrites {@code metrics.csv} (one row per
 * epoch; columns {@code epoch}, the metric names, {@code seconds}, {@code samples_per_s}) and
 * {@code curves.png}, both atomically, so an interrupted run leaves complete files of the epochs done.
 */
public final class MetricsLog {
    /** File name of the metrics table in the run directory. */
    public static final String CSV = "metrics.csv";
    /** File name of the plotted curves in the run directory. */
    public static final String CURVES = "curves.png";

    private final Path dir;
    private final String title;
    private final List<EpochMetrics> epochs = new ArrayList<>();

    /** A log writing into the existing directory {@code dir}; {@code title} heads the plots (the model's name). */
    public MetricsLog(Path dir, String title) {
        this.dir = dir;
        this.title = title;
    }

    /** Records one epoch and rewrites both files; every epoch must measure the same names. */
    public void add(EpochMetrics metrics) throws IOException {
        if (!epochs.isEmpty() && !epochs.getFirst().values().keySet().equals(metrics.values().keySet())) {
            throw new IllegalArgumentException("MetricsLog: epoch " + metrics.epoch() + " measures " + metrics.values().keySet()
                    + " but earlier epochs measured " + epochs.getFirst().values().keySet());
        }
        epochs.add(metrics);
        AtomicFiles.write(dir.resolve(CSV), csv().getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve(CURVES), Curves.png(title, epochs));
    }

    /** The epochs recorded so far. */
    public List<EpochMetrics> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The CSV text of the epochs so far. */
    String csv() {
        StringBuilder out = new StringBuilder("epoch");
        epochs.getFirst().values().keySet().forEach(name -> out.append(',').append(name));
        out.append(",seconds,samples_per_s\n");
        for (EpochMetrics m : epochs) {
            out.append(m.epoch());
            m.values().values().forEach(v -> out.append(',').append(v));
            out.append(String.format(Locale.ROOT, ",%.3f,%.1f%n", m.seconds(), m.samplesPerSecond()));
        }
        return out.toString();
    }
}

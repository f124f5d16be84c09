package dev.panagrad.examples.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one epoch measured: named values in a fixed order, plus wall time and throughput. Names
 * follow one convention so every consumer can treat all models alike: {@code *_loss} values are
 * losses (plotted together), {@code *_acc} values are accuracies in [0, 1] (plotted together,
 * printed as percentages), e.g. {@code train_loss, train_acc, test_loss, test_acc} for a classifier
 * or {@code d_loss, g_loss} for a GAN.
 *
 * @param epoch the epoch, from 1
 * @param values the measured values by name, in the order they are printed and written
 * @param seconds wall time of the epoch, evaluation included
 * @param samplesPerSecond training examples per second of training time
 */
public record EpochMetrics(int epoch, Map<String, Double> values, double seconds, double samplesPerSecond) {
    /** Copies {@code values}, keeping its order. */
    public EpochMetrics {
        if (epoch < 1) {
            throw new IllegalArgumentException("EpochMetrics: epoch must be at least 1, got " + epoch);
        }
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value named {@code name}, or NaN if this epoch did not measure it. */
    public double get(String name) {
        return values.getOrDefault(name, Double.NaN);
    }

    /**
     * The epoch summary line, e.g. {@code epoch  3/12  train_loss 0.1432  train_acc 95.61%  test_loss
     * 0.0711  test_acc 97.85%  9.4 s  1,021 samples/s}.
     */
    public String summary(int epochs) {
        int width = String.valueOf(epochs).length();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "epoch %" + width + "d/%d", epoch, epochs));
        values.forEach((name, value) -> line.append("  ").append(name).append(' ').append(format(name, value)));
        line.append(String.format(Locale.ROOT, "  %.1f s  %,.0f samples/s", seconds, samplesPerSecond));
        return line.toString();
    }

    /** A value as printed: accuracies as percentages, everything else with four decimals. */
    static String format(String name, double value) {
        return name.endsWith("_acc")
                ? String.format(Locale.ROOT, "%.2f%%", 100 * value)
                : String.format(Locale.ROOT, "%.4f", value);
    }
}

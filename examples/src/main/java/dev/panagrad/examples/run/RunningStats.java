package dev.panagrad.examples.run;

import java.util.Locale;

/** Running totals of an epoch's steps, shared by both progress displays. */
final class RunningStats {
    private final int steps;
    private final long startNanos;
    private int done;
    private long samples;
    private double lossSum;
    private long correct;
    private boolean classifies = true;

    RunningStats(int steps, long startNanos) {
        this.steps = steps;
        this.startNanos = startNanos;
    }

    void add(int stepSamples, double loss, int stepCorrect) {
        done++;
        samples += stepSamples;
        lossSum += loss * stepSamples;
        if (stepCorrect < 0) {
            classifies = false;
        } else {
            correct += stepCorrect;
        }
    }

    int done() {
        return done;
    }

    /** {@code "1,234 samples/s  loss 0.1234  acc 96.10%"} (no accuracy for models that do not classify). */
    String describe(long nowNanos) {
        double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
        String line = String.format(Locale.ROOT, "%,.0f samples/s  loss %.4f", samples / seconds, samples == 0 ? Double.NaN : lossSum / samples);
        if (classifies && samples > 0) {
            line += String.format(Locale.ROOT, "  acc %.2f%%", 100.0 * correct / samples);
        }
        return line;
    }

    /** Estimated time to finish the epoch, as {@code m:ss}. */
    String eta(long nowNanos) {
        if (done == 0) {
            return "?";
        }
        long left = Math.round((nowNanos - startNanos) / 1e9 / done * (steps - done));
        return String.format(Locale.ROOT, "%d:%02d", left / 60, left % 60);
    }
}

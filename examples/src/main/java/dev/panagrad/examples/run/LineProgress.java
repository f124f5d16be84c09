package dev.panagrad.examples.run;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress for logs: one plain line per tenth of the epoch (or per ten seconds, whichever comes
 * first), and one when the epoch ends — no carriage returns or escape codes.
 */
final class LineProgress implements Progress {
    private static final long INTERVAL_NANOS = 10_000_000_000L;

    private final String label;
    private final int steps;
    private final PrintWriter out;
    private final LongSupplier clock;
    private final RunningStats stats;
    private long lastPrint;
    private int lastPrintedStep;

    LineProgress(String label, int steps, PrintWriter out, LongSupplier clock) {
        this.label = label;
        this.steps = steps;
        this.out = out;
        this.clock = clock;
        this.lastPrint = clock.getAsLong();
        this.stats = new RunningStats(steps, lastPrint);
    }

    @Override
    public void step(int samples, double loss, int correct) {
        stats.add(samples, loss, correct);
        long now = clock.getAsLong();
        int tenth = Math.ceilDiv(steps, 10);
        if (stats.done() < steps && (stats.done() - lastPrintedStep >= tenth || now - lastPrint >= INTERVAL_NANOS)) {
            print(now);
        }
    }

    @Override
    public void close() {
        if (stats.done() > lastPrintedStep) {
            print(clock.getAsLong());
        }
        out.flush();
    }

    private void print(long now) {
        out.printf(Locale.ROOT, "%s  %3d%%  %d/%d batches  %s  ETA %s%n", label, 100L * stats.done() / steps, stats.done(), steps,
                stats.describe(now), stats.eta(now));
        out.flush();
        lastPrint = now;
        lastPrintedStep = stats.done();
    }
}

package dev.panagrad.examples.run;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Progress on a terminal: a progress bar (me.tongfei:progressbar) on {@code System.out} with the running figures beside it. */
final class BarProgress implements Progress {
    private final ProgressBar bar;
    private final RunningStats stats;

    BarProgress(String label, int steps) {
        this.bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(steps).setUnit(" batches", 1)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setConsumer(new ConsoleProgressBarConsumer(System.out))
                .setUpdateIntervalMillis(200).continuousUpdate().build();
        this.stats = new RunningStats(steps, System.nanoTime());
    }

    @Override
    public void step(int samples, double loss, int correct) {
        stats.add(samples, loss, correct);
        bar.setExtraMessage(stats.describe(System.nanoTime()));
        bar.step();
    }

    @Override
    public void close() {
        bar.close();
    }
}

package dev.panagrad.examples.run;

import java.io.PrintWriter;

/**
 * Progress of one epoch, step by step: batches done, samples per second, running loss and accuracy,
 * and the time left. On a terminal it is a progress bar redrawn in place ({@link BarProgress}); in a
 * log (output not a terminal) it is a plain line every tenth of the epoch or every ten seconds
 * ({@link LineProgress}). Closing it ends the bar or prints the last line.
 */
public interface Progress extends AutoCloseable {
    /**
     * Records one finished step of {@code samples} examples with mean loss {@code loss} and
     * {@code correct} correctly classified examples ({@code -1} when the model does not classify).
     */
    void step(int samples, double loss, int correct);

    /** Ends this epoch's progress display. */
    @Override
    void close();

    /**
     * Progress of {@code steps} steps labelled {@code label} (e.g. {@code "epoch 3/12"}): a bar on the
     * terminal ({@code System.out}) when {@code terminal}, lines written to {@code out} otherwise.
     */
    static Progress create(String label, int steps, PrintWriter out, boolean terminal) {
        return terminal ? new BarProgress(label, steps) : new LineProgress(label, steps, out, System::nanoTime);
    }
}

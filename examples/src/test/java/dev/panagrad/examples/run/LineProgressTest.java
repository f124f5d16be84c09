package dev.panagrad.examples.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.ObjIntConsumer;
import org.junit.jupiter.api.Test;

/** Progress in logs: plain lines, about one per tenth of the epoch, with the right figures. */
class LineProgressTest {
    /** A clock the test moves by hand. */
    private static final class FakeClock {
        long nanos = 1_000_000_000L;

        void advanceMillis(long millis) {
            nanos += millis * 1_000_000L;
        }
    }

    /** What a labelled epoch of {@code steps} steps, each {@code millisPerStep} long, prints; {@code step} reports step i. */
    private static List<String> epoch(String label, int steps, long millisPerStep, ObjIntConsumer<Progress> step) {
        StringWriter text = new StringWriter();
        FakeClock clock = new FakeClock();
        try (LineProgress progress = new LineProgress(label, steps, new PrintWriter(text), () -> clock.nanos)) {
            for (int i = 0; i < steps; i++) {
                clock.advanceMillis(millisPerStep);
                step.accept(progress, i);
            }
        }
        assertFalse(text.toString().contains("\r"), "carriage return in\n" + text);
        assertFalse(text.toString().contains("\u001b"), "escape code in\n" + text);
        return text.toString().lines().toList();
    }

    /** The lines an epoch of {@code steps} equal steps of {@code millisPerStep} prints. */
    private static List<String> epoch(int steps, long millisPerStep) {
        return epoch("epoch 1/1", steps, millisPerStep, (progress, i) -> progress.step(64, 0.5, 32));
    }

    @Test
    void aFastEpochPrintsAtMostTenLinesAndTheFinalOneWhateverItsLength() {
        for (int steps : new int[] {1, 2, 7, 10, 11, 15, 19, 20, 99, 100, 101, 125, 938, 1000}) {
            List<String> lines = epoch(steps, 1);
            assertTrue(lines.size() <= 11, steps + " steps printed " + lines.size() + " lines:\n" + String.join("\n", lines));
            assertTrue(lines.getLast().contains(" 100%  " + steps + "/" + steps + " batches"), lines::getLast);
            assertEquals(1, lines.stream().filter(line -> line.contains(" 100% ")).count(), () -> String.join("\n", lines));
            lines.forEach(line -> assertTrue(line.startsWith("epoch 1/1  "), line));
        }
    }

    @Test
    void aSlowEpochPrintsAtLeastEveryTenSeconds() {
        List<String> lines = epoch(1000, 100); // 100 s in all, a tenth every 10 s, a line every 10 s
        assertTrue(lines.size() >= 10 && lines.size() <= 11, () -> String.join("\n", lines));
        List<String> slower = epoch(100, 2_500); // 250 s: the ten-second rule prints every 4 steps
        assertTrue(slower.size() >= 25, () -> String.join("\n", slower));
    }

    @Test
    void linesShowProgressThroughputRunningLossAccuracyAndTimeLeft() {
        // 100 samples per 0.1 s: 1,000 samples/s; the loss halves and the accuracy doubles half way
        List<String> lines = epoch("epoch 2/5", 20, 100, (progress, i) -> progress.step(100, i < 10 ? 1.0 : 0.5, i < 10 ? 50 : 100));
        assertEquals("epoch 2/5   10%  2/20 batches  1,000 samples/s  loss 1.0000  acc 50.00%  ETA 0:02", lines.getFirst());
        assertEquals("epoch 2/5   50%  10/20 batches  1,000 samples/s  loss 1.0000  acc 50.00%  ETA 0:01",
                lines.stream().filter(l -> l.contains(" 10/20 ")).findFirst().orElseThrow());
        assertEquals("epoch 2/5  100%  20/20 batches  1,000 samples/s  loss 0.7500  acc 75.00%  ETA 0:00", lines.getLast());
    }

    @Test
    void modelsThatDoNotClassifyShowNoAccuracy() {
        List<String> lines = epoch("epoch 1/1", 3, 500, (progress, i) -> progress.step(10, 2.25, -1));
        assertEquals("epoch 1/1  100%  3/3 batches  20 samples/s  loss 2.2500  ETA 0:00", lines.getLast());
        lines.forEach(line -> assertFalse(line.contains("acc"), line));
    }
}

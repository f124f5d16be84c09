package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Closing a tape frees everything it held: 100,000 training-like steps do not grow the heap. */
class TapeMemoryTest {
    private static final int STEPS = 100_000;

    @Test
    void noGrowthAcross100kSteps() {
        Tensor w = Tensor.randn(new Rng(7), 16).requiresGrad(true);
        Tensor x = Tensor.randn(new Rng(8), 16);
        long baseline = 0;
        for (int step = 0; step < STEPS; step++) {
            try (Tape tape = Tape.record()) {
                Tensor loss = w.mul(x).exp().sum().log();
                Tensor g = tape.gradient(loss, w).get(w);
                try (NoGrad update = NoGrad.enter()) {
                    w.assign(w.sub(g.mul(1e-3)));
                }
                assertEquals(0, tape.size());
            }
            if (step == 10_000) {
                baseline = usedHeapAfterGc();
            }
        }
        long growth = usedHeapAfterGc() - baseline;
        assertTrue(growth < 4L << 20, "heap grew by " + growth + " bytes over " + (STEPS - 10_000) + " steps");
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}

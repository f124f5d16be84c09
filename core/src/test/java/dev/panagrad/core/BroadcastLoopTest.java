package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The parallel broadcast walk visits every output exactly once, with the operand offsets of the sequential walk. */
class BroadcastLoopTest {

    @Test
    void parallelWalkMatchesTheSequentialOneWhateverTheChunking() {
        int[][][] cases = {
            {{64, 512}, {512}},          // bias row
            {{7, 1}, {7, 13}},           // column broadcast
            {{5, 3, 17}, {3, 1}},        // rank 3 after coalescing
            {{2, 3, 4, 5}, {1, 3, 1, 5}},
            {{129}, {}},                 // scalar operand
            {{65, 63}, {65, 63}},        // equal shapes: one run
            {{1}, {1}},
            {{4, 1, 6}, {1, 5, 1}}};
        for (int[][] c : cases) {
            int[] out = Shapes.broadcast("test", c[0], c[1]);
            int total = Shapes.numel(out);
            int[] seqA = new int[total], seqB = new int[total];
            BroadcastLoop.forEachRun(c[0], c[1], out, (ao, as, bo, bs, oo, n) -> {
                for (int i = 0; i < n; i++) {
                    seqA[oo + i] = ao + i * as;
                    seqB[oo + i] = bo + i * bs;
                }
            });
            for (int grain : new int[] {1, 3, 17, 1 << 20}) {
                AtomicIntegerArray parA = new AtomicIntegerArray(total), parB = new AtomicIntegerArray(total);
                AtomicIntegerArray visits = new AtomicIntegerArray(total);
                BroadcastLoop.forEachRunParallel(c[0], c[1], out, grain, (ao, as, bo, bs, oo, n) -> {
                    for (int i = 0; i < n; i++) {
                        parA.set(oo + i, ao + i * as);
                        parB.set(oo + i, bo + i * bs);
                        visits.incrementAndGet(oo + i);
                    }
                });
                int[] a = new int[total], b = new int[total], v = new int[total], ones = new int[total];
                for (int i = 0; i < total; i++) {
                    a[i] = parA.get(i);
                    b[i] = parB.get(i);
                    v[i] = visits.get(i);
                    ones[i] = 1;
                }
                assertArrayEquals(ones, v, "visits");
                assertArrayEquals(seqA, a, "offsets of a");
                assertArrayEquals(seqB, b, "offsets of b");
            }
        }
    }
}

package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Copies and fills of a million elements or more are split across the pool. Every data-movement op must give
 * the same tensor on one thread as on three, and the values must be the ones the op defines.
 */
class LargeCopiesTest {
    private static final Tensor CUBE = Tensor.randn(new Rng(3), 64, 130, 160);    // 1.33 M elements
    private static final Tensor MATRIX = Tensor.randn(new Rng(4), 1200, 1000);   // a transposed copy moves tiles

    private static final List<Supplier<Tensor>> OPS = List.of(
            () -> Tensor.full(3.5, 2, 1100, 1000),
            () -> Tensor.scalar(2.5).expand(2, 1100, 1000),
            () -> CUBE.narrow(0, 0, 1).expand(40, 130, 160),
            () -> CUBE.permute(2, 0, 1),
            () -> CUBE.permute(1, 0, 2),
            () -> CUBE.narrow(2, 5, 150),
            () -> Tensor.cat(1, CUBE, CUBE),
            () -> MATRIX.t(),
            () -> CUBE.flip(0));

    @Test
    void largeCopiesAreTheSameOnOneThreadAndOnThree() {
        int original = Threads.getNumThreads();
        try {
            for (int i = 0; i < OPS.size(); i++) {
                Threads.setNumThreads(1);
                float[] one = OPS.get(i).get().toFloatArray();
                Threads.setNumThreads(3);
                float[] three = OPS.get(i).get().toFloatArray();
                assertArrayEquals(one, three, "op " + i);
            }
        } finally {
            Threads.setNumThreads(original);
        }
    }

    @Test
    void largeCopiesHoldTheValuesTheOpDefines() {
        Tensor permuted = CUBE.permute(2, 0, 1);
        Tensor narrowed = CUBE.narrow(2, 5, 150);
        Tensor expanded = CUBE.narrow(0, 7, 1).expand(40, 130, 160);
        for (int k = 0; k < 1000; k++) {
            int a = (k * 37) % 64, b = (k * 101) % 130, c = (k * 53) % 150;
            assertEquals(CUBE.get(a, b, c), permuted.get(c, a, b));
            assertEquals(CUBE.get(a, b, c + 5), narrowed.get(a, b, c));
            assertEquals(CUBE.get(7, b, c), expanded.get(a % 40, b, c));
        }
        float[] full = Tensor.full(3.5, 2, 1100, 1000).toFloatArray();
        for (float v : full) {
            assertEquals(3.5f, v);
        }
    }
}

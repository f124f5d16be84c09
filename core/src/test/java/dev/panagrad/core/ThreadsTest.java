package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Threads}: resizing the shared pool changes the thread count, not the results. */
class ThreadsTest {
    @Test
    void resizingThePoolKeepsResultsBitForBit() {
        int original = Threads.getNumThreads();
        Rng rng = new Rng(7);
        Tensor a = Tensor.randn(rng, 300, 257);
        Tensor b = Tensor.randn(rng, 257, 129);
        Tensor x = Tensor.randn(rng, 8, 3, 30, 30);
        Tensor w = Tensor.randn(rng, 16, 3, 3, 3);
        try {
            Threads.setNumThreads(1);
            assertEquals(1, Threads.getNumThreads());
            float[] matmulOne = a.matmul(b).toFloatArray();
            float[] convOne = x.conv2d(w, null, 1, 1).toFloatArray();
            Threads.setNumThreads(3);
            assertEquals(3, Threads.getNumThreads());
            assertArrayEquals(matmulOne, a.matmul(b).toFloatArray());
            assertArrayEquals(convOne, x.conv2d(w, null, 1, 1).toFloatArray());
        } finally {
            Threads.setNumThreads(original);
        }
        assertEquals(original, Threads.getNumThreads());
    }

    @Test
    void rejectsANonPositiveCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Threads.setNumThreads(0));
        assertTrue(e.getMessage().contains("setNumThreads") && e.getMessage().contains("0"), e.getMessage());
    }
}

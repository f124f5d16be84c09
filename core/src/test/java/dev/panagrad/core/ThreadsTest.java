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
        Tensor big = Tensor.randn(rng, 16, 32, 28, 28).requiresGrad(true); // enough planes to split
        try {
            Threads.setNumThreads(1);
            assertEquals(1, Threads.getNumThreads());
            float[] matmulOne = a.matmul(b).toFloatArray();
            float[] convOne = x.conv2d(w, null, 1, 1).toFloatArray();
            float[] poolsOne = pools(big);
            Threads.setNumThreads(3);
            assertEquals(3, Threads.getNumThreads());
            assertArrayEquals(matmulOne, a.matmul(b).toFloatArray());
            assertArrayEquals(convOne, x.conv2d(w, null, 1, 1).toFloatArray());
            assertArrayEquals(poolsOne, pools(big));
        } finally {
            Threads.setNumThreads(original);
        }
        assertEquals(original, Threads.getNumThreads());
    }

    /** Max- and average-pool outputs and the input gradient of both, concatenated. */
    private static float[] pools(Tensor x) {
        try (Tape tape = Tape.record()) {
            Tensor max = x.maxPool2d(2);
            Tensor avg = x.avgPool2d(3, 2, 1);
            Tensor grad = tape.gradient(max.sum().add(avg.mul(avg).sum()), x).get(x);
            return Tensor.concat(0, max.flatten(), avg.flatten(), grad.flatten()).toFloatArray();
        }
    }

    @Test
    void rejectsANonPositiveCount() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Threads.setNumThreads(0));
        assertTrue(e.getMessage().contains("setNumThreads") && e.getMessage().contains("0"), e.getMessage());
    }
}

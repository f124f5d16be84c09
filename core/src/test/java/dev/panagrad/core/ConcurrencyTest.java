package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** RES-02: threads with their own tapes never interfere; results equal a single-threaded run bit for bit. */
class ConcurrencyTest {
    private static double[] train(long seed, int steps) {
        Tensor w = Tensor.randn(new Rng(seed), DType.FLOAT32, 64).requiresGrad(true);
        Tensor x = Tensor.randn(new Rng(seed + 1), DType.FLOAT32, 64);
        for (int i = 0; i < steps; i++) {
            try (Tape tape = Tape.record()) {
                Tensor loss = w.mul(x).exp().sum().log().add(w.mul(w).sum().mul(0.01));
                Tensor g = tape.gradient(loss, w).get(w);
                try (NoGrad update = NoGrad.enter()) {
                    w.assign(w.sub(g.mul(0.1)));
                }
            }
        }
        return w.toDoubleArray();
    }

    @Test
    void parallelTrainingRunsMatchTheSequentialOnes() throws Exception {
        int threads = 4;
        List<double[]> expected = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            expected.add(train(t, 1000));
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long seed = t;
                results.add(pool.submit(() -> train(seed, 1000)));
            }
            for (int t = 0; t < threads; t++) {
                assertArrayEquals(expected.get(t), results.get(t).get(), 0.0, "thread " + t);
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void sharedReadOnlyTensorsGiveEqualResultsOnEveryThread() throws Exception {
        Tensor shared = Tensor.randn(new Rng(3), 1000);
        double[] expected = shared.exp().mul(shared).toDoubleArray();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> shared.exp().mul(shared).toDoubleArray()));
            }
            for (Future<double[]> f : results) {
                assertArrayEquals(expected, f.get(), 0.0);
            }
        } finally {
            pool.shutdown();
        }
    }
}

package dev.panagrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.nn.loss.Losses;
import dev.panagrad.nn.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Training is reproducible from its seed, and models confined to their threads train independently
 * (TESTING.md RES-02 and RES-03): threads each training their own model reach bitwise the same
 * parameters as a single-threaded run, and concurrent inference on a shared model in eval mode agrees.
 */
class TrainingConcurrencyTest {
    private static Sequential model(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(6, 16, rng), new Tanh(), new Dropout(0.2, rng), new Linear(16, 3, rng));
    }

    /** Trains a fresh seeded model for 40 Adam steps on seeded data; returns every parameter value. */
    private static float[] train(long seed) {
        Sequential m = model(seed);
        Adam adam = new Adam(m.parameters(), Adam.options().lr(1e-2));
        Rng data = new Rng(seed + 1);
        for (int step = 0; step < 40; step++) {
            Tensor x = Tensor.randn(data, 8, 6);
            Tensor y = Tensor.randint(data, 0, 3, 8);
            try (Tape tape = Tape.record()) {
                Tensor loss = Losses.crossEntropy(m.forward(x), y);
                adam.step(tape.gradient(loss, m.parameters()));
            }
        }
        List<Float> all = new ArrayList<>();
        for (Tensor p : m.parameters()) {
            for (float v : p.toFloatArray()) {
                all.add(v);
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSameTrainedParametersBitForBit() {
        assertArrayEquals(train(5), train(5));
    }

    @Test
    void threadsTrainingTheirOwnModelsMatchASingleThreadedRun() throws Exception {
        float[] expected = train(9);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> train(9)));
            }
            for (Future<float[]> run : runs) {
                assertArrayEquals(expected, run.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentInferenceOnASharedModelInEvalModeAgrees() throws Exception {
        Sequential shared = model(3);
        shared.eval();
        Tensor x = Tensor.randn(new Rng(4), 32, 6);
        float[] expected = shared.forward(x).toFloatArray();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> runs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> {
                    float[] last = null;
                    for (int i = 0; i < 50; i++) {
                        last = shared.forward(x).toFloatArray();
                    }
                    return last;
                }));
            }
            for (Future<float[]> run : runs) {
                assertArrayEquals(expected, run.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

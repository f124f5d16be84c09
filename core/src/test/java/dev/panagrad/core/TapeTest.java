package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The tape's contract: what it records, how gradients accumulate, when it may be reused, and what it frees. */
class TapeTest {
    private static Tensor vec(double... v) {
        return Tensor.of(v, v.length);
    }

    @Test
    void gradientOfProductIsTheOtherFactor() {
        Tensor x = vec(1, 2, 3).requiresGrad(true);
        Tensor y = vec(4, 5, 6).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Gradients g = tape.gradient(x.mul(y).sum(), x, y);
            assertArrayEquals(new double[] {4, 5, 6}, g.get(x).toDoubleArray());
            assertArrayEquals(new double[] {1, 2, 3}, g.get(y).toDoubleArray());
        }
    }

    @Test
    void leafUsedKTimesGetsKTimesTheGradient() {
        for (int k = 1; k <= 32; k++) {
            Tensor x = vec(0.5, -1.25).requiresGrad(true);
            try (Tape tape = Tape.record()) {
                Tensor acc = x.mul(3.0);
                for (int i = 1; i < k; i++) {
                    acc = acc.add(x.mul(3.0));
                }
                double[] g = tape.gradient(acc.sum(), x).get(x).toDoubleArray();
                assertArrayEquals(new double[] {3.0 * k, 3.0 * k}, g, 1e-12 * k, "k = " + k);
            }
        }
    }

    @Test
    void distinctLeavesWithEqualValuesNeverAlias() {
        Tensor w1 = Tensor.scalar(3.0, DType.FLOAT64).requiresGrad(true);
        Tensor w2 = Tensor.scalar(3.0, DType.FLOAT64).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Gradients g = tape.gradient(w1.add(w2), w1, w2);
            assertEquals(1.0, g.get(w1).item());
            assertEquals(1.0, g.get(w2).item());
        }
    }

    @Test
    void sameTensorAsBothOperandsAccumulates() {
        Tensor x = vec(2, -3).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            assertArrayEquals(new double[] {4, -6}, tape.gradient(x.mul(x).sum(), x).get(x).toDoubleArray());
        }
    }

    @Test
    void gradientIsLinearInTheCotangent() {
        Tensor x = vec(0.3, -0.7, 1.1).requiresGrad(true);
        Tensor v = vec(1, -2, 0.5);
        for (double alpha : new double[] {-3, 0.5, 1e3, 0}) {
            try (Tape tape = Tape.record()) {
                Tensor y = x.exp().mul(x);
                double[] base;
                try (Tape inner = Tape.recordPersistent()) {
                    Tensor y2 = x.exp().mul(x);
                    base = inner.gradient(y2, v, List.of(x)).get(x).toDoubleArray();
                }
                double[] scaled = tape.gradient(y, v.mul(alpha), List.of(x)).get(x).toDoubleArray();
                for (int i = 0; i < base.length; i++) {
                    assertEquals(alpha * base[i], scaled[i], 1e-12 * Math.abs(alpha * base[i]));
                }
            }
        }
    }

    @Test
    void sourceThatDoesNotInfluenceTheTargetGetsZerosOfItsShape() {
        Tensor x = vec(1, 2).requiresGrad(true);
        Tensor unused = Tensor.ones(DType.FLOAT64, 2, 3).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Tensor g = tape.gradient(x.sum(), x, unused).get(unused);
            assertArrayEquals(new int[] {2, 3}, g.shape());
            assertArrayEquals(new double[6], g.toDoubleArray());
        }
    }

    @Test
    void watchedTensorsAreTrackedOnlyByTheirTape() {
        Tensor x = vec(1, 2);
        try (Tape tape = Tape.record()) {
            tape.watch(x);
            assertArrayEquals(new double[] {2, 4}, tape.gradient(x.mul(x).sum(), x).get(x).toDoubleArray());
        }
        try (Tape other = Tape.record()) {
            x.mul(x);
            assertEquals(0, other.size(), "an unwatched, non-requires-grad tensor is not recorded");
        }
    }

    @Test
    void noGradRecordsNothing() {
        Tensor x = vec(1, 2).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            try (NoGrad scope = NoGrad.enter()) {
                x.mul(x).exp().sum();
                assertTrue(NoGrad.active());
            }
            assertFalse(NoGrad.active());
            assertEquals(0, tape.size());
            x.mul(x);
            assertEquals(1, tape.size());
        }
    }

    @Test
    void detachStopsGradientFlow() {
        Tensor x = vec(1, 2).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Tensor y = x.mul(x).detach().mul(x).sum(); // treats x² as a constant: ∂/∂x = x²
            assertArrayEquals(new double[] {1, 4}, tape.gradient(y, x).get(x).toDoubleArray());
        }
    }

    @Test
    void singleUseTapeRefusesASecondGradientCall() {
        Tensor x = vec(1, 2).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Tensor y = x.mul(x).sum();
            tape.gradient(y, x);
            assertEquals(0, tape.size(), "a used single-use tape has freed its records");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
            assertTrue(e.getMessage().contains("recordPersistent"), e.getMessage());
        }
    }

    @Test
    void persistentTapeGivesIdenticalGradientsEachCall() {
        Tensor x = vec(0.25, -1.5, 2).requiresGrad(true);
        try (Tape tape = Tape.recordPersistent()) {
            Tensor y = x.exp().mul(x).div(x.add(3.0)).sum();
            double[] first = tape.gradient(y, x).get(x).toDoubleArray();
            double[] second = tape.gradient(y, x).get(x).toDoubleArray();
            assertArrayEquals(first, second, 0.0);
            assertTrue(tape.size() > 0);
        }
    }

    @Test
    void closingATapeFreesItsRecordsAndUntracksItsOutputs() {
        Tensor x = vec(1, 2).requiresGrad(true);
        Tensor y;
        Tape tape = Tape.record();
        y = x.mul(x);
        assertTrue(tape.size() > 0);
        tape.close();
        assertEquals(0, tape.size());
        try (Tape next = Tape.record()) {
            Tensor z = y.exp();
            assertEquals(0, next.size(), "an output of a closed tape is a constant for new tapes");
            assertSame(z, z);
        }
    }

    @Test
    void closedTapeRefusesGradient() {
        Tensor x = vec(1).requiresGrad(true);
        Tape tape = Tape.record();
        Tensor y = x.mul(x).sum();
        tape.close();
        assertThrows(IllegalStateException.class, () -> tape.gradient(y, x));
    }

    @Test
    void nonScalarTargetNeedsACotangent() {
        Tensor x = vec(1, 2).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tape.gradient(x.mul(x), x));
            assertTrue(e.getMessage().contains("[2]"), e.getMessage());
        }
    }

    @Test
    void cotangentMustMatchTheTarget() {
        Tensor x = vec(1, 2).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            assertThrows(IllegalArgumentException.class, () -> tape.gradient(x.mul(x), vec(1, 2, 3), List.of(x)));
        }
    }

    @Test
    void integerTensorsCannotRequireGradients() {
        assertThrows(IllegalArgumentException.class, () -> Tensor.of(new int[] {1}, 1).requiresGrad(true));
    }

    @Test
    void parameterUpdatedInPlaceAfterForwardFailsTheGradient() {
        Tensor w = vec(1, 2).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Tensor loss = w.mul(w).sum();
            w.assign(vec(5, 5));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(loss, w));
            assertTrue(e.getMessage().contains("mul") && e.getMessage().contains("version 0, now 1"), e.getMessage());
        }
    }

    @Test
    void parameterUpdatedAfterTheGradientIsFine() {
        Tensor w = vec(1, 2).requiresGrad(true);
        for (int step = 0; step < 3; step++) {
            try (Tape tape = Tape.record()) {
                Tensor g = tape.gradient(w.mul(w).sum(), w).get(w);
                w.assign(w.sub(g.mul(0.25)));
            }
        }
        assertArrayEquals(new double[] {0.125, 0.25}, w.toDoubleArray(), 1e-15);
    }

    @Test
    void tapeIsConfinedToItsThread() throws Exception {
        Tensor x = vec(1, 2).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Tensor y = x.mul(x).sum();
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<?> f = pool.submit(() -> tape.gradient(y, x));
                Exception e = assertThrows(Exception.class, f::get);
                assertTrue(e.getCause() instanceof IllegalStateException, String.valueOf(e.getCause()));
            } finally {
                pool.shutdown();
            }
        }
    }

    @Test
    void otherThreadsOpsAreNotRecorded() throws Exception {
        Tensor x = vec(1, 2).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                pool.submit(() -> x.mul(x)).get();
            } finally {
                pool.shutdown();
            }
            assertEquals(0, tape.size());
        }
    }

    @Test
    void gradientsOfSeveralBatchesAddUp() {
        Tensor w = vec(1, -1).requiresGrad(true);
        Gradients total;
        try (Tape tape = Tape.record()) {
            total = tape.gradient(w.mul(2.0).sum(), w);
        }
        try (Tape tape = Tape.record()) {
            total = total.plus(tape.gradient(w.mul(w).sum(), w));
        }
        assertArrayEquals(new double[] {4, 0}, total.get(w).toDoubleArray());
    }
}

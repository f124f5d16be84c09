package dev.panagrad.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Tensor;
import org.junit.jupiter.api.function.Executable;

/** Assertions and small tensor builders shared by the loss tests. */
final class LossAssertions {
    /** Tolerance for float64 known answers (formulas evaluated with Math.log in the test). */
    static final double TOL = 1e-12;

    private LossAssertions() {}

    static double ln(double x) {
        return Math.log(x);
    }

    /** A FLOAT64 tensor. */
    static Tensor f64(double[] values, int... shape) {
        return Tensor.of(values, shape);
    }

    /** An INT32 tensor. */
    static Tensor i32(int[] values, int... shape) {
        return Tensor.of(values, shape);
    }

    /** A scalar result equal to {@code expected} within {@link #TOL} (relative for large values). */
    static void assertScalar(double expected, Tensor actual) {
        assertEquals(0, actual.dim(), "a reduced loss is a scalar");
        assertEquals(expected, actual.item(), TOL * Math.max(1, Math.abs(expected)));
    }

    /** An unreduced result of the given shape and values within {@link #TOL}. */
    static void assertValues(double[] expected, int[] shape, Tensor actual) {
        assertArrayEquals(shape, actual.shape(), "shape");
        double[] got = actual.toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], TOL * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }

    /** Every element finite. */
    static void assertFinite(Tensor t) {
        for (double v : t.toDoubleArray()) {
            assertTrue(Double.isFinite(v), "expected finite values, got " + t);
        }
    }

    /** An IllegalArgumentException whose message contains each fragment. */
    static void assertRejected(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message \"" + e.getMessage() + "\" should contain \"" + f + "\"");
        }
    }
}

package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fused optimizer updates are bitwise the op-by-op compositions they document, over random shapes
 * (rank 0, size-1 dims, sizes past the pool's grain), both dtypes, three steps from empty state, and every
 * option; the parameter is written in place (and counted), the state comes back new, and bad input is
 * refused with the op's name.
 */
class FusedUpdatesTest {
    private static final Gen<int[]> SHAPES = Gen.elements(new int[] {}, new int[] {1}, new int[] {7}, new int[] {3, 1, 5},
            new int[] {65, 33}, new int[] {70_001});

    /** shape, dtype, options bits, hyperparameter seed. */
    private static final Gen<List<Object>> CASES = Gen.listOf(Gen.integers(0, 1 << 20), 3, 3).zip(SHAPES,
            (r, shape) -> List.of(shape, r.get(0) % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64, r.get(1), r.get(2)));

    @Test
    void adamIsBitwiseTheOpByOpForm() {
        Property.forAll(CASES, 60, c -> {
            int[] shape = (int[]) c.get(0);
            DType dtype = (DType) c.get(1);
            int bits = (Integer) c.get(2);
            Rng rng = new Rng((Integer) c.get(3));
            boolean decoupled = (bits & 1) != 0, maximize = (bits & 2) != 0;
            double wd = (bits & 4) != 0 ? 0.01 + rng.nextDouble() * 0.1 : 0;
            double lr = 1e-3 + rng.nextDouble() * 1e-2, beta1 = 0.5 + 0.45 * rng.nextDouble(), beta2 = 0.9 + 0.099 * rng.nextDouble();
            double eps = 1e-8;
            Tensor fused = Tensor.randn(rng, dtype, shape);
            Tensor composed = fused.mul(1.0);
            Tensor m = null, v = null, mRef = Tensor.zeros(dtype, shape), vRef = Tensor.zeros(dtype, shape);
            for (long t = 1; t <= 3; t++) {
                Tensor grad = Tensor.randn(rng, dtype, shape);
                int version = fused.version();
                FusedUpdates.Moments moments = FusedUpdates.adam(fused, grad, m, v, lr, beta1, beta2, eps, wd, decoupled, maximize, t);
                assertEquals(version + 1, fused.version(), "the in-place write is counted");
                m = moments.expAvg();
                v = moments.expAvgSq();
                Tensor g = maximize ? grad.neg() : grad;
                Tensor theta = composed;
                if (decoupled) {
                    theta = composed.mul(1 - lr * wd);
                } else if (wd != 0) {
                    g = g.add(composed, wd);
                }
                mRef = mRef.mul(beta1).add(g, 1 - beta1);
                vRef = vRef.mul(beta2).addcmul(g, g, 1 - beta2);
                Tensor denom = vRef.sqrt().div(Math.sqrt(1 - Math.pow(beta2, t))).add(eps);
                composed = theta.addcdiv(mRef, denom, -lr / (1 - Math.pow(beta1, t)));
                String what = dtype + " " + java.util.Arrays.toString(shape) + " bits " + bits + " step " + t;
                assertArrayEquals(mRef.toDoubleArray(), m.toDoubleArray(), what + ": m");
                assertArrayEquals(vRef.toDoubleArray(), v.toDoubleArray(), what + ": v");
                assertArrayEquals(composed.toDoubleArray(), fused.toDoubleArray(), what + ": θ");
            }
        });
    }

    @Test
    void sgdIsBitwiseTheOpByOpForm() {
        Property.forAll(CASES, 60, c -> {
            int[] shape = (int[]) c.get(0);
            DType dtype = (DType) c.get(1);
            int bits = (Integer) c.get(2);
            Rng rng = new Rng((Integer) c.get(3));
            boolean maximize = (bits & 1) != 0, nesterov = (bits & 2) != 0;
            double momentum = (bits & 4) != 0 || nesterov ? 0.5 + 0.45 * rng.nextDouble() : 0;
            double wd = (bits & 8) != 0 ? 0.01 + rng.nextDouble() * 0.1 : 0, lr = 0.01 + rng.nextDouble() * 0.1;
            Tensor fused = Tensor.randn(rng, dtype, shape);
            Tensor composed = fused.mul(1.0);
            Tensor buf = null, bufRef = null;
            for (int t = 1; t <= 3; t++) {
                Tensor grad = Tensor.randn(rng, dtype, shape);
                buf = FusedUpdates.sgd(fused, grad, buf, lr, momentum, wd, nesterov, maximize);
                Tensor g = maximize ? grad.neg() : grad;
                if (wd != 0) {
                    g = g.add(composed, wd);
                }
                if (momentum != 0) {
                    bufRef = bufRef == null ? g : g.add(bufRef, momentum);
                    g = nesterov ? g.add(bufRef, momentum) : bufRef;
                }
                composed = composed.add(g, -lr);
                String what = dtype + " " + java.util.Arrays.toString(shape) + " bits " + bits + " step " + t;
                if (momentum == 0) {
                    assertNull(buf, what);
                } else {
                    assertArrayEquals(bufRef.toDoubleArray(), buf.toDoubleArray(), what + ": buffer");
                }
                assertArrayEquals(composed.toDoubleArray(), fused.toDoubleArray(), what + ": θ");
            }
        });
    }

    @Test
    void theStateIsUpdatedInPlaceAndCounted() {
        Tensor p = Tensor.randn(new Rng(1), 5);
        Tensor g = Tensor.randn(new Rng(2), 5);
        Tensor m = Tensor.randn(new Rng(3), 5), v = Tensor.randn(new Rng(4), 5).abs();
        Tensor mRef = m.mul(0.9).add(g, 0.1), vRef = v.mul(0.999).addcmul(g, g, 0.001);
        int mVersion = m.version(), vVersion = v.version();
        FusedUpdates.Moments next = FusedUpdates.adam(p, g, m, v, 1e-3, 0.9, 0.999, 1e-8, 0, false, false, 2);
        assertTrue(next.expAvg() == m && next.expAvgSq() == v);
        assertArrayEquals(mRef.toDoubleArray(), m.toDoubleArray());
        assertArrayEquals(vRef.toDoubleArray(), v.toDoubleArray());
        assertEquals(mVersion + 1, m.version());
        assertEquals(vVersion + 1, v.version());
        Tensor b = Tensor.randn(new Rng(5), 5);
        Tensor bRef = g.add(b, 0.9);
        assertTrue(FusedUpdates.sgd(p, g, b, 0.1, 0.9, 0, false, false) == b);
        assertArrayEquals(bRef.toDoubleArray(), b.toDoubleArray());
        Tensor fresh = FusedUpdates.sgd(p, g, null, 0.1, 0.9, 0, false, false);
        assertTrue(fresh != g && fresh != p, "the first buffer is a tensor of its own");
        assertArrayEquals(g.toDoubleArray(), fresh.toDoubleArray());
    }

    @Test
    void stateSharingStorageWithTheParameterOrGradientIsRefused() {
        Tensor p = Tensor.randn(new Rng(1), 5);
        Tensor g = Tensor.randn(new Rng(2), 5);
        Tensor m = Tensor.zeros(5);
        var e = assertThrows(IllegalArgumentException.class,
                () -> FusedUpdates.adam(p, g, m, m.detach(), 1e-3, 0.9, 0.999, 1e-8, 0, false, false, 1));
        assertTrue(e.getMessage().contains("FusedUpdates.adam") && e.getMessage().contains("share storage"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FusedUpdates.sgd(p, g, g, 0.1, 0.9, 0, false, false));
        assertTrue(e.getMessage().contains("gradient") && e.getMessage().contains("first state tensor"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> FusedUpdates.sgd(p, g, p.reshape(5), 0.1, 0.9, 0, false, false));
    }

    @Test
    void badInputIsRefusedWithTheOpsName() {
        Tensor p = Tensor.zeros(3);
        var e = assertThrows(IllegalArgumentException.class, () -> FusedUpdates.adam(p, Tensor.zeros(4), null, null, 1e-3, 0.9,
                0.999, 1e-8, 0, false, false, 1));
        assertTrue(e.getMessage().contains("FusedUpdates.adam") && e.getMessage().contains("[4]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FusedUpdates.sgd(p, Tensor.zeros(DType.FLOAT64, 3), null, 0.1, 0,
                0, false, false));
        assertTrue(e.getMessage().contains("FusedUpdates.sgd") && e.getMessage().contains("FLOAT64"), e.getMessage());
        Tensor leaf = Tensor.zeros(3).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Tensor recorded = leaf.mul(2.0);
            var s = assertThrows(IllegalStateException.class, () -> FusedUpdates.sgd(recorded, Tensor.zeros(3), null, 0.1, 0, 0,
                    false, false));
            assertTrue(s.getMessage().contains("FusedUpdates.sgd") && s.getMessage().contains("recorded op"), s.getMessage());
        }
    }
}

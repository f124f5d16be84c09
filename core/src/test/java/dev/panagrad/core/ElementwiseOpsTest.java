package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Behaviour of the element-wise family that the op table cannot express: dtypes, broadcasting of where, error messages. */
class ElementwiseOpsTest {

    @Test
    void comparisonsReturnInt32MasksForEveryDtype() {
        Tensor i = Tensor.of(new int[] {1, 2, 3}, 3);
        Tensor f = Tensor.of(new float[] {1, 2, 3}, 3);
        Tensor d = Tensor.of(new double[] {1, 2, 3}, 3);
        for (Tensor t : new Tensor[] {i, f, d}) {
            Tensor mask = t.ge(2);
            assertEquals(DType.INT32, mask.dtype());
            assertArrayEquals(new int[] {0, 1, 1}, mask.toIntArray());
            assertArrayEquals(new int[] {1, 1, 1}, t.eq(t).toIntArray());
        }
    }

    @Test
    void comparisonsBroadcast() {
        Tensor col = Tensor.of(new int[] {1, 2}, 2, 1);
        Tensor row = Tensor.of(new int[] {1, 2, 3}, 3);
        Tensor lt = col.lt(row);
        assertArrayEquals(new int[] {2, 3}, lt.shape());
        assertArrayEquals(new int[] {0, 1, 1, 0, 0, 1}, lt.toIntArray());
    }

    @Test
    void anInt32TensorComparesExactlyWithAFractionalValue() {
        Tensor i = Tensor.of(new int[] {0, 1, 2}, 3);
        assertArrayEquals(new int[] {0, 1, 1}, i.gt(0.5).toIntArray());
        assertArrayEquals(new int[] {0, 0, 0}, i.eq(0.5).toIntArray());
        assertArrayEquals(new int[] {1, 1, 1}, i.lt(1e10).toIntArray());
    }

    @Test
    void aFloat32TensorComparesWithTheValueRoundedToFloat() {
        Tensor f = Tensor.of(new float[] {0.1f}, 1);
        assertArrayEquals(new int[] {1}, f.eq(0.1).toIntArray());
    }

    @Test
    void whereBroadcastsMaskAndBothOperands() {
        Tensor mask = Tensor.of(new int[] {1, 0}, 2, 1);        // [2, 1]
        Tensor a = Tensor.of(new double[] {10, 20, 30}, 3);      // [3]
        Tensor b = Tensor.of(new double[] {-1}, 1, 1);            // [1, 1]
        Tensor z = Tensor.where(mask, a, b);
        assertArrayEquals(new int[] {2, 3}, z.shape());
        assertArrayEquals(new double[] {10, 20, 30, -1, -1, -1}, z.toDoubleArray());
    }

    @Test
    void whereGradientIsASelectSummedToEachOperandsShape() {
        Tensor mask = Tensor.of(new int[] {1, 0}, 2, 1);
        Tensor a = Tensor.of(new double[] {10, 20, 30}, 3);
        Tensor b = Tensor.of(new double[] {-1}, 1, 1);
        try (Tape tape = Tape.record()) {
            tape.watch(a);
            tape.watch(b);
            Gradients g = tape.gradient(Tensor.where(mask, a, b).sum(), a, b);
            assertArrayEquals(new double[] {1, 1, 1}, g.get(a).toDoubleArray());
            assertArrayEquals(new double[] {3}, g.get(b).toDoubleArray());
        }
    }

    @Test
    void whereSelectsInt32OperandsAndTreatsAnyNonZeroMaskAsTrue() {
        Tensor mask = Tensor.of(new int[] {-3, 0, 7}, 3);
        Tensor z = Tensor.where(mask, Tensor.of(new int[] {1, 2, 3}, 3), Tensor.of(new int[] {9, 9, 9}, 3));
        assertEquals(DType.INT32, z.dtype());
        assertArrayEquals(new int[] {1, 9, 3}, z.toIntArray());
    }

    @Test
    void scalarOverloadsUseTheTensorsDtype() {
        Tensor f = Tensor.of(new float[] {1, 4}, 2);
        assertEquals(DType.FLOAT32, f.add(1).dtype());
        assertEquals(DType.FLOAT32, f.pow(0.5).dtype());
        assertEquals(DType.FLOAT32, Tensor.where(f.gt(2), f, 0).dtype());
        assertArrayEquals(new float[] {0, 2}, Tensor.where(f.gt(2), f.sqrt(), 0).toFloatArray());
        assertArrayEquals(new float[] {4, 5}, Tensor.where(f.gt(2), 5, f.add(3)).toFloatArray(), 0);
    }

    @Test
    void opsReturnNewTensorsAndLeaveTheirInputsUnchanged() {
        double[] values = {-1.5, 0, 2};
        Tensor x = Tensor.of(values, 3);
        for (Tensor z : new Tensor[] {x.relu(), x.abs(), x.clamp(-1, 1), x.add(0), x.mul(1), x.maximum(x), x.sigmoid()}) {
            assertNotSame(x, z);
        }
        assertArrayEquals(values, x.toDoubleArray());
    }

    // ------------------------------------------------------------------ errors

    @Test
    void binaryShapeErrorsNameTheOpAndBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
        assertEquals("add: cannot broadcast shapes [2, 3] and [4]: dimension 1 is 3 vs 4", e.getMessage());
    }

    @Test
    void dtypeMismatchNamesBothDtypes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(DType.FLOAT64, 2).mul(Tensor.zeros(2)));
        assertEquals("mul: dtype mismatch, FLOAT64 [2] and FLOAT32 [2]; convert one with to(...)", e.getMessage());
    }

    @Test
    void floatOnlyOpsRejectInt32() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.INT32, 2).sigmoid());
        assertEquals("sigmoid: expected a floating-point tensor, got INT32 of shape [2]; convert with to(DType.FLOAT32)",
                e.getMessage());
    }

    @Test
    void whereRejectsAFloatMaskAndNamesAllThreeShapesWhenTheyDoNotBroadcast() {
        Tensor a = Tensor.zeros(3);
        IllegalArgumentException floatMask = assertThrows(IllegalArgumentException.class, () -> Tensor.where(a, a, a));
        assertEquals("where: the mask must be INT32 (non-zero selects a), got FLOAT32 [3]; build it with a comparison such as x.gt(0)",
                floatMask.getMessage());
        IllegalArgumentException shapes = assertThrows(IllegalArgumentException.class,
                () -> Tensor.where(Tensor.zeros(DType.INT32, 2), a, a));
        assertEquals("where: cannot broadcast mask [2], a [3] and b [3] to one shape", shapes.getMessage());
    }

    @Test
    void parameterErrorsAreClear() {
        Tensor x = Tensor.zeros(2);
        assertEquals("gelu: approximate must be \"none\" or \"tanh\", got \"erf\"",
                assertThrows(IllegalArgumentException.class, () -> x.gelu("erf")).getMessage());
        assertEquals("softplus: need a finite beta > 0 and a threshold that is not NaN, got beta=0.0, threshold=20.0",
                assertThrows(IllegalArgumentException.class, () -> x.softplus(0, 20)).getMessage());
        assertEquals("clamp: need min ≤ max, got min=1.0, max=-1.0 for a tensor of shape [2]",
                assertThrows(IllegalArgumentException.class, () -> x.clamp(1, -1)).getMessage());
        assertEquals("leakyRelu: negativeSlope must be finite, got NaN",
                assertThrows(IllegalArgumentException.class, () -> x.leakyRelu(Double.NaN)).getMessage());
    }

    @Test
    void comparisonsAreNotDifferentiable() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2);
        try (Tape tape = Tape.record()) {
            tape.watch(x);
            Tensor y = x.gt(1).to(DType.FLOAT64).mul(x).sum(); // mask · x: only the x factor carries a gradient
            assertArrayEquals(new double[] {0, 1}, tape.gradient(y, x).get(x).toDoubleArray());
        }
    }

    @Test
    void fusedAddOpsRoundExactlyAsTheirCompositionInBothDtypes() {
        Rng rng = new Rng(7);
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (int[] shape : new int[][] {{1}, {17}, {65, 63}, {3, 129}}) {
                Tensor x = Tensor.randn(rng, shape).to(dtype), a = Tensor.randn(rng, shape).to(dtype);
                Tensor b = Tensor.rand(rng, shape).add(0.5).to(dtype);
                Tensor row = Tensor.randn(rng, shape[shape.length - 1]).to(dtype);
                assertArrayEquals(x.add(a.mul(0.1)).toDoubleArray(), x.add(a, 0.1).toDoubleArray());
                assertArrayEquals(x.add(a.mul(b).mul(0.001)).toDoubleArray(), x.addcmul(a, b, 0.001).toDoubleArray());
                assertArrayEquals(x.add(a.div(b).mul(-3e-4)).toDoubleArray(), x.addcdiv(a, b, -3e-4).toDoubleArray());
                assertArrayEquals(x.add(row.mul(a).mul(0.3)).toDoubleArray(), x.addcmul(row, a, 0.3).toDoubleArray());
                assertArrayEquals(x.add(a.div(row).mul(0.3)).toDoubleArray(), x.addcdiv(a, row, 0.3).toDoubleArray());
            }
        }
    }

    @Test
    void fusedAddOpsNameTheShapesThatDoNotBroadcast() {
        Tensor x = Tensor.zeros(2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.addcmul(x, Tensor.zeros(4), 1));
        assertEquals("addcmul: cannot broadcast [2, 3], [2, 3] and [4] to one shape", e.getMessage());
    }
}

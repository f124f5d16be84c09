package dev.panagrad.core;

import static dev.panagrad.core.ShapeOpsTest.assertRejects;
import static dev.panagrad.core.ShapeOpsTest.assertShape;
import static dev.panagrad.core.ShapeOpsTest.assertValues;
import static dev.panagrad.core.ShapeOpsTest.iota;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** indexSelect, indexAdd, gather, scatterAdd and oneHot behave as their PyTorch namesakes. */
class IndexingTest {

    static Tensor ints(int... values) {
        return Tensor.of(values, values.length);
    }

    @Test
    void indexSelectPicksSlicesInIndexOrderWithRepeats() {
        assertValues(new double[] {4, 5, 0, 1, 4, 5}, iota(3, 2).indexSelect(0, ints(2, 0, 2)));
        assertValues(new double[] {1, 1, 3, 3, 5, 5}, iota(3, 2).indexSelect(-1, ints(1, 1)));
    }

    @Test
    void indexSelectWithAnEmptyIndexIsEmpty() {
        assertShape(new int[] {3, 0}, iota(3, 2).indexSelect(1, ints()));
    }

    @Test
    void indexSelectMovesInt32Rows() {
        Tensor table = Tensor.of(new int[] {1, 2, 3, 4}, 2, 2);
        assertArrayEquals(new int[] {3, 4, 3, 4}, table.indexSelect(0, ints(1, 1)).toIntArray());
    }

    @Test
    void indexSelectRejectsAnIndexOutOfRangeNamingValueAndSize() {
        assertRejects(() -> iota(3, 2).indexSelect(0, ints(0, 3)), "indexSelect", "index 3", "position 1", "size 3");
        assertRejects(() -> iota(3, 2).indexSelect(0, ints(-1)), "indexSelect", "index -1");
        assertRejects(() -> iota(3, 2).indexSelect(0, Tensor.of(new double[] {0}, 1)), "indexSelect", "INT32", "FLOAT64");
        assertRejects(() -> iota(3, 2).indexSelect(0, Tensor.of(new int[] {0, 1}, 1, 2)), "indexSelect", "[1, 2]");
    }

    @Test
    void indexSelectGradientAccumulatesRepeatedIndices() {
        Tensor x = iota(3, 2).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Tensor g = tape.gradient(x.indexSelect(0, ints(0, 0, 2)).sum(), x).get(x);
            assertValues(new double[] {2, 2, 0, 0, 1, 1}, g);
        }
    }

    @Test
    void indexAddAddsSlicesAtTheirIndices() {
        Tensor z = Tensor.zeros(DType.FLOAT64, 3, 2).indexAdd(0, ints(2, 0, 2), iota(3, 2));
        assertValues(new double[] {2, 3, 0, 0, 4, 6}, z);
        assertRejects(() -> Tensor.zeros(DType.FLOAT64, 3, 2).indexAdd(0, ints(0), iota(2, 2)), "indexAdd", "[2, 2]", "[1, 2]");
    }

    @Test
    void gatherPicksAlongADimAsInPyTorchsExample() {
        Tensor t = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        assertValues(new double[] {1, 1, 4, 3}, t.gather(1, Tensor.of(new int[] {0, 0, 1, 0}, 2, 2)));
        assertValues(new double[] {3, 2}, t.gather(0, Tensor.of(new int[] {1, 0}, 1, 2)));
    }

    @Test
    void gatherWithASmallerIndexReadsOnlyThatCorner() {
        Tensor z = iota(3, 4).gather(1, Tensor.of(new int[] {3, 0}, 2, 1));
        assertShape(new int[] {2, 1}, z);
        assertValues(new double[] {3, 4}, z);
    }

    @Test
    void gatherRejectsOutOfRangeValuesAndMisfittingShapes() {
        assertRejects(() -> iota(2, 3).gather(1, Tensor.of(new int[] {0, 3}, 1, 2)), "gather", "index 3", "[0, 1]",
                "dimension 1", "size 3");
        assertRejects(() -> iota(2, 3).gather(1, Tensor.of(new int[] {0, 1}, 2)), "gather", "[2]", "[2, 3]");
        assertRejects(() -> iota(2, 3).gather(1, Tensor.zeros(DType.INT32, 3, 1)), "gather", "[3, 1]");
    }

    @Test
    void scatterAddAccumulatesAsInPyTorchsExample() {
        Tensor src = Tensor.ones(DType.FLOAT64, 2, 5);
        Tensor index = Tensor.of(new int[] {0, 1, 2, 0, 0, 0, 1, 2, 2, 2}, 2, 5);
        Tensor z = Tensor.zeros(DType.FLOAT64, 3, 5).scatterAdd(0, index, src);
        assertValues(new double[] {2, 0, 0, 1, 1, 0, 2, 0, 0, 0, 0, 0, 2, 1, 1}, z);
    }

    @Test
    void scatterAddUsesOnlyTheCornerOfSrcThatTheIndexCovers() {
        Tensor index = Tensor.of(new int[] {0, 1, 2, 0, 0}, 1, 5);
        Tensor z = Tensor.zeros(DType.FLOAT64, 3, 5).scatterAdd(0, index, iota(2, 5));
        assertValues(new double[] {0, 0, 0, 3, 4, 0, 1, 0, 0, 0, 0, 0, 2, 0, 0}, z);
    }

    @Test
    void scatterAddGradientGathersForSrcAndZeroPadsWhereTheIndexDidNotReach() {
        Tensor self = Tensor.zeros(DType.FLOAT64, 2, 2).requiresGrad(true);
        Tensor src = iota(2, 3).requiresGrad(true);
        Tensor index = Tensor.of(new int[] {1, 0}, 1, 2);
        Tensor weights = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        try (Tape tape = Tape.record()) {
            Gradients g = tape.gradient(self.scatterAdd(0, index, src).mul(weights).sum(), self, src);
            assertValues(weights.toDoubleArray(), g.get(self));
            assertValues(new double[] {3, 2, 0, 0, 0, 0}, g.get(src));
        }
    }

    @Test
    void scatterAddRejectsOutOfRangeIndicesAndSrcSmallerThanTheIndex() {
        Tensor self = Tensor.zeros(DType.FLOAT64, 2, 2);
        assertRejects(() -> self.scatterAdd(0, Tensor.of(new int[] {2}, 1, 1), iota(1, 1)), "scatterAdd", "index 2",
                "size 2");
        assertRejects(() -> self.scatterAdd(0, Tensor.zeros(DType.INT32, 2, 2), iota(1, 2)), "scatterAdd", "[1, 2]");
        assertRejects(() -> self.scatterAdd(0, Tensor.zeros(DType.INT32, 1, 1), Tensor.zeros(1, 1)), "scatterAdd",
                "FLOAT64", "FLOAT32");
    }

    @Test
    void scatterAddAddsInt32() {
        Tensor z = Tensor.zeros(DType.INT32, 2).scatterAdd(0, ints(1, 1, 0), ints(5, 6, 7));
        assertArrayEquals(new int[] {7, 11}, z.toIntArray());
    }

    @Test
    void oneHotEncodesClassIndices() {
        Tensor z = ints(0, 2, 1).oneHot(3);
        assertEquals(DType.INT32, z.dtype());
        assertShape(new int[] {3, 3}, z);
        assertArrayEquals(new int[] {1, 0, 0, 0, 0, 1, 0, 1, 0}, z.toIntArray());
    }

    @Test
    void oneHotInfersTheClassCountFromTheLargestIndex() {
        assertShape(new int[] {2, 2, 5}, Tensor.of(new int[] {0, 4, 1, 1}, 2, 2).oneHot(-1));
        assertShape(new int[] {0, 3}, ints().oneHot(3));
    }

    @Test
    void oneHotRejectsOutOfRangeClassesFloatsAndAnEmptyTensorToInferFrom() {
        assertRejects(() -> ints(0, 3).oneHot(3), "oneHot", "class index 3", "position 1", "3 classes");
        assertRejects(() -> ints(-1).oneHot(3), "oneHot", "-1");
        assertRejects(() -> Tensor.zeros(2).oneHot(3), "oneHot", "INT32", "FLOAT32");
        assertRejects(() -> ints().oneHot(-1), "oneHot", "empty");
        assertRejects(() -> ints(0).oneHot(-2), "oneHot", "-2");
    }

    @Test
    void gatherGradientOfGatherDifferentiatesAgain() {
        // f(x) = Σ gather(x)³ has Hessian-vector product 6·gathered·v routed back by scatterAdd.
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        Tensor index = ints(2, 2, 0);
        try (Tape outer = Tape.record()) {
            Tensor grad;
            try (Tape inner = Tape.record()) {
                Tensor g = x.gather(0, index);
                grad = inner.gradient(g.mul(g).mul(g).sum(), x).get(x);
            }
            assertValues(new double[] {3, 0, 54}, grad);
            Tensor hv = outer.gradient(grad.sum(), x).get(x);
            assertValues(new double[] {6, 0, 36}, hv);
        }
    }
}

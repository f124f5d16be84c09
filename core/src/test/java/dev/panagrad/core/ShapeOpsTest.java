package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Views, permutations, broadcasting, joining and splitting behave as their PyTorch namesakes. */
class ShapeOpsTest {

    /** 0, 1, …, n-1 as FLOAT64 in the given shape. */
    static Tensor iota(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return Tensor.arange(0, n, 1, DType.FLOAT64).reshape(shape);
    }

    static void assertValues(double[] expected, Tensor t) {
        assertArrayEquals(expected, t.toDoubleArray(), 0);
    }

    static void assertShape(int[] expected, Tensor t) {
        assertArrayEquals(expected, t.shape(), () -> "shape of " + t);
    }

    static IllegalArgumentException assertRejects(Runnable op, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, op::run);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message \"" + e.getMessage() + "\" lacks \"" + f + "\"");
        }
        return e;
    }

    // ------------------------------------------------------------------ views

    @Test
    void cloneHasStorageOfItsOwn() {
        Tensor x = iota(2, 3);
        Tensor copy = x.clone();
        assertValues(x.toDoubleArray(), copy);
        x.assign(Tensor.zeros(DType.FLOAT64, 2, 3));
        assertValues(new double[] {0, 1, 2, 3, 4, 5}, copy);
        copy.assign(Tensor.ones(DType.FLOAT64, 2, 3));
        assertValues(new double[6], x);
    }

    @Test
    void reshapeInfersTheMinusOneAndIsANewTensorOverTheSameValues() {
        Tensor x = iota(2, 3);
        Tensor y = x.reshape(-1, 2);
        assertShape(new int[] {3, 2}, y);
        assertNotSame(x, y);
        assertValues(x.toDoubleArray(), y);
    }

    @Test
    void viewIsReshape() {
        assertShape(new int[] {6, 1}, iota(2, 3).view(6, -1));
    }

    @Test
    void reshapeRejectsAShapeOfAnotherSize() {
        assertRejects(() -> iota(2, 3).reshape(4, 2), "reshape", "[4, 2]", "[2, 3]");
    }

    @Test
    void flattenMergesAnInclusiveRangeOfDims() {
        assertShape(new int[] {2, 12}, iota(2, 3, 4).flatten(1, -1));
        assertShape(new int[] {6, 4}, iota(2, 3, 4).flatten(0, 1));
        assertShape(new int[] {24}, iota(2, 3, 4).flatten());
    }

    @Test
    void flattenOfAScalarIsAOneElementVector() {
        assertShape(new int[] {1}, Tensor.scalar(3).flatten());
    }

    @Test
    void flattenRejectsAStartAfterTheEnd() {
        assertRejects(() -> iota(2, 3, 4).flatten(2, 1), "flatten", "startDim 2", "endDim 1");
    }

    @Test
    void squeezeRemovesEverySizeOneDim() {
        assertShape(new int[] {2, 3}, iota(1, 2, 1, 3, 1).squeeze());
        assertShape(new int[] {}, iota(1, 1).squeeze());
    }

    @Test
    void squeezeOfOneDimLeavesOtherSizesAlone() {
        assertShape(new int[] {2, 1, 3}, iota(1, 2, 1, 3).squeeze(0));
        assertShape(new int[] {1, 2, 1, 3}, iota(1, 2, 1, 3).squeeze(1));
        assertShape(new int[] {1, 2, 3}, iota(1, 2, 1, 3).squeeze(-2));
    }

    @Test
    void unsqueezeInsertsASizeOneDimAnywhereIncludingAfterTheLast() {
        assertShape(new int[] {1, 2, 3}, iota(2, 3).unsqueeze(0));
        assertShape(new int[] {2, 3, 1}, iota(2, 3).unsqueeze(2));
        assertShape(new int[] {2, 3, 1}, iota(2, 3).unsqueeze(-1));
        assertShape(new int[] {2, 1, 3}, iota(2, 3).unsqueeze(-2));
        assertShape(new int[] {1}, Tensor.scalar(1).unsqueeze(0));
        assertRejects(() -> iota(2, 3).unsqueeze(3), "unsqueeze", "at 3", "rank 2", "[-3, 2]");
    }

    // ------------------------------------------------------------------ permutations

    @Test
    void permuteMovesEveryEntry() {
        Tensor x = iota(2, 3, 4);
        Tensor z = x.permute(2, 0, 1);
        assertShape(new int[] {4, 2, 3}, z);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    assertEquals(x.get(i, j, k), z.get(k, i, j));
                }
            }
        }
    }

    @Test
    void largePermutationsMoveEveryEntryThroughTheBlockedPath() {
        for (int[][] c : new int[][][] {{{37, 45}, {1, 0}}, {{2, 33, 40}, {2, 0, 1}}, {{40, 3, 35}, {2, 1, 0}}, {{64, 1, 70}, {2, 1, 0}}}) {
            int[] shape = c[0];
            int[] perm = c[1];
            Tensor x = iota(shape);
            Tensor z = x.permute(perm);
            int[] idx = new int[shape.length];
            int[] at = new int[shape.length];
            for (int flat = 0; flat < x.numel(); flat++) {
                for (int d = shape.length - 1, f = flat; d >= 0; d--) {
                    idx[d] = f % shape[d];
                    f /= shape[d];
                }
                for (int k = 0; k < perm.length; k++) {
                    at[k] = idx[perm[k]];
                }
                assertEquals(x.get(idx), z.get(at));
            }
            assertArrayEquals(x.to(DType.INT32).permute(perm).toIntArray(), z.to(DType.INT32).toIntArray());
        }
    }

    @Test
    void permuteAcceptsNegativeDims() {
        assertShape(new int[] {4, 3, 2}, iota(2, 3, 4).permute(-1, 1, 0));
    }

    @Test
    void permuteRejectsWhatIsNotAPermutation() {
        assertRejects(() -> iota(2, 3, 4).permute(0, 0, 1), "permute", "[0, 0, 1]", "not a permutation", "[2, 3, 4]");
        assertRejects(() -> iota(2, 3, 4).permute(0, 1), "permute", "[0, 1]");
        assertRejects(() -> iota(2, 3).permute(0, 2), "permute");
    }

    @Test
    void transposeSwapsTwoDims() {
        Tensor z = iota(2, 3, 4).transpose(0, -1);
        assertShape(new int[] {4, 3, 2}, z);
        assertEquals(iota(2, 3, 4).get(1, 2, 3), z.get(3, 2, 1));
    }

    @Test
    void tTransposesAMatrixAndLeavesAVectorAlone() {
        assertValues(new double[] {0, 3, 1, 4, 2, 5}, iota(2, 3).t());
        assertShape(new int[] {3}, iota(3).t());
        assertShape(new int[] {}, Tensor.scalar(2).t());
        assertRejects(() -> iota(2, 2, 2).t(), "t:", "[2, 2, 2]");
    }

    @Test
    void permuteMovesInt32Values() {
        Tensor x = Tensor.of(new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new int[] {1, 4, 2, 5, 3, 6}, x.t().toIntArray());
        assertEquals(DType.INT32, x.t().dtype());
    }

    @Test
    void permuteOfAZeroSizeTensorPermutesItsShape() {
        assertShape(new int[] {3, 0}, Tensor.zeros(0, 3).t());
    }

    // ------------------------------------------------------------------ broadcasting

    @Test
    void expandRepeatsSizeOneDimsAndAddsLeadingOnes() {
        Tensor z = Tensor.of(new double[] {1, 2}, 2, 1).expand(2, 2, 3);
        assertShape(new int[] {2, 2, 3}, z);
        assertValues(new double[] {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2}, z);
    }

    @Test
    void expandKeepsADimGivenAsMinusOne() {
        assertShape(new int[] {4, 2, 3}, iota(2, 1).expand(4, -1, 3));
        assertShape(new int[] {4, 2, 3}, iota(2, 1).broadcastTo(4, -1, 3));
    }

    @Test
    void expandOfASizeOneDimToZeroIsEmpty() {
        assertShape(new int[] {0, 3}, iota(1, 3).expand(0, 3));
    }

    @Test
    void expandRejectsAMismatchedDimAndAMinusOneForANewDim() {
        assertRejects(() -> iota(2, 3).expand(2, 4), "expand", "[2, 3]", "[2, 4]");
        assertRejects(() -> iota(3).expand(-1, 3), "expand");
    }

    @Test
    void expandGradientSumsOverTheCopies() {
        Tensor x = iota(2, 1).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Tensor g = tape.gradient(x.expand(3, 2, 4).sum(), x).get(x);
            assertValues(new double[] {12, 12}, g);
        }
    }

    // ------------------------------------------------------------------ joining and splitting

    @Test
    void concatJoinsAlongAnyDim() {
        Tensor a = iota(2, 2);
        Tensor b = iota(2, 1).add(10);
        assertValues(new double[] {0, 1, 10, 2, 3, 11}, Tensor.concat(1, a, b));
        assertValues(new double[] {0, 1, 2, 3, 10, 11}, Tensor.concat(0, a, b.t()));
        assertShape(new int[] {2, 3}, Tensor.cat(-1, a, b));
    }

    @Test
    void concatSkipsOverAnEmptyPiece() {
        Tensor z = Tensor.concat(0, iota(1, 2), Tensor.zeros(DType.FLOAT64, 0, 2), iota(1, 2));
        assertShape(new int[] {2, 2}, z);
        assertValues(new double[] {0, 1, 0, 1}, z);
    }

    @Test
    void concatRejectsShapesThatDifferOutsideTheDim() {
        assertRejects(() -> Tensor.concat(0, iota(2, 3), iota(2, 4)), "concat", "tensor 1", "[2, 4]", "[2, 3]",
                "except in dimension 0");
        assertRejects(() -> Tensor.concat(0, iota(2, 3), iota(6)), "concat", "[6]");
    }

    @Test
    void concatRejectsMixedDtypesScalarsAndNothing() {
        assertRejects(() -> Tensor.concat(0, iota(2), Tensor.of(new int[] {1}, 1)), "concat", "FLOAT64", "INT32");
        assertRejects(() -> Tensor.concat(0, Tensor.scalar(1), Tensor.scalar(2)), "concat", "rank-0");
        assertRejects(() -> Tensor.concat(0), "concat", "at least one");
    }

    @Test
    void concatGradientNarrowsEachPieceAndAccumulatesARepeatedInput() {
        Tensor x = iota(2).requiresGrad(true);
        Tensor y = iota(3).requiresGrad(true);
        Tensor weights = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7}, 7);
        try (Tape tape = Tape.record()) {
            Gradients g = tape.gradient(Tensor.concat(0, x, y, x).mul(weights).sum(), x, y);
            assertValues(new double[] {1 + 6, 2 + 7}, g.get(x));
            assertValues(new double[] {3, 4, 5}, g.get(y));
        }
    }

    @Test
    void stackAddsANewDim() {
        Tensor a = iota(2, 3);
        Tensor b = iota(2, 3).add(10);
        assertShape(new int[] {2, 2, 3}, Tensor.stack(0, a, b));
        Tensor last = Tensor.stack(-1, a, b);
        assertShape(new int[] {2, 3, 2}, last);
        assertEquals(11, last.get(0, 1, 1));
        assertRejects(() -> Tensor.stack(0, a, iota(3, 2)), "stack", "tensor 1", "[3, 2]", "[2, 3]");
        assertRejects(() -> Tensor.stack(3, a, b), "stack", "at 3", "rank 2");
    }

    @Test
    void stackOfScalarsIsAVector() {
        assertValues(new double[] {1, 2}, Tensor.stack(0, Tensor.scalar(1, DType.FLOAT64), Tensor.scalar(2, DType.FLOAT64)));
    }

    @Test
    void splitCutsPiecesOfOneSizeWithASmallerLastPiece() {
        List<Tensor> parts = iota(5, 2).split(2, 0);
        assertEquals(3, parts.size());
        assertShape(new int[] {2, 2}, parts.get(0));
        assertShape(new int[] {1, 2}, parts.get(2));
        assertValues(new double[] {8, 9}, parts.get(2));
    }

    @Test
    void splitBySizesFollowsTheGivenSizes() {
        List<Tensor> parts = iota(2, 5).split(new int[] {1, 0, 4}, -1);
        assertShape(new int[] {2, 1}, parts.get(0));
        assertShape(new int[] {2, 0}, parts.get(1));
        assertValues(new double[] {1, 2, 3, 4, 6, 7, 8, 9}, parts.get(2));
        assertRejects(() -> iota(2, 5).split(new int[] {1, 2}, 1), "split", "[1, 2]", "add up to 3", "5");
    }

    @Test
    void splitOfAnEmptyDimGivesOneEmptyPiece() {
        List<Tensor> parts = Tensor.zeros(0, 2).split(3, 0);
        assertEquals(1, parts.size());
        assertShape(new int[] {0, 2}, parts.get(0));
    }

    @Test
    void chunkUsesPiecesOfCeilingSizeAndMayReturnFewer() {
        assertEquals(List.of(2, 2, 1), iota(5).chunk(3, 0).stream().map(t -> t.size(0)).toList());
        assertEquals(List.of(2, 2, 2), iota(6).chunk(4, 0).stream().map(t -> t.size(0)).toList());
        assertEquals(List.of(0, 0, 0), Tensor.zeros(0).chunk(3, 0).stream().map(t -> t.size(0)).toList());
        assertRejects(() -> iota(5).chunk(0, 0), "chunk", "0");
    }

    @Test
    void splitGradientsFlowBackToTheirOwnSlices() {
        Tensor x = iota(5).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            List<Tensor> parts = x.split(2, 0);
            Tensor loss = parts.get(0).sum().add(parts.get(2).mul(3).sum());
            assertValues(new double[] {1, 1, 0, 0, 3}, tape.gradient(loss, x).get(x));
        }
    }

    @Test
    void toConvertsAndItsGradientConvertsBack() {
        Tensor x = Tensor.of(new double[] {1.5, -2.5}, 2).requiresGrad(true);
        assertArrayEquals(new int[] {1, -2}, x.to(DType.INT32).toIntArray());
        try (Tape tape = Tape.record()) {
            Tensor g = tape.gradient(x.to(DType.FLOAT32).mul(2).sum(), x).get(x);
            assertEquals(DType.FLOAT64, g.dtype());
            assertValues(new double[] {2, 2}, g);
        }
    }

    @Test
    void opsOnARankZeroTensorThatNeedADimSaySo() {
        assertRejects(() -> Tensor.scalar(1).split(1, 0), "split", "rank-0");
        assertRejects(() -> Tensor.scalar(1).narrow(0, 0, 1), "narrow", "rank-0");
        assertRejects(() -> Tensor.scalar(1).size(0), "size", "rank-0");
    }
}

package dev.panagrad.core;

import static dev.panagrad.core.ShapeOpsTest.assertRejects;
import static dev.panagrad.core.ShapeOpsTest.assertShape;
import static dev.panagrad.core.ShapeOpsTest.assertValues;
import static dev.panagrad.core.ShapeOpsTest.iota;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** narrow, slice, pad, flip and repeat behave as their PyTorch namesakes, and their gradients route back. */
class SlicingTest {

    @Test
    void narrowTakesALengthFromAStartThatMayCountFromTheEnd() {
        assertValues(new double[] {1, 2, 5, 6}, iota(2, 4).narrow(1, 1, 2));
        assertValues(new double[] {2, 3, 6, 7}, iota(2, 4).narrow(-1, -2, 2));
    }

    @Test
    void narrowOfLengthZeroIsEmpty() {
        assertShape(new int[] {2, 0}, iota(2, 4).narrow(1, 4, 0));
    }

    @Test
    void narrowRejectsARangePastTheEnd() {
        assertRejects(() -> iota(2, 4).narrow(1, 3, 2), "narrow", "start 3", "length 2", "size 4");
        assertRejects(() -> iota(2, 4).narrow(1, 0, -1), "narrow", "length -1");
    }

    @Test
    void sliceClampsStartAndEndAsPythonDoes() {
        Tensor x = iota(10);
        assertValues(new double[] {7, 8, 9}, x.slice(0, -3, 100, 1));
        assertValues(new double[] {0, 1, 2}, x.slice(0, -100, 3, 1));
        assertValues(new double[] {2, 5, 8}, x.slice(0, 2, 9, 3));
        assertValues(new double[] {1, 3, 5, 7, 9}, x.slice(0, 1, Integer.MAX_VALUE, 2));
        assertShape(new int[] {0}, x.slice(0, 5, 2, 1));
        assertShape(new int[] {0}, x.slice(0, 12, 20, 1));
    }

    @Test
    void sliceRejectsAStepBelowOne() {
        assertRejects(() -> iota(4).slice(0, 0, 4, 0), "slice", "step", "0");
    }

    @Test
    void sliceGradientScattersIntoZerosAtTheSelectedPositions() {
        Tensor x = iota(7).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Tensor g = tape.gradient(x.slice(0, 1, 7, 3).mul(Tensor.of(new double[] {2, 5}, 2)).sum(), x).get(x);
            assertValues(new double[] {0, 2, 0, 0, 5, 0, 0}, g);
        }
    }

    @Test
    void padAddsPairsFromTheLastDimBackwards() {
        Tensor z = iota(2, 2).pad(new int[] {1, 0, 0, 1}, -1);
        assertShape(new int[] {3, 3}, z);
        assertValues(new double[] {-1, 0, 1, -1, 2, 3, -1, -1, -1}, z);
    }

    @Test
    void negativePaddingCrops() {
        assertValues(new double[] {1, 2, 5, 6}, iota(2, 4).pad(new int[] {-1, -1}, 0));
        assertValues(new double[] {1, 2, 3, 9}, iota(2, 4).pad(new int[] {-1, 1, 0, -1}, 9));
        assertShape(new int[] {2, 0}, iota(2, 4).pad(new int[] {-2, -2}, 0));
    }

    @Test
    void padRejectsOddWidthsTooManyPairsAndANegativeSize() {
        assertRejects(() -> iota(2, 4).pad(new int[] {1}, 0), "pad", "[1]");
        assertRejects(() -> iota(4).pad(new int[] {1, 1, 1, 1}, 0), "pad", "[4]");
        assertRejects(() -> iota(4).pad(new int[] {-3, -2}, 0), "pad", "size -1");
    }

    @Test
    void padOfInt32PadsWithTheTruncatedValue() {
        assertArrayEquals(new int[] {7, 1, 2, 7}, Tensor.of(new int[] {1, 2}, 2).pad(new int[] {1, 1}, 7.9).toIntArray());
    }

    @Test
    void padGradientCropsThePaddingAndZeroesWhatWasCropped() {
        Tensor x = iota(4).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Tensor weights = Tensor.of(new double[] {1, 2, 3, 4}, 4);
            Tensor g = tape.gradient(x.pad(new int[] {-1, 1}, 5).mul(weights).sum(), x).get(x);
            assertValues(new double[] {0, 1, 2, 3}, g);
        }
    }

    @Test
    void flipReversesTheGivenDims() {
        assertValues(new double[] {2, 1, 0, 5, 4, 3}, iota(2, 3).flip(1));
        assertValues(new double[] {3, 4, 5, 0, 1, 2}, iota(2, 3).flip(0));
        assertValues(new double[] {5, 4, 3, 2, 1, 0}, iota(2, 3).flip(0, -1));
        assertValues(new double[] {0, 1, 2, 3, 4, 5}, iota(2, 3).flip());
    }

    @Test
    void flipMovesInt32AndRejectsARepeatedDim() {
        assertArrayEquals(new int[] {3, 2, 1}, Tensor.of(new int[] {1, 2, 3}, 3).flip(0).toIntArray());
        assertRejects(() -> iota(2, 3).flip(1, -1), "flip", "more than once");
    }

    @Test
    void repeatTilesEachDim() {
        assertValues(new double[] {0, 1, 2, 0, 1, 2}, iota(3).repeat(2));
        assertValues(new double[] {0, 1, 0, 1, 2, 3, 2, 3, 0, 1, 0, 1, 2, 3, 2, 3}, iota(2, 2).repeat(2, 2));
    }

    @Test
    void repeatWithExtraCountsAddsLeadingDims() {
        Tensor z = iota(2).repeat(3, 1, 2);
        assertShape(new int[] {3, 1, 4}, z);
        assertValues(new double[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, z);
    }

    @Test
    void repeatZeroTimesIsEmpty() {
        assertShape(new int[] {0, 6}, iota(2, 3).repeat(0, 2));
    }

    @Test
    void repeatRejectsTooFewOrNegativeCounts() {
        assertRejects(() -> iota(2, 3).repeat(2), "repeat", "[2, 3]", "at least one per dimension");
        assertRejects(() -> iota(2).repeat(-1), "repeat", "negative");
    }

    @Test
    void repeatGradientSumsTheTiles() {
        Tensor x = iota(2, 1).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Tensor tiled = x.repeat(2, 2, 3);
            Tensor weights = iota(2, 4, 3);
            Tensor g = tape.gradient(tiled.mul(weights).sum(), x).get(x);
            // x[0] lands at rows 0 of each [4, 3] tile block, x[1] at rows 1 and 3 (tiles of two rows).
            double row0 = 0;
            double row1 = 0;
            for (int b = 0; b < 2; b++) {
                for (int r = 0; r < 4; r++) {
                    for (int c = 0; c < 3; c++) {
                        if (r % 2 == 0) {
                            row0 += weights.get(b, r, c);
                        } else {
                            row1 += weights.get(b, r, c);
                        }
                    }
                }
            }
            assertValues(new double[] {row0, row1}, g);
        }
    }

    @Test
    void gradientsOfSliceDifferentiateAgain() {
        // f(x) = Σ slice(x)²; ∂f/∂x = 2·x on the slice, 0 elsewhere; the Hessian-vector product with v is 2·v on the slice.
        Tensor x = iota(5).requiresGrad(true);
        Tensor v = Tensor.of(new double[] {1, 1, 1, 1, 1}, 5);
        try (Tape outer = Tape.record()) {
            Tensor grad;
            try (Tape inner = Tape.record()) {
                Tensor s = x.slice(0, 1, 5, 2);
                grad = inner.gradient(s.mul(s).sum(), x).get(x);
            }
            Tensor hv = outer.gradient(grad.mul(v).sum(), x).get(x);
            assertValues(new double[] {0, 2, 0, 2, 0}, hv);
        }
    }
}

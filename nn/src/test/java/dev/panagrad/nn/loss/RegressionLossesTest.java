package dev.panagrad.nn.loss;

import static dev.panagrad.nn.loss.LossAssertions.assertScalar;
import static dev.panagrad.nn.loss.LossAssertions.assertValues;
import static dev.panagrad.nn.loss.LossAssertions.f64;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Autodiff;
import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import org.junit.jupiter.api.Test;

/** Known answers for mseLoss, l1Loss, huberLoss and smoothL1Loss on d = input − target = [0.5, −2, 0]. */
class RegressionLossesTest {
    static final Tensor INPUT = f64(new double[] {1, 2, -1}, 3);
    static final Tensor TARGET = f64(new double[] {0.5, 4, -1}, 3);
    static final int[] SHAPE = {3};

    @Test
    void mseIsTheSquaredDifference() {
        assertValues(new double[] {0.25, 4, 0}, SHAPE, Losses.mseLoss(INPUT, TARGET, Reduction.NONE));
        assertScalar(4.25, Losses.mseLoss(INPUT, TARGET, Reduction.SUM));
        assertScalar(4.25 / 3, Losses.mseLoss(INPUT, TARGET));
    }

    @Test
    void l1IsTheAbsoluteDifference() {
        assertValues(new double[] {0.5, 2, 0}, SHAPE, Losses.l1Loss(INPUT, TARGET, Reduction.NONE));
        assertScalar(2.5, Losses.l1Loss(INPUT, TARGET, Reduction.SUM));
        assertScalar(2.5 / 3, Losses.l1Loss(INPUT, TARGET));
    }

    @Test
    void l1HasZeroGradientWhereInputEqualsTarget() {
        Tensor grad = Autodiff.grad(x -> Losses.l1Loss(x, TARGET, Reduction.SUM)).apply(INPUT);
        assertValues(new double[] {1, -1, 0}, SHAPE, grad);
    }

    @Test
    void huberIsQuadraticInsideDeltaAndLinearOutside() {
        assertValues(new double[] {0.125, 1.5, 0}, SHAPE, Losses.huberLoss(INPUT, TARGET, 1, Reduction.NONE));
        assertValues(new double[] {0.125, 2, 0}, SHAPE, Losses.huberLoss(INPUT, TARGET, 2.5, Reduction.NONE));
        assertValues(new double[] {0.09375, 0.46875, 0}, SHAPE, Losses.huberLoss(INPUT, TARGET, 0.25, Reduction.NONE));
        assertScalar((0.125 + 1.5) / 3, Losses.huberLoss(INPUT, TARGET));
        assertScalar(0.125 + 1.5, Losses.huberLoss(INPUT, TARGET, 1, Reduction.SUM));
    }

    @Test
    void huberIsContinuousAtDelta() {
        // |d| = δ = 2 takes the linear branch: 2·(2 − 1) = ½·2²
        assertValues(new double[] {0.125, 2, 0}, SHAPE, Losses.huberLoss(INPUT, TARGET, 2, Reduction.NONE));
    }

    @Test
    void huberGradientIsTheDifferenceClippedToDelta() {
        Tensor grad = Autodiff.grad(x -> Losses.huberLoss(x, TARGET, 1, Reduction.SUM)).apply(INPUT);
        assertValues(new double[] {0.5, -1, 0}, SHAPE, grad);
    }

    @Test
    void smoothL1IsQuadraticOverBetaInsideBetaAndLinearOutside() {
        assertValues(new double[] {0.125, 1.5, 0}, SHAPE, Losses.smoothL1Loss(INPUT, TARGET, 1, Reduction.NONE));
        assertValues(new double[] {0.05, 0.8, 0}, SHAPE, Losses.smoothL1Loss(INPUT, TARGET, 2.5, Reduction.NONE));
        assertScalar((0.125 + 1.5) / 3, Losses.smoothL1Loss(INPUT, TARGET));
    }

    @Test
    void smoothL1WithBetaZeroIsL1() {
        assertValues(new double[] {0.5, 2, 0}, SHAPE, Losses.smoothL1Loss(INPUT, TARGET, 0, Reduction.NONE));
        Tensor grad = Autodiff.grad(x -> Losses.smoothL1Loss(x, TARGET, 0, Reduction.SUM)).apply(INPUT);
        assertValues(new double[] {1, -1, 0}, SHAPE, grad);
    }

    @Test
    void huberIsDeltaTimesSmoothL1WithBetaDelta() {
        for (double delta : new double[] {0.25, 1, 2, 2.5}) {
            assertValues(Losses.smoothL1Loss(INPUT, TARGET, delta, Reduction.NONE).mul(delta).toDoubleArray(), SHAPE,
                    Losses.huberLoss(INPUT, TARGET, delta, Reduction.NONE));
        }
    }

    @Test
    void lossesKeepTheInputShapeWithoutReduction() {
        Tensor input = INPUT.reshape(3, 1).repeat(1, 2);
        Tensor target = TARGET.reshape(3, 1).repeat(1, 2);
        int[] shape = {3, 2};
        assertValues(new double[] {0.25, 0.25, 4, 4, 0, 0}, shape, Losses.mseLoss(input, target, Reduction.NONE));
        assertValues(new double[] {0.5, 0.5, 2, 2, 0, 0}, shape, Losses.l1Loss(input, target, Reduction.NONE));
    }

    @Test
    void emptyInputsHaveNaNMeanAndZeroSumAsPyTorch() {
        Tensor empty = Tensor.zeros(DType.FLOAT64, 0, 3);
        assertTrue(Double.isNaN(Losses.mseLoss(empty, empty).item()));
        assertScalar(0, Losses.l1Loss(empty, empty, Reduction.SUM));
        assertValues(new double[0], new int[] {0, 3}, Losses.huberLoss(empty, empty, 1, Reduction.NONE));
    }
}

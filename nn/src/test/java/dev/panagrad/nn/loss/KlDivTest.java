package dev.panagrad.nn.loss;

import static dev.panagrad.nn.loss.LossAssertions.assertFinite;
import static dev.panagrad.nn.loss.LossAssertions.assertScalar;
import static dev.panagrad.nn.loss.LossAssertions.assertValues;
import static dev.panagrad.nn.loss.LossAssertions.f64;
import static dev.panagrad.nn.loss.LossAssertions.ln;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Autodiff;
import dev.panagrad.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Known answers for klDiv: t·(ln t − x) with 0 where t = 0, or e^t·(t − x) for log targets. Row 0 is
 * input ln[½, ¼, ¼] against target [¼, ¾, 0]; row 1 the same distribution against itself (0).
 */
class KlDivTest {
    static final Tensor INPUT = f64(new double[] {ln(0.5), ln(0.25), ln(0.25), ln(0.5), ln(0.25), ln(0.25)}, 2, 3);
    static final Tensor TARGET = f64(new double[] {0.25, 0.75, 0, 0.5, 0.25, 0.25}, 2, 3);
    static final double[] EXPECTED = {-0.25 * ln(2), 0.75 * ln(3), 0, 0, 0, 0};
    static final double SUM = -0.25 * ln(2) + 0.75 * ln(3);

    @Test
    void eachElementIsTargetTimesLogRatioAndZeroWhereTheTargetIsZero() {
        assertValues(EXPECTED, new int[] {2, 3}, Losses.klDiv(INPUT, TARGET, Reduction.NONE, false));
    }

    @Test
    void meanAveragesOverAllElementsAsPyTorch() {
        assertScalar(SUM / 6, Losses.klDiv(INPUT, TARGET));
    }

    @Test
    void sumAddsAllElements() {
        assertScalar(SUM, Losses.klDiv(INPUT, TARGET, Reduction.SUM, false));
    }

    @Test
    void batchMeanDividesTheSumByTheBatchSize() {
        assertScalar(SUM / 2, Losses.klDiv(INPUT, TARGET, Reduction.BATCHMEAN, false));
    }

    @Test
    void batchMeanOfAScalarIsItsValue() {
        assertScalar(-0.25 * ln(2), Losses.klDiv(f64(new double[] {ln(0.5)}), f64(new double[] {0.25}), Reduction.BATCHMEAN, false));
    }

    @Test
    void logTargetsGiveExpOfTargetTimesDifference() {
        Tensor logTarget = f64(new double[] {ln(0.25), ln(0.75), ln(0.5)}, 3);
        Tensor input = INPUT.narrow(0, 0, 1).reshape(3);
        assertValues(new double[] {-0.25 * ln(2), 0.75 * ln(3), 0.5 * ln(2)}, new int[] {3},
                Losses.klDiv(input, logTarget, Reduction.NONE, true));
    }

    @Test
    void logTargetsAgreeWithProbabilityTargets() {
        Tensor positive = f64(new double[] {0.25, 0.75, 0.1, 0.5, 0.25, 0.25}, 2, 3);
        assertValues(Losses.klDiv(INPUT, positive, Reduction.NONE, false).toDoubleArray(), new int[] {2, 3},
                Losses.klDiv(INPUT, positive.log(), Reduction.NONE, true));
    }

    @Test
    void theTargetGradientIsFiniteWhereTheTargetIsZero() {
        Tensor grad = Autodiff.grad(t -> Losses.klDiv(INPUT, t, Reduction.SUM, false)).apply(TARGET);
        assertFinite(grad);
        // ∂/∂t = ln t + 1 − x where t > 0
        assertScalar(ln(0.25) + 1 - ln(0.5), grad.narrow(0, 0, 1).narrow(1, 0, 1).reshape());
    }

    @Test
    void theInputGradientIsMinusTheTarget() {
        Tensor grad = Autodiff.grad(x -> Losses.klDiv(x, TARGET, Reduction.SUM, false)).apply(INPUT);
        assertValues(TARGET.neg().toDoubleArray(), new int[] {2, 3}, grad);
    }

    @Test
    void aNegativeTargetGivesNaNAsPyTorchXlogy() {
        Tensor loss = Losses.klDiv(f64(new double[] {0}, 1), f64(new double[] {-0.5}, 1), Reduction.NONE, false);
        assertTrue(Double.isNaN(loss.item()));
    }
}

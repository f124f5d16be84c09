package dev.panagrad.nn.loss;

import static dev.panagrad.nn.loss.LossAssertions.assertScalar;
import static dev.panagrad.nn.loss.LossAssertions.assertValues;
import static dev.panagrad.nn.loss.LossAssertions.f64;
import static dev.panagrad.nn.loss.LossAssertions.ln;

import dev.panagrad.core.Autodiff;
import dev.panagrad.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Known answers for binaryCrossEntropyWithLogits, ℓ = −w·(pw·y·ln σ(x) + (1 − y)·ln(1 − σ(x))), at
 * logits whose sigmoid is rational: σ(0) = 1/2, σ(ln 3) = 3/4, σ(−ln 3) = 1/4.
 */
class BinaryCrossEntropyWithLogitsTest {
    static final Tensor LOGITS = f64(new double[] {0, ln(3), -ln(3), 0}, 4);
    static final Tensor TARGETS = f64(new double[] {1, 0, 1, 0.25}, 4);

    @Test
    void eachElementIsTheCrossEntropyOfTheSigmoid() {
        assertValues(new double[] {ln(2), ln(4), ln(4), ln(2)}, new int[] {4},
                Losses.binaryCrossEntropyWithLogits(LOGITS, TARGETS, null, null, Reduction.NONE));
    }

    @Test
    void meanIsTheDefaultAndSumAddsTheElements() {
        double sum = 2 * ln(2) + 2 * ln(4);
        assertScalar(sum / 4, Losses.binaryCrossEntropyWithLogits(LOGITS, TARGETS));
        assertScalar(sum, Losses.binaryCrossEntropyWithLogits(LOGITS, TARGETS, null, null, Reduction.SUM));
    }

    @Test
    void posWeightScalesOnlyThePositiveTerm() {
        Tensor posWeight = f64(new double[] {2}, 1);
        // soft target 0.25 at x = 0: −(2·0.25·ln ½ + 0.75·ln ½) = 1.25·ln 2
        assertValues(new double[] {2 * ln(2), ln(4), 2 * ln(4), 1.25 * ln(2)}, new int[] {4},
                Losses.binaryCrossEntropyWithLogits(LOGITS, TARGETS, null, posWeight, Reduction.NONE));
    }

    @Test
    void weightScalesWholeElements() {
        Tensor weight = f64(new double[] {1, 0.5, 2, 4}, 4);
        assertScalar((ln(2) + 0.5 * ln(4) + 2 * ln(4) + 4 * ln(2)) / 4,
                Losses.binaryCrossEntropyWithLogits(LOGITS, TARGETS, weight, null, Reduction.MEAN));
    }

    @Test
    void posWeightBroadcastsAlongTheClassDimension() {
        // [2, 2] multi-label scores with a per-class pos weight [3, 1]
        Tensor logits = f64(new double[] {0, 0, ln(3), -ln(3)}, 2, 2);
        Tensor targets = f64(new double[] {1, 1, 1, 0}, 2, 2);
        Tensor posWeight = f64(new double[] {3, 1}, 2);
        assertValues(new double[] {3 * ln(2), ln(2), 3 * (ln(4) - ln(3)), ln(4) - ln(3)}, new int[] {2, 2},
                Losses.binaryCrossEntropyWithLogits(logits, targets, null, posWeight, Reduction.NONE));
    }

    @Test
    void theGradientIsSigmoidMinusTargetAlsoAtZero() {
        Tensor grad = Autodiff.grad(x -> Losses.binaryCrossEntropyWithLogits(x, TARGETS, null, null, Reduction.SUM)).apply(LOGITS);
        assertValues(new double[] {0.5 - 1, 0.75, 0.25 - 1, 0.5 - 0.25}, new int[] {4}, grad);
    }

    @Test
    void theGradientWithPosWeightIsLogWeightTimesSigmoidMinusPosWeightTimesTarget() {
        Tensor posWeight = f64(new double[] {2}, 1);
        Tensor grad = Autodiff.grad(x -> Losses.binaryCrossEntropyWithLogits(x, TARGETS, null, posWeight, Reduction.SUM))
                .apply(LOGITS);
        // (1 + (pw − 1)·y)·σ(x) − pw·y
        assertValues(new double[] {2 * 0.5 - 2, 0.75, 2 * 0.25 - 2, 1.25 * 0.5 - 0.5}, new int[] {4}, grad);
    }
}

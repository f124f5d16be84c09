package dev.panagrad.nn.loss;

import static dev.panagrad.nn.loss.LossAssertions.assertScalar;
import static dev.panagrad.nn.loss.LossAssertions.assertValues;
import static dev.panagrad.nn.loss.LossAssertions.f64;
import static dev.panagrad.nn.loss.LossAssertions.i32;
import static dev.panagrad.nn.loss.LossAssertions.ln;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Autodiff;
import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Known answers for crossEntropy, from PyTorch's documented formulas. The logits are chosen so the
 * softmax is rational: row a = [0, ln 2, ln 3] gives p = [1/6, 2/6, 3/6], so −logp = [ln 6, ln 3, ln 2];
 * row b = [ln 3, 0, 0] gives p = [3/5, 1/5, 1/5], so −logp = [ln 5 − ln 3, ln 5, ln 5].
 */
class CrossEntropyTest {
    static final double[] ROW_A = {0, ln(2), ln(3)};
    static final double[] ROW_B = {ln(3), 0, 0};
    static final Tensor LOGITS = f64(new double[] {ROW_A[0], ROW_A[1], ROW_A[2], ROW_B[0], ROW_B[1], ROW_B[2]}, 2, 3);
    static final Tensor TARGETS = i32(new int[] {2, 1}, 2);
    static final Tensor WEIGHT = f64(new double[] {1, 2, 3}, 3);
    static final CrossEntropyOptions DEFAULTS = CrossEntropyOptions.defaults();

    @Test
    void classIndicesGiveMinusLogProbabilityOfTheTargetPerSample() {
        assertValues(new double[] {ln(2), ln(5)}, new int[] {2}, Losses.crossEntropy(LOGITS, TARGETS, Reduction.NONE));
    }

    @Test
    void meanIsTheDefaultAndSumAddsTheSamples() {
        assertScalar((ln(2) + ln(5)) / 2, Losses.crossEntropy(LOGITS, TARGETS));
        assertScalar(ln(2) + ln(5), Losses.crossEntropy(LOGITS, TARGETS, Reduction.SUM));
    }

    @Test
    void classWeightsScaleEachSampleAndMeanDividesByTheTargetsWeights() {
        CrossEntropyOptions weighted = DEFAULTS.weight(WEIGHT);
        assertValues(new double[] {3 * ln(2), 2 * ln(5)}, new int[] {2},
                Losses.crossEntropy(LOGITS, TARGETS, weighted.reduction(Reduction.NONE)));
        assertScalar(3 * ln(2) + 2 * ln(5), Losses.crossEntropy(LOGITS, TARGETS, weighted.reduction(Reduction.SUM)));
        assertScalar((3 * ln(2) + 2 * ln(5)) / (3 + 2), Losses.crossEntropy(LOGITS, TARGETS, weighted));
    }

    @Test
    void ignoredTargetsContributeZeroAndLeaveTheMeanDenominator() {
        Tensor targets = i32(new int[] {2, -100}, 2);
        assertValues(new double[] {ln(2), 0}, new int[] {2}, Losses.crossEntropy(LOGITS, targets, Reduction.NONE));
        assertScalar(ln(2), Losses.crossEntropy(LOGITS, targets));
        assertScalar(ln(2), Losses.crossEntropy(LOGITS, i32(new int[] {2, 1}, 2), DEFAULTS.ignoreIndex(1)));
        assertScalar(3 * ln(2) / 3, Losses.crossEntropy(LOGITS, targets, DEFAULTS.weight(WEIGHT)));
    }

    @Test
    void meanOverOnlyIgnoredTargetsIsNaNAsPyTorch() {
        assertTrue(Double.isNaN(Losses.crossEntropy(LOGITS, i32(new int[] {-100, -100}, 2)).item()));
        assertScalar(0, Losses.crossEntropy(LOGITS, i32(new int[] {-100, -100}, 2), Reduction.SUM));
    }

    @Test
    void labelSmoothingMixesTheTargetWithTheUniformDistribution() {
        // (1 − ε)·nll + ε/C·(−Σ_c logp[c]), ε = 0.3, C = 3
        double a = 0.7 * ln(2) + 0.1 * (ln(6) + ln(3) + ln(2));
        double b = 0.7 * ln(5) + 0.1 * (3 * ln(5) - ln(3));
        CrossEntropyOptions smoothed = DEFAULTS.labelSmoothing(0.3);
        assertValues(new double[] {a, b}, new int[] {2}, Losses.crossEntropy(LOGITS, TARGETS, smoothed.reduction(Reduction.NONE)));
        assertScalar((a + b) / 2, Losses.crossEntropy(LOGITS, TARGETS, smoothed));
        assertScalar(a + b, Losses.crossEntropy(LOGITS, TARGETS, smoothed.reduction(Reduction.SUM)));
    }

    @Test
    void labelSmoothingWithWeightsWeighsTheUniformTermByClassAndDividesByTheTargetsWeights() {
        // smooth term −Σ_c w[c]·logp[c]; the mean divides both terms by Σ w[yₙ] = 3 + 2
        double a = 0.7 * 3 * ln(2) + 0.1 * (1 * ln(6) + 2 * ln(3) + 3 * ln(2));
        double b = 0.7 * 2 * ln(5) + 0.1 * (1 * (ln(5) - ln(3)) + 2 * ln(5) + 3 * ln(5));
        CrossEntropyOptions options = DEFAULTS.labelSmoothing(0.3).weight(WEIGHT);
        assertValues(new double[] {a, b}, new int[] {2}, Losses.crossEntropy(LOGITS, TARGETS, options.reduction(Reduction.NONE)));
        assertScalar((a + b) / 5, Losses.crossEntropy(LOGITS, TARGETS, options));
    }

    @Test
    void labelSmoothingWithWeightsAndAnIgnoredTargetZeroesItsWholeLoss() {
        double a = 0.7 * 3 * ln(2) + 0.1 * (1 * ln(6) + 2 * ln(3) + 3 * ln(2));
        Tensor targets = i32(new int[] {2, -100}, 2);
        CrossEntropyOptions options = DEFAULTS.labelSmoothing(0.3).weight(WEIGHT);
        assertValues(new double[] {a, 0}, new int[] {2}, Losses.crossEntropy(LOGITS, targets, options.reduction(Reduction.NONE)));
        assertScalar(a / 3, Losses.crossEntropy(LOGITS, targets, options));
        assertScalar(a, Losses.crossEntropy(LOGITS, targets, options.reduction(Reduction.SUM)));
    }

    @Test
    void fullLabelSmoothingLeavesOnlyTheUniformTerm() {
        double a = (ln(6) + ln(3) + ln(2)) / 3;
        double b = (3 * ln(5) - ln(3)) / 3;
        assertScalar((a + b) / 2, Losses.crossEntropy(LOGITS, TARGETS, DEFAULTS.labelSmoothing(1)));
    }

    @Test
    void probabilityTargetsGiveTheCrossEntropyOfTwoDistributions() {
        Tensor probs = f64(new double[] {0, 0.5, 0.5, 1, 0, 0}, 2, 3);
        double a = 0.5 * ln(3) + 0.5 * ln(2);
        double b = ln(5) - ln(3);
        assertValues(new double[] {a, b}, new int[] {2}, Losses.crossEntropy(LOGITS, probs, Reduction.NONE));
        assertScalar((a + b) / 2, Losses.crossEntropy(LOGITS, probs));
        assertScalar(a + b, Losses.crossEntropy(LOGITS, probs, Reduction.SUM));
    }

    @Test
    void probabilityTargetsWithWeightsStillAverageOverSamples() {
        Tensor probs = f64(new double[] {0, 0.5, 0.5, 1, 0, 0}, 2, 3);
        double a = 0.5 * 2 * ln(3) + 0.5 * 3 * ln(2);
        double b = 1 * (ln(5) - ln(3));
        assertScalar((a + b) / 2, Losses.crossEntropy(LOGITS, probs, DEFAULTS.weight(WEIGHT)));
    }

    @Test
    void probabilityTargetsWithLabelSmoothingUseTheSmoothedDistribution() {
        Tensor probs = f64(new double[] {0, 0.5, 0.5, 1, 0, 0}, 2, 3);
        // t' = 0.7·t + 0.1
        double a = 0.1 * ln(6) + 0.45 * ln(3) + 0.45 * ln(2);
        double b = 0.8 * (ln(5) - ln(3)) + 0.1 * ln(5) + 0.1 * ln(5);
        assertValues(new double[] {a, b}, new int[] {2},
                Losses.crossEntropy(LOGITS, probs, DEFAULTS.labelSmoothing(0.3).reduction(Reduction.NONE)));
    }

    @Test
    void probabilityTargetsIgnoreTheIgnoreIndex() {
        Tensor probs = f64(new double[] {0, 0.5, 0.5, 1, 0, 0}, 2, 3);
        assertScalar(Losses.crossEntropy(LOGITS, probs).item(), Losses.crossEntropy(LOGITS, probs, DEFAULTS.ignoreIndex(0)));
    }

    @Test
    void spatialInputHasTheClassesInDimensionOne() {
        // [N=1, C=3, d1=1, d2=2]: position (0, 0) holds row a, position (0, 1) holds row b
        Tensor logits = LOGITS.transpose(0, 1).reshape(1, 3, 1, 2);
        Tensor targets = i32(new int[] {2, 1}, 1, 1, 2);
        assertValues(new double[] {ln(2), ln(5)}, new int[] {1, 1, 2}, Losses.crossEntropy(logits, targets, Reduction.NONE));
        assertScalar((ln(2) + ln(5)) / 2, Losses.crossEntropy(logits, targets));
        assertScalar((3 * ln(2) + 2 * ln(5)) / 5, Losses.crossEntropy(logits, targets, DEFAULTS.weight(WEIGHT)));
    }

    @Test
    void spatialInputTakesSpatialProbabilityTargets() {
        Tensor logits = LOGITS.transpose(0, 1).reshape(1, 3, 1, 2);
        Tensor probs = f64(new double[] {0, 0.5, 0.5, 1, 0, 0}, 2, 3).transpose(0, 1).reshape(1, 3, 1, 2);
        double a = 0.5 * ln(3) + 0.5 * ln(2);
        double b = ln(5) - ln(3);
        assertValues(new double[] {a, b}, new int[] {1, 1, 2}, Losses.crossEntropy(logits, probs, Reduction.NONE));
        assertScalar((a + b) / 2, Losses.crossEntropy(logits, probs));
    }

    @Test
    void unbatchedInputTakesAScalarClassIndex() {
        Tensor logits = f64(ROW_A, 3);
        Tensor target = i32(new int[] {2});
        assertValues(new double[] {ln(2)}, new int[0], Losses.crossEntropy(logits, target, Reduction.NONE));
        assertScalar(ln(2), Losses.crossEntropy(logits, target));
        assertScalar(0.5 * ln(3) + 0.5 * ln(2), Losses.crossEntropy(logits, f64(new double[] {0, 0.5, 0.5}, 3)));
    }

    @Test
    void aSingleClassHasZeroLoss() {
        Tensor logits = f64(new double[] {3.5, -2}, 2, 1);
        assertValues(new double[] {0, 0}, new int[] {2}, Losses.crossEntropy(logits, i32(new int[] {0, 0}, 2), Reduction.NONE));
    }

    @Test
    void anEmptyBatchHasNaNMeanAndZeroSum() {
        Tensor logits = Tensor.zeros(DType.FLOAT64, 0, 3);
        Tensor targets = i32(new int[0], 0);
        assertTrue(Double.isNaN(Losses.crossEntropy(logits, targets).item()));
        assertScalar(0, Losses.crossEntropy(logits, targets, Reduction.SUM));
    }

    @Test
    void theGradientOfTheMeanIsSoftmaxMinusOneHotOverN() {
        Tensor grad = Autodiff.grad(x -> Losses.crossEntropy(x, TARGETS)).apply(LOGITS);
        assertValues(new double[] {1 / 12.0, 2 / 12.0, 3 / 12.0 - 0.5, 3 / 10.0, 1 / 10.0 - 0.5, 1 / 10.0}, new int[] {2, 3}, grad);
    }
}

package dev.panagrad.nn.loss;

import static dev.panagrad.nn.loss.LossAssertions.assertScalar;
import static dev.panagrad.nn.loss.LossAssertions.assertValues;
import static dev.panagrad.nn.loss.LossAssertions.f64;
import static dev.panagrad.nn.loss.LossAssertions.i32;

import dev.panagrad.core.Tensor;
import org.junit.jupiter.api.Test;

/** Known answers for nllLoss: ℓₙ = −w[yₙ]·input[n, yₙ], the mean divided by Σ w[yₙ] over kept targets. */
class NllLossTest {
    static final Tensor LOG_PROBS = f64(new double[] {-1, -2, -3, -0.5, -1.5, -2.5}, 2, 3);
    static final Tensor TARGETS = i32(new int[] {0, 2}, 2);
    static final Tensor WEIGHT = f64(new double[] {2, 1, 4}, 3);
    static final int IGNORE = CrossEntropyOptions.DEFAULT_IGNORE_INDEX;

    @Test
    void picksMinusTheLogProbabilityOfEachTarget() {
        assertValues(new double[] {1, 2.5}, new int[] {2}, Losses.nllLoss(LOG_PROBS, TARGETS, null, IGNORE, Reduction.NONE));
        assertScalar(3.5, Losses.nllLoss(LOG_PROBS, TARGETS, null, IGNORE, Reduction.SUM));
        assertScalar(1.75, Losses.nllLoss(LOG_PROBS, TARGETS));
    }

    @Test
    void weightsScaleEachSampleAndTheMeanDividesByTheirSum() {
        assertValues(new double[] {2, 10}, new int[] {2}, Losses.nllLoss(LOG_PROBS, TARGETS, WEIGHT, IGNORE, Reduction.NONE));
        assertScalar(12, Losses.nllLoss(LOG_PROBS, TARGETS, WEIGHT, IGNORE, Reduction.SUM));
        assertScalar(12.0 / 6, Losses.nllLoss(LOG_PROBS, TARGETS, WEIGHT, IGNORE, Reduction.MEAN));
    }

    @Test
    void aCustomIgnoreIndexDropsThoseTargetsFromSumAndMean() {
        assertValues(new double[] {2, 0}, new int[] {2}, Losses.nllLoss(LOG_PROBS, TARGETS, WEIGHT, 2, Reduction.NONE));
        assertScalar(2.0 / 2, Losses.nllLoss(LOG_PROBS, TARGETS, WEIGHT, 2, Reduction.MEAN));
        assertScalar(1.0 / 1, Losses.nllLoss(LOG_PROBS, TARGETS, null, 2, Reduction.MEAN));
    }

    @Test
    void anIgnoreIndexInsideTheClassRangeIsIgnoredEvenThoughItIsValid() {
        assertScalar(2.5, Losses.nllLoss(LOG_PROBS, TARGETS, null, 0, Reduction.MEAN));
    }

    @Test
    void spatialInputPicksAlongDimensionOne() {
        // [N=1, C=3, d=2] holding the two rows as the two positions
        Tensor logProbs = LOG_PROBS.transpose(0, 1).reshape(1, 3, 2);
        Tensor targets = i32(new int[] {0, 2}, 1, 2);
        assertValues(new double[] {2, 10}, new int[] {1, 2}, Losses.nllLoss(logProbs, targets, WEIGHT, IGNORE, Reduction.NONE));
        assertScalar(2, Losses.nllLoss(logProbs, targets, WEIGHT, IGNORE, Reduction.MEAN));
    }

    @Test
    void unbatchedInputTakesAScalarTarget() {
        assertScalar(12, Losses.nllLoss(f64(new double[] {-1, -2, -3}, 3), i32(new int[] {2}), WEIGHT, IGNORE, Reduction.NONE));
    }
}

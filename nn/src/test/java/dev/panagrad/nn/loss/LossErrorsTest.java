package dev.panagrad.nn.loss;

import static dev.panagrad.nn.loss.LossAssertions.assertRejected;
import static dev.panagrad.nn.loss.LossAssertions.f64;
import static dev.panagrad.nn.loss.LossAssertions.i32;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import org.junit.jupiter.api.Test;

/** Bad arguments throw IllegalArgumentExceptions that name the loss and the offending shapes or values. */
class LossErrorsTest {
    static final Tensor LOGITS = Tensor.zeros(DType.FLOAT64, 4, 3);
    static final Tensor LABELS = i32(new int[] {0, 1, 2, 0}, 4);
    static final Tensor X = Tensor.full(0.5, DType.FLOAT64, 2, 3);
    static final Tensor Y = Tensor.full(0.25, DType.FLOAT64, 2, 3);

    @Test
    void crossEntropyRefusesClassIndicesOfTheWrongShape() {
        assertRejected(() -> Losses.crossEntropy(LOGITS, i32(new int[] {0, 1, 2}, 3)),
                "crossEntropy", "expected target of shape [4]", "[4, 3]", "got [3]");
        assertRejected(() -> Losses.crossEntropy(Tensor.zeros(DType.FLOAT64, 2, 3, 5), i32(new int[] {0, 1}, 2)),
                "crossEntropy", "[2, 5]", "got [2]");
    }

    @Test
    void crossEntropyRefusesClassIndicesOutOfRangeUnlessIgnored() {
        assertRejected(() -> Losses.crossEntropy(LOGITS, i32(new int[] {0, 3, 1, 1}, 4)),
                "crossEntropy", "target 3 is out of bounds for 3 classes", "[4, 3]");
        assertRejected(() -> Losses.crossEntropy(LOGITS, i32(new int[] {0, -1, 1, 1}, 4)), "target -1 is out of bounds");
        assertRejected(() -> Losses.crossEntropy(LOGITS, i32(new int[] {0, -100, 1, 1}, 4),
                CrossEntropyOptions.defaults().ignoreIndex(-1)), "target -100 is out of bounds", "ignoreIndex -1");
    }

    @Test
    void crossEntropyRefusesProbabilityTargetsOfAnotherShapeOrDtype() {
        assertRejected(() -> Losses.crossEntropy(LOGITS, Tensor.zeros(DType.FLOAT64, 4)),
                "crossEntropy", "probability targets must have the input's shape [4, 3], got [4]", "INT32 of shape [4]");
        assertRejected(() -> Losses.crossEntropy(LOGITS, Tensor.zeros(DType.FLOAT32, 4, 3)),
                "crossEntropy", "target is FLOAT32 but input is FLOAT64");
    }

    @Test
    void crossEntropyRefusesABadInput() {
        assertRejected(() -> Losses.crossEntropy(Tensor.scalar(1, DType.FLOAT64), i32(new int[] {0})),
                "crossEntropy", "got a scalar []");
        assertRejected(() -> Losses.crossEntropy(i32(new int[] {1, 2}, 1, 2), i32(new int[] {0}, 1)),
                "crossEntropy", "input must be FLOAT32 or FLOAT64, got INT32 of shape [1, 2]");
    }

    @Test
    void crossEntropyRefusesAWeightThatIsNotOnePerClass() {
        CrossEntropyOptions options = CrossEntropyOptions.defaults().weight(f64(new double[] {1, 2}, 2));
        assertRejected(() -> Losses.crossEntropy(LOGITS, LABELS, options), "crossEntropy", "weight must have shape [C] = [3]",
                "got [2]");
        CrossEntropyOptions float32 = CrossEntropyOptions.defaults().weight(Tensor.ones(DType.FLOAT32, 3));
        assertRejected(() -> Losses.crossEntropy(LOGITS, LABELS, float32), "weight is FLOAT32 but input is FLOAT64");
    }

    @Test
    void crossEntropyOptionsRefuseLabelSmoothingOutsideTheUnitIntervalAndBatchMean() {
        assertRejected(() -> CrossEntropyOptions.defaults().labelSmoothing(1.5), "labelSmoothing must be between 0.0 and 1.0",
                "1.5");
        assertRejected(() -> CrossEntropyOptions.defaults().labelSmoothing(-0.1), "labelSmoothing");
        assertRejected(() -> CrossEntropyOptions.defaults().labelSmoothing(Double.NaN), "labelSmoothing");
        assertRejected(() -> CrossEntropyOptions.defaults().reduction(Reduction.BATCHMEAN), "crossEntropy",
                "BATCHMEAN is only valid for klDiv");
        assertRejected(() -> CrossEntropyOptions.defaults().reduction(null), "crossEntropy", "reduction must not be null");
    }

    @Test
    void nllLossRefusesFloatingTargetsAndOutOfRangeIndices() {
        assertRejected(() -> Losses.nllLoss(LOGITS, Tensor.zeros(DType.FLOAT64, 4)),
                "nllLoss", "class-index targets must be INT32 of shape [4]", "got FLOAT64 [4]");
        assertRejected(() -> Losses.nllLoss(LOGITS, i32(new int[] {0, 1, 7, 0}, 4)), "nllLoss", "target 7 is out of bounds");
        assertRejected(() -> Losses.nllLoss(LOGITS, LABELS, null, -100, Reduction.BATCHMEAN), "nllLoss", "BATCHMEAN");
    }

    @Test
    void binaryCrossEntropyRefusesIntegerTargetsAndInputsOutsideTheUnitInterval() {
        assertRejected(() -> Losses.binaryCrossEntropy(X, i32(new int[] {0, 1, 1, 0, 1, 0}, 2, 3)),
                "binaryCrossEntropy", "target must be FLOAT32 or FLOAT64, got INT32 of shape [2, 3]");
        assertRejected(() -> Losses.binaryCrossEntropy(X.add(1), Y), "binaryCrossEntropy",
                "should be between 0 and 1", "1.5", "binaryCrossEntropyWithLogits");
        assertRejected(() -> Losses.binaryCrossEntropy(X.mul(Double.NaN), Y), "binaryCrossEntropy", "NaN");
    }

    @Test
    void binaryLossesRefuseMismatchedTargetsAndWeights() {
        assertRejected(() -> Losses.binaryCrossEntropy(X, Y.reshape(3, 2)), "binaryCrossEntropy",
                "target shape [3, 2] differs from input shape [2, 3]");
        assertRejected(() -> Losses.binaryCrossEntropy(X, Y, Tensor.ones(DType.FLOAT64, 2), Reduction.MEAN),
                "binaryCrossEntropy", "weight of shape [2] does not broadcast to the input shape [2, 3]");
        assertRejected(() -> Losses.binaryCrossEntropyWithLogits(X, Y, null, Tensor.ones(DType.FLOAT64, 4, 2, 3), Reduction.MEAN),
                "binaryCrossEntropyWithLogits", "posWeight of shape [4, 2, 3]");
        assertRejected(() -> Losses.binaryCrossEntropyWithLogits(X, i32(new int[6], 2, 3)),
                "binaryCrossEntropyWithLogits", "INT32");
    }

    @Test
    void regressionLossesRefuseMismatchedShapesAndDtypes() {
        assertRejected(() -> Losses.mseLoss(X, Y.reshape(6)), "mseLoss", "target shape [6] differs from input shape [2, 3]");
        assertRejected(() -> Losses.l1Loss(X, Y.to(DType.FLOAT32)), "l1Loss", "target is FLOAT32 but input is FLOAT64");
        assertRejected(() -> Losses.mseLoss(X, Y, Reduction.BATCHMEAN), "mseLoss", "BATCHMEAN is only valid for klDiv");
        assertRejected(() -> Losses.l1Loss(X, Y, null), "l1Loss", "reduction must not be null");
        assertRejected(() -> Losses.mseLoss(X, null), "mseLoss", "target must not be null");
    }

    @Test
    void huberNeedsAPositiveDeltaAndSmoothL1ANonNegativeBeta() {
        assertRejected(() -> Losses.huberLoss(X, Y, 0, Reduction.MEAN), "huberLoss", "delta must be positive", "0.0");
        assertRejected(() -> Losses.smoothL1Loss(X, Y, -1, Reduction.MEAN), "smoothL1Loss", "beta must be non-negative", "-1.0");
    }

    @Test
    void klDivRefusesMismatchedShapes() {
        assertRejected(() -> Losses.klDiv(X, Y.reshape(3, 2)), "klDiv", "target shape [3, 2] differs from input shape [2, 3]");
    }
}

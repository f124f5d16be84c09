package dev.panagrad.nn.loss;

import static dev.panagrad.nn.loss.LossAssertions.assertFinite;
import static dev.panagrad.nn.loss.LossAssertions.assertScalar;
import static dev.panagrad.nn.loss.LossAssertions.assertValues;
import static dev.panagrad.nn.loss.LossAssertions.f64;
import static dev.panagrad.nn.loss.LossAssertions.ln;

import dev.panagrad.core.Autodiff;
import dev.panagrad.core.Tensor;
import org.junit.jupiter.api.Test;

/** Known answers for binaryCrossEntropy: ℓ = −w·(y·max(ln x, −100) + (1 − y)·max(ln(1 − x), −100)). */
class BinaryCrossEntropyTest {
    static final Tensor PROBS = f64(new double[] {0.5, 0.25, 0.9}, 3);
    static final Tensor TARGETS = f64(new double[] {1, 0, 0.3}, 3);
    static final double[] EXPECTED = {ln(2), -ln(0.75), -(0.3 * ln(0.9) + 0.7 * ln(0.1))};

    @Test
    void eachElementIsTheBinaryCrossEntropy() {
        assertValues(EXPECTED, new int[] {3}, Losses.binaryCrossEntropy(PROBS, TARGETS, null, Reduction.NONE));
    }

    @Test
    void meanIsTheDefaultAndSumAddsTheElements() {
        double sum = EXPECTED[0] + EXPECTED[1] + EXPECTED[2];
        assertScalar(sum / 3, Losses.binaryCrossEntropy(PROBS, TARGETS));
        assertScalar(sum, Losses.binaryCrossEntropy(PROBS, TARGETS, null, Reduction.SUM));
    }

    @Test
    void weightsScaleElementsAndTheMeanStillDividesByTheCount() {
        Tensor weight = f64(new double[] {2, 1, 0.5}, 3);
        double sum = 2 * EXPECTED[0] + EXPECTED[1] + 0.5 * EXPECTED[2];
        assertScalar(sum / 3, Losses.binaryCrossEntropy(PROBS, TARGETS, weight, Reduction.MEAN));
    }

    @Test
    void aWeightBroadcastsAlongTheLeadingDimensions() {
        Tensor probs = PROBS.reshape(1, 3).repeat(2, 1);
        Tensor targets = TARGETS.reshape(1, 3).repeat(2, 1);
        Tensor weight = f64(new double[] {2, 1, 0.5}, 3);
        double row = 2 * EXPECTED[0] + EXPECTED[1] + 0.5 * EXPECTED[2];
        assertScalar(2 * row, Losses.binaryCrossEntropy(probs, targets, weight, Reduction.SUM));
    }

    @Test
    void logsAreClampedAtMinusOneHundredSoCertainMistakesCostOneHundred() {
        Tensor probs = f64(new double[] {0, 1, 0, 1}, 4);
        Tensor targets = f64(new double[] {1, 0, 0, 1}, 4);
        assertValues(new double[] {100, 100, 0, 0}, new int[] {4}, Losses.binaryCrossEntropy(probs, targets, null, Reduction.NONE));
    }

    @Test
    void theGradientIsFiniteAtProbabilitiesZeroAndOne() {
        Tensor probs = f64(new double[] {0, 1, 0, 1}, 4);
        Tensor targets = f64(new double[] {1, 0, 0, 1}, 4);
        Tensor grad = Autodiff.grad(x -> Losses.binaryCrossEntropy(x, targets, null, Reduction.SUM)).apply(probs);
        assertFinite(grad);
        Tensor targetGrad = Autodiff.grad(y -> Losses.binaryCrossEntropy(probs, y, null, Reduction.SUM)).apply(targets);
        // ∂ℓ/∂y = −(max(ln x, −100) − max(ln(1 − x), −100))
        assertValues(new double[] {100, -100, 100, -100}, new int[] {4}, targetGrad);
    }

    @Test
    void theGradientInsideTheUnitIntervalIsXMinusYOverXTimesOneMinusX() {
        Tensor grad = Autodiff.grad(x -> Losses.binaryCrossEntropy(x, TARGETS, null, Reduction.SUM)).apply(PROBS);
        double[] x = PROBS.toDoubleArray();
        double[] y = TARGETS.toDoubleArray();
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = (x[i] - y[i]) / (x[i] * (1 - x[i]));
        }
        assertValues(expected, new int[] {3}, grad);
    }
}

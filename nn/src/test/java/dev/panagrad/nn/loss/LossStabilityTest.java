package dev.panagrad.nn.loss;

import static dev.panagrad.nn.loss.LossAssertions.assertFinite;
import static dev.panagrad.nn.loss.LossAssertions.i32;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panagrad.core.Autodiff;
import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Domain;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import dev.panagrad.core.check.TensorGen;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * NUM-01/NUM-02 for losses: with logits of ±1e4, in float32 and float64, the losses are finite and
 * equal their analytic limits, and so are their gradients (softmax − target, σ(x) − y).
 */
class LossStabilityTest {
    static final double BIG = 1e4;

    static Tensor tensor(DType dtype, double[] values, int... shape) {
        return Tensor.of(values, shape).to(dtype);
    }

    static void assertValues(double[] expected, Tensor actual, double tol) {
        assertFinite(actual);
        assertArrayEquals(expected, actual.toDoubleArray(), tol, "values of " + actual);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void crossEntropyOfACorrectHugeLogitIsZeroAndOfAWrongOneIsTheGap(DType dtype) {
        Tensor logits = tensor(dtype, new double[] {BIG, -BIG, -BIG, BIG}, 2, 2);
        Tensor targets = i32(new int[] {0, 0}, 2);
        assertValues(new double[] {0, 2 * BIG}, Losses.crossEntropy(logits, targets, Reduction.NONE), 0);
        Tensor grad = Autodiff.grad(x -> Losses.crossEntropy(x, targets, Reduction.SUM)).apply(logits);
        assertValues(new double[] {0, 0, -1, 1}, grad, 0);   // softmax − one-hot, exactly
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void labelSmoothedCrossEntropyStaysFiniteAtHugeLogits(DType dtype) {
        // logp = [0, −2e4, −1e4]: 0.9·0 + 0.1/3·(0 + 2e4 + 1e4) = 1000
        Tensor logits = tensor(dtype, new double[] {BIG, -BIG, 0}, 1, 3);
        Tensor targets = i32(new int[] {0}, 1);
        CrossEntropyOptions options = CrossEntropyOptions.defaults().labelSmoothing(0.1);
        assertValues(new double[] {1000}, Losses.crossEntropy(logits, targets, options).reshape(1), 1e-3);
        Tensor grad = Autodiff.grad(x -> Losses.crossEntropy(x, targets, options)).apply(logits);
        // softmax − ((1 − ε)·one-hot + ε/C)
        assertValues(new double[] {1 - 0.9 - 0.1 / 3, -0.1 / 3, -0.1 / 3}, grad, 1e-6);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void crossEntropyWithProbabilityTargetsStaysFiniteAtHugeLogits(DType dtype) {
        Tensor logits = tensor(dtype, new double[] {BIG, -BIG}, 1, 2);
        Tensor probs = tensor(dtype, new double[] {0.5, 0.5}, 1, 2);
        assertValues(new double[] {BIG}, Losses.crossEntropy(logits, probs).reshape(1), 0);
        Tensor grad = Autodiff.grad(x -> Losses.crossEntropy(x, probs)).apply(logits);
        assertValues(new double[] {0.5, -0.5}, grad, 0);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void bceWithLogitsAtHugeLogitsIsZeroOrTheLogit(DType dtype) {
        Tensor logits = tensor(dtype, new double[] {BIG, BIG, -BIG, -BIG}, 4);
        Tensor targets = tensor(dtype, new double[] {1, 0, 1, 0}, 4);
        assertValues(new double[] {0, BIG, BIG, 0},
                Losses.binaryCrossEntropyWithLogits(logits, targets, null, null, Reduction.NONE), 0);
        Tensor posWeight = tensor(dtype, new double[] {3}, 1);
        assertValues(new double[] {0, BIG, 3 * BIG, 0},
                Losses.binaryCrossEntropyWithLogits(logits, targets, null, posWeight, Reduction.NONE), 0);
        Tensor grad = Autodiff.grad(x -> Losses.binaryCrossEntropyWithLogits(x, targets, null, null, Reduction.SUM)).apply(logits);
        assertValues(new double[] {0, 1, -1, 0}, grad, 0);
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void bceWithLogitsGradientIsSigmoidMinusTargetOnTheWholeRange(DType dtype) {
        double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-6;
        Gen<int[]> shapes = TensorGen.shapes(1, 2, 1, 6);
        Gen<Tensor[]> cases = shapes.flatMap(shape -> TensorGen.tensors(shape, Domain.bounded(-BIG, BIG), dtype)
                .zip(TensorGen.tensors(shape, Domain.bounded(0, 1), dtype), (x, y) -> new Tensor[] {x, y}));
        Property.forAll(cases, 100, c -> {
            Tensor x = c[0];
            Tensor y = c[1];
            assertFinite(Losses.binaryCrossEntropyWithLogits(x, y, null, null, Reduction.NONE));
            Tensor grad = Autodiff.grad(in -> Losses.binaryCrossEntropyWithLogits(in, y, null, null, Reduction.SUM)).apply(x);
            double[] xs = x.toDoubleArray();
            double[] ys = y.toDoubleArray();
            double[] g = grad.toDoubleArray();
            for (int i = 0; i < xs.length; i++) {
                double sigmoid = 1 / (1 + Math.exp(-xs[i]));
                assertEquals(sigmoid - ys[i], g[i], tol, "x=" + xs[i] + ", y=" + ys[i]);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(value = DType.class, names = {"FLOAT32", "FLOAT64"})
    void crossEntropyIsFiniteAndNonNegativeForRandomHugeLogits(DType dtype) {
        Gen<Tensor> logits = TensorGen.tensors(TensorGen.shapes(2, 2, 1, 6), Domain.bounded(-BIG, BIG), dtype);
        Property.forAll(logits, 100, x -> {
            int[] labels = new int[x.size(0)];
            for (int n = 0; n < labels.length; n++) {
                labels[n] = n % x.size(1);
            }
            Tensor targets = i32(labels, labels.length);
            Tensor losses = Losses.crossEntropy(x, targets, CrossEntropyOptions.defaults().labelSmoothing(0.05)
                    .reduction(Reduction.NONE));
            assertFinite(losses);
            for (double v : losses.toDoubleArray()) {
                assertEquals(true, v >= 0, "loss " + v + " for " + x);
            }
            assertFinite(Autodiff.grad(in -> Losses.crossEntropy(in, targets)).apply(x));
        });
    }
}

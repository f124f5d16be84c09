package dev.panagrad.nn.loss;

import static dev.panagrad.nn.loss.LossAssertions.f64;
import static dev.panagrad.nn.loss.LossAssertions.i32;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.GradCheck;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Float64 gradient checks of every loss against central differences, for each of NONE, MEAN and SUM:
 * with respect to the input, and to the target where PyTorch differentiates it (probability targets,
 * mse, l1, huber, smoothL1, both BCEs, klDiv). Second order for crossEntropy, BCE with logits and mse.
 * Inputs of the piecewise losses stay away from their kinks.
 */
class LossGradientsTest {
    static final Rng RNG = new Rng(7);

    static Tensor randn(int... shape) {
        return Tensor.randn(RNG, DType.FLOAT64, shape);
    }

    /** Uniform values in [lo, hi). */
    static Tensor uniform(double lo, double hi, int... shape) {
        return Tensor.rand(RNG, DType.FLOAT64, shape).mul(hi - lo).add(lo);
    }

    /** Rows of a softmax: a probability distribution along dim 1. */
    static Tensor probabilities(int... shape) {
        return randn(shape).softmax(1);
    }

    /** {@code x − d} with every |d| in [0.1, 0.4] ∪ [0.6, 0.9] ∪ [1.1, 1.9]: away from 0, 0.5 and 1. */
    static Tensor targetAwayFromKinks(Tensor x) {
        double[] d = new double[x.numel()];
        double[][] bands = {{0.1, 0.4}, {0.6, 0.9}, {1.1, 1.9}};
        for (int i = 0; i < d.length; i++) {
            double[] band = bands[i % 3];
            d[i] = (i % 2 == 0 ? 1 : -1) * (band[0] + RNG.nextDouble() * (band[1] - band[0]));
        }
        return x.sub(Tensor.of(d, x.shape()));
    }

    static void check(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        GradCheck.gradcheck(f, List.of(inputs));
    }

    static void checkBothOrders(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        GradCheck.gradcheck(f, List.of(inputs));
        GradCheck.gradgradcheck(f, List.of(inputs));
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void crossEntropyWithClassIndicesWeightsIgnoreAndSmoothing(Reduction reduction) {
        Tensor targets = i32(new int[] {1, -100, 3}, 3);
        CrossEntropyOptions options = CrossEntropyOptions.defaults().weight(f64(new double[] {0.5, 1, 2, 1.5}, 4))
                .labelSmoothing(0.2).reduction(reduction);
        checkBothOrders(in -> Losses.crossEntropy(in.get(0), targets, options), randn(3, 4));
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void crossEntropyWithProbabilityTargetsInInputAndTarget(Reduction reduction) {
        CrossEntropyOptions options = CrossEntropyOptions.defaults().labelSmoothing(0.1).reduction(reduction);
        checkBothOrders(in -> Losses.crossEntropy(in.get(0), in.get(1), options), randn(2, 3), probabilities(2, 3));
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void crossEntropyOnSpatialInput(Reduction reduction) {
        Tensor targets = i32(new int[] {0, 2, 1, 2, 1, 0, 2, 2}, 2, 2, 2);
        check(in -> Losses.crossEntropy(in.get(0), targets, reduction), randn(2, 3, 2, 2));
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void nllLossInTheLogProbabilities(Reduction reduction) {
        Tensor targets = i32(new int[] {2, 0, -100, 1}, 4);
        Tensor weight = f64(new double[] {1, 3, 0.5}, 3);
        check(in -> Losses.nllLoss(in.get(0), targets, weight, -100, reduction), randn(4, 3));
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void binaryCrossEntropyInProbabilitiesAndTargets(Reduction reduction) {
        Tensor weight = uniform(0.5, 2, 3);
        check(in -> Losses.binaryCrossEntropy(in.get(0), in.get(1), weight, reduction),
                uniform(0.05, 0.95, 2, 3), uniform(0, 1, 2, 3));
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void binaryCrossEntropyWithLogitsInLogitsAndTargets(Reduction reduction) {
        Tensor weight = uniform(0.5, 2, 2, 1);
        Tensor posWeight = uniform(0.5, 3, 3);
        checkBothOrders(in -> Losses.binaryCrossEntropyWithLogits(in.get(0), in.get(1), weight, posWeight, reduction),
                randn(2, 3).mul(3), uniform(0, 1, 2, 3));
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void mseLossInInputAndTarget(Reduction reduction) {
        checkBothOrders(in -> Losses.mseLoss(in.get(0), in.get(1), reduction), randn(2, 3), randn(2, 3));
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void l1LossInInputAndTarget(Reduction reduction) {
        Tensor x = randn(2, 3);
        check(in -> Losses.l1Loss(in.get(0), in.get(1), reduction), x, targetAwayFromKinks(x));
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void huberLossOnBothBranches(Reduction reduction) {
        Tensor x = randn(2, 3);
        check(in -> Losses.huberLoss(in.get(0), in.get(1), 0.5, reduction), x, targetAwayFromKinks(x));
    }

    @ParameterizedTest
    @EnumSource(value = Reduction.class, names = {"NONE", "MEAN", "SUM"})
    void smoothL1LossOnBothBranches(Reduction reduction) {
        Tensor x = randn(2, 3);
        check(in -> Losses.smoothL1Loss(in.get(0), in.get(1), 1, reduction), x, targetAwayFromKinks(x));
    }

    @ParameterizedTest
    @EnumSource(Reduction.class)
    void klDivInInputAndTarget(Reduction reduction) {
        check(in -> Losses.klDiv(in.get(0), in.get(1), reduction, false), randn(2, 3).logSoftmax(1), probabilities(2, 3));
        check(in -> Losses.klDiv(in.get(0), in.get(1), reduction, true), randn(2, 3).logSoftmax(1), randn(2, 3).logSoftmax(1));
    }
}

package dev.panagrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.GradCheck;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm1d/BatchNorm2d against values derived by hand from PyTorch's documented formulas:
 * y = (x − μ)/√(σ² + ε)·γ + β with the biased batch variance in training, and running statistics
 * r ← (1 − f)·r + f·s updated with the unbiased variance, f = momentum or 1/num_batches_tracked.
 */
class BatchNormTest {
    private static final double EPS = 1e-5;

    /** Channel 0 holds 1, 2, 3, 4 (μ 2.5, σ² 1.25); channel 1 holds 0, 0, 0, 4 (μ 1, σ² 3). */
    private static final double[][] CHANNELS = {{1, 2, 3, 4}, {0, 0, 0, 4}};

    private static BatchNorm1d bn1d(int features, BatchNorm.Options options) {
        return (BatchNorm1d) new BatchNorm1d(features, options).to(DType.FLOAT64);
    }

    private static void assertClose(double[] expected, Tensor actual) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, "element count");
        for (int i = 0; i < a.length; i++) {
            assertEquals(expected[i], a[i], 1e-12 * (1 + Math.abs(expected[i])), "element " + i);
        }
    }

    private static void setAffine(BatchNorm m, double[] weight, double[] bias) {
        m.weight().assign(Tensor.of(weight, weight.length));
        m.bias().assign(Tensor.of(bias, bias.length));
    }

    /** (v − μ)/√(σ² + ε)·γ + β for one value. */
    private static double normalized(double v, double mean, double var, double gamma, double beta) {
        return (v - mean) / Math.sqrt(var + EPS) * gamma + beta;
    }

    @Test
    void trainingNormalisesEachChannelWithTheBiasedBatchVariance() {
        BatchNorm1d bn = bn1d(2, BatchNorm.options());
        setAffine(bn, new double[] {2, 3}, new double[] {0.5, -1});
        Tensor x = Tensor.of(new double[] {1, 0, 2, 0, 3, 0, 4, 4}, 4, 2); // [N=4, C=2]
        double[] expected = new double[8];
        for (int n = 0; n < 4; n++) {
            expected[2 * n] = normalized(CHANNELS[0][n], 2.5, 1.25, 2, 0.5);
            expected[2 * n + 1] = normalized(CHANNELS[1][n], 1, 3, 3, -1);
        }
        assertClose(expected, bn.forward(x));
    }

    @Test
    void batchNorm1dOnSequencesReducesOverBatchAndLength() {
        BatchNorm1d bn = bn1d(2, BatchNorm.options());
        // [N=2, C=2, L=2]: channel 0 is {1, 2 | 3, 4}, channel 1 is {0, 0 | 0, 4}
        Tensor x = Tensor.of(new double[] {1, 2, 0, 0, 3, 4, 0, 4}, 2, 2, 2);
        double[] expected = new double[8];
        int[] channelOf = {0, 0, 1, 1, 0, 0, 1, 1};
        for (int i = 0; i < 8; i++) {
            expected[i] = channelOf[i] == 0 ? normalized(x.toDoubleArray()[i], 2.5, 1.25, 1, 0)
                    : normalized(x.toDoubleArray()[i], 1, 3, 1, 0);
        }
        assertClose(expected, bn.forward(x));
    }

    @Test
    void batchNorm2dReducesOverBatchHeightAndWidth() {
        BatchNorm2d bn = (BatchNorm2d) new BatchNorm2d(2).to(DType.FLOAT64);
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 0, 0, 0, 4}, 1, 2, 2, 2); // [N=1, C=2, 2, 2]
        double[] expected = new double[8];
        for (int i = 0; i < 4; i++) {
            expected[i] = normalized(CHANNELS[0][i], 2.5, 1.25, 1, 0);
            expected[4 + i] = normalized(CHANNELS[1][i], 1, 3, 1, 0);
        }
        assertClose(expected, bn.forward(x));
        assertClose(new double[] {0.25, 0.1}, bn.runningMean());
    }

    @Test
    void oneTrainingStepMovesRunningStatisticsByMomentumWithTheUnbiasedVariance() {
        BatchNorm1d bn = bn1d(2, BatchNorm.options());
        bn.forward(Tensor.of(new double[] {1, 0, 2, 0, 3, 0, 4, 4}, 4, 2));
        // mean: 0.9·0 + 0.1·μ; var: 0.9·1 + 0.1·σ²·4/3 (unbiased 5/3 and 4)
        assertClose(new double[] {0.25, 0.1}, bn.runningMean());
        assertClose(new double[] {0.9 + 0.1 * 5 / 3, 0.9 + 0.1 * 4}, bn.runningVar());
        assertEquals(1, bn.numBatchesTracked().getInt());
    }

    /** Three single-channel batches: {1, 3} (μ 2, unbiased var 2), {0, 4} (2, 8), {5, 5, 8} (6, 3). */
    private static void threeSteps(BatchNorm1d bn) {
        bn.forward(Tensor.of(new double[] {1, 3}, 2, 1));
        bn.forward(Tensor.of(new double[] {0, 4}, 2, 1));
        bn.forward(Tensor.of(new double[] {5, 5, 8}, 3, 1));
    }

    @Test
    void threeStepsWithMomentumFollowTheExponentialAverage() {
        BatchNorm1d bn = bn1d(1, BatchNorm.options());
        threeSteps(bn);
        // mean 0 → 0.2 → 0.38 → 0.942; var 1 → 1.1 → 1.79 → 1.911
        assertClose(new double[] {0.942}, bn.runningMean());
        assertClose(new double[] {1.911}, bn.runningVar());
        assertEquals(3, bn.numBatchesTracked().getInt());
    }

    @Test
    void nullMomentumGivesTheCumulativeAverageOfTheBatchStatistics() {
        BatchNorm1d bn = bn1d(1, BatchNorm.options().momentum(null));
        bn.forward(Tensor.of(new double[] {1, 3}, 2, 1));
        assertClose(new double[] {2}, bn.runningMean()); // the first batch replaces the initial values
        assertClose(new double[] {2}, bn.runningVar());
        bn.forward(Tensor.of(new double[] {0, 4}, 2, 1));
        bn.forward(Tensor.of(new double[] {5, 5, 8}, 3, 1));
        assertClose(new double[] {10.0 / 3}, bn.runningMean()); // (2 + 2 + 6) / 3
        assertClose(new double[] {13.0 / 3}, bn.runningVar()); // (2 + 8 + 3) / 3
    }

    @Test
    void numBatchesTrackedIsAnInt32ScalarCountingTrainingBatchesOnly() {
        BatchNorm1d bn = bn1d(1, BatchNorm.options());
        Tensor count = bn.numBatchesTracked();
        assertEquals(DType.INT32, count.dtype());
        assertEquals(0, count.dim());
        assertEquals(0, count.getInt());
        threeSteps(bn);
        bn.eval().forward(Tensor.of(new double[] {1, 2}, 2, 1));
        assertEquals(3, bn.numBatchesTracked().getInt());
        assertEquals(DType.INT32, bn.numBatchesTracked().dtype(), "to(FLOAT64) keeps the count INT32");
    }

    @Test
    void evaluationNormalisesWithTheRunningStatistics() {
        BatchNorm1d bn = bn1d(2, BatchNorm.options());
        setAffine(bn, new double[] {2, 3}, new double[] {0.5, -1});
        bn.runningMean().assign(Tensor.of(new double[] {1, -2}, 2));
        bn.runningVar().assign(Tensor.of(new double[] {4, 0.25}, 2));
        Tensor y = bn.eval().forward(Tensor.of(new double[] {3, -1, 1, 0}, 2, 2));
        assertClose(new double[] {normalized(3, 1, 4, 2, 0.5), normalized(-1, -2, 0.25, 3, -1),
            normalized(1, 1, 4, 2, 0.5), normalized(0, -2, 0.25, 3, -1)}, y);
    }

    @Test
    void evaluationLeavesRunningStatisticsUnchanged() {
        BatchNorm1d bn = bn1d(2, BatchNorm.options());
        bn.forward(Tensor.of(new double[] {1, 0, 2, 0, 3, 0, 4, 4}, 4, 2));
        double[] mean = bn.runningMean().toDoubleArray();
        double[] var = bn.runningVar().toDoubleArray();
        bn.eval();
        bn.forward(Tensor.randn(new Rng(1), DType.FLOAT64, 5, 2).mul(10));
        bn.forward(Tensor.of(new double[] {7, 7}, 1, 2));
        assertArrayEquals(mean, bn.runningMean().toDoubleArray());
        assertArrayEquals(var, bn.runningVar().toDoubleArray());
        assertEquals(1, bn.numBatchesTracked().getInt());
    }

    @Test
    void runningStatisticsKeepTheirIdentityAcrossUpdates() {
        BatchNorm1d bn = bn1d(1, BatchNorm.options());
        Map<String, Tensor> before = bn.stateDict();
        threeSteps(bn);
        assertTrue(before.get("running_mean") == bn.runningMean() && before.get("running_var") == bn.runningVar()
                && before.get("num_batches_tracked") == bn.numBatchesTracked(), "buffers are updated in place");
    }

    @Test
    void trainingRejectsASingleValuePerChannelAndCountsNothing() {
        BatchNorm1d bn = bn1d(3, BatchNorm.options());
        Tensor single = Tensor.zeros(DType.FLOAT64, 1, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(single));
        assertTrue(e.getMessage().contains("Expected more than 1 value per channel when training, got input size [1, 3]"),
                e.getMessage());
        assertEquals(0, bn.numBatchesTracked().getInt());
        assertEquals(3, bn.eval().forward(Tensor.zeros(DType.FLOAT64, 1, 3)).numel(), "evaluation accepts one value");
    }

    @Test
    void withoutRunningStatisticsBothModesUseBatchStatistics() {
        BatchNorm1d bn = bn1d(1, BatchNorm.options().trackRunningStats(false));
        assertNull(bn.runningMean());
        assertNull(bn.numBatchesTracked());
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.stateDict().keySet()));
        Tensor x = Tensor.of(new double[] {1, 3}, 2, 1);
        double[] expected = {normalized(1, 2, 1, 1, 0), normalized(3, 2, 1, 1, 0)};
        assertClose(expected, bn.forward(x));
        assertClose(expected, bn.eval().forward(x));
    }

    @Test
    void withoutAffineThereAreNoParameters() {
        BatchNorm1d bn = bn1d(2, BatchNorm.options().affine(false));
        assertTrue(bn.parameters().isEmpty());
        assertEquals(List.of("running_mean", "running_var", "num_batches_tracked"), List.copyOf(bn.stateDict().keySet()));
    }

    @Test
    void defaultsArePyTorchs() {
        BatchNorm2d bn = new BatchNorm2d(4);
        assertEquals(1e-5, bn.settings().eps());
        assertEquals(0.1, bn.settings().momentum());
        assertArrayEquals(new float[] {1, 1, 1, 1}, bn.weight().toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 0}, bn.bias().toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 0}, bn.runningMean().toFloatArray());
        assertArrayEquals(new float[] {1, 1, 1, 1}, bn.runningVar().toFloatArray());
        assertTrue(bn.weight().requiresGrad() && !bn.runningMean().requiresGrad());
        assertEquals("BatchNorm2d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", bn.toString());
        assertEquals("BatchNorm1d(3, eps=0.001, momentum=None, affine=False, track_running_stats=True)",
                new BatchNorm1d(3, BatchNorm.options().eps(1e-3).momentum(null).affine(false)).toString());
    }

    @Test
    void resetRunningStatsRestoresTheInitialState() {
        BatchNorm1d bn = bn1d(1, BatchNorm.options());
        threeSteps(bn);
        bn.resetRunningStats();
        assertClose(new double[] {0}, bn.runningMean());
        assertClose(new double[] {1}, bn.runningVar());
        assertEquals(0, bn.numBatchesTracked().getInt());
    }

    @Test
    void batchStatisticsArePartOfTheGraph() {
        // Σ y over a channel is identically 0 in training, so its gradient is 0; in evaluation it is γ/√(r + ε).
        BatchNorm1d bn = bn1d(1, BatchNorm.options());
        Tensor x = Tensor.of(new double[] {1, 3, 4}, 3, 1);
        try (Tape tape = Tape.record()) {
            tape.watch(x);
            assertClose(new double[] {0, 0, 0}, tape.gradient(bn.forward(x).sum(), x).get(x));
        }
        bn.eval();
        try (Tape tape = Tape.record()) {
            tape.watch(x);
            double g = 1 / Math.sqrt(bn.runningVar().item() + EPS);
            assertClose(new double[] {g, g, g}, tape.gradient(bn.forward(x).sum(), x).get(x));
        }
    }

    /** f(x, γ, β) through functionalCall, so gradcheck differentiates w.r.t. all three. */
    private static Function<List<Tensor>, Tensor> target(BatchNorm bn) {
        return in -> bn.functionalCall(Map.of("weight", in.get(1), "bias", in.get(2)), in.get(0));
    }

    @Test
    void evaluationGradientsMatchFiniteDifferences() {
        Rng rng = new Rng(5);
        BatchNorm2d bn = (BatchNorm2d) new BatchNorm2d(2).to(DType.FLOAT64);
        bn.runningMean().assign(Tensor.randn(rng, DType.FLOAT64, 2));
        bn.runningVar().assign(Tensor.rand(rng, DType.FLOAT64, 2).add(0.5));
        bn.eval();
        GradCheck.gradcheck(target(bn), List.of(Tensor.randn(rng, DType.FLOAT64, 2, 2, 2, 3),
                Tensor.randn(rng, DType.FLOAT64, 2), Tensor.randn(rng, DType.FLOAT64, 2)));
    }

    @Test
    void trainingGradientsAreDifferentiableAgain() {
        Rng rng = new Rng(6);
        BatchNorm1d bn = bn1d(2, BatchNorm.options());
        GradCheck.gradgradcheck(target(bn), List.of(Tensor.randn(rng, DType.FLOAT64, 3, 2),
                Tensor.randn(rng, DType.FLOAT64, 2), Tensor.randn(rng, DType.FLOAT64, 2)));
    }

    @Test
    void functionalFormNeedsRunningStatisticsInEvaluation() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 2, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Normalization.batchNorm(x, null, null, null, null, false, 0.1, EPS));
        assertTrue(e.getMessage().startsWith("batchNorm:"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Normalization.batchNorm(x, Tensor.zeros(DType.FLOAT64, 4), Tensor.ones(DType.FLOAT64, 4), null, null,
                        false, 0.1, EPS));
    }

    @Test
    void functionalFormWithoutRunningStatisticsUsesTheBatch() {
        Tensor y = Normalization.batchNorm(Tensor.of(new double[] {1, 3}, 2, 1), null, null, null, null, true, 0.1, 0);
        assertClose(new double[] {-1, 1}, y);
    }

    @Test
    void wrongInputsNameTheLayerAndTheShape() {
        BatchNorm2d bn = new BatchNorm2d(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bn.forward(Tensor.zeros(2, 3, 4)));
        assertTrue(e.getMessage().startsWith("BatchNorm2d(3, ") && e.getMessage().contains("[N, 3, H, W]")
                && e.getMessage().contains("[2, 3, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(0));
    }
}

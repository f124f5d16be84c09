package dev.panagrad.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.GradCheck;
import dev.panagrad.core.check.Property;
import dev.panagrad.core.check.Source;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Properties over random shapes ([C] unbatched, [N, C] and [N, C, d1, d2] with N and C from 1, odd
 * sizes), random targets (some ignored), weights, label smoothing and reductions: crossEntropy
 * equals the plain-loop oracle {@link CrossEntropyReference}, agrees with itself across layouts and
 * target kinds, and passes gradcheck; the binary losses equal PyTorch's textbook formulas.
 */
class LossPropertiesTest {
    static final double TOL = 1e-10;

    /** A random cross-entropy problem; {@code shape} is the input's, {@code n·s} samples of c classes. */
    record Problem(int[] shape, int n, int c, int s, double[] x, int[] y, double[] probs, double[] weight, int ignore,
            double eps, Reduction reduction) {
        Tensor input() {
            return Tensor.of(x, shape);
        }

        Tensor targets() {
            int[] targetShape = shape.length == 1 ? new int[0] : withoutDimOne(shape);
            return Tensor.of(y, targetShape);
        }

        Tensor probabilityTargets() {
            return Tensor.of(probs, shape);
        }

        CrossEntropyOptions options() {
            return new CrossEntropyOptions(weight == null ? null : Tensor.of(weight, c), ignore, eps, reduction);
        }

        /** Whether every class-index target is ignored (the mean is then NaN and has no derivative). */
        boolean allIgnored() {
            return Arrays.stream(y).allMatch(v -> v == ignore);
        }

        @Override
        public String toString() {
            return "input " + Arrays.toString(shape) + ", targets " + Arrays.toString(y) + ", weight "
                    + Arrays.toString(weight) + ", ignore " + ignore + ", ε " + eps + ", " + reduction;
        }
    }

    static int[] withoutDimOne(int[] shape) {
        int[] out = new int[shape.length - 1];
        out[0] = shape[0];
        System.arraycopy(shape, 2, out, 1, shape.length - 2);
        return out;
    }

    static final Gen<Problem> PROBLEMS = LossPropertiesTest::problem;

    static Problem problem(Source src) {
        int layout = src.drawInt(0, 2);                  // 0: [N, C], 1: [C], 2: [N, C, d1, d2]
        int n = layout == 1 ? 1 : src.drawInt(1, 4);
        int c = src.drawInt(1, 5);
        int[] spatial = layout == 2 ? new int[] {src.drawInt(1, 3), src.drawInt(1, 3)} : new int[0];
        int s = spatial.length == 0 ? 1 : spatial[0] * spatial[1];
        int[] shape = switch (layout) {
            case 0 -> new int[] {n, c};
            case 1 -> new int[] {c};
            default -> new int[] {n, c, spatial[0], spatial[1]};
        };
        int ignore = src.draw(1) == 0 ? CrossEntropyOptions.DEFAULT_IGNORE_INDEX : src.drawInt(0, c - 1);
        Gen<Double> values = Gen.doubles(-3, 3);
        double[] x = new double[n * c * s];
        Arrays.setAll(x, i -> values.generate(src));
        int[] y = new int[n * s];
        Arrays.setAll(y, i -> src.draw(4) == 0 ? ignore : src.drawInt(0, c - 1));
        double[] probs = new double[x.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < s; k++) {
                double total = 0;
                for (int j = 0; j < c; j++) {
                    probs[(i * c + j) * s + k] = Gen.doubles(0, 1).generate(src);
                    total += probs[(i * c + j) * s + k];
                }
                for (int j = 0; j < c; j++) {
                    probs[(i * c + j) * s + k] = total == 0 ? 1.0 / c : probs[(i * c + j) * s + k] / total;
                }
            }
        }
        double[] weight = null;
        if (src.draw(1) == 1) {
            weight = new double[c];
            Arrays.setAll(weight, j -> Gen.doubles(0.1, 2).generate(src));
        }
        double eps = src.draw(1) == 0 ? 0 : Gen.doubles(0, 1).generate(src);
        Reduction reduction = Gen.elements(Reduction.NONE, Reduction.MEAN, Reduction.SUM).generate(src);
        return new Problem(shape, n, c, s, x, y, probs, weight, ignore, eps, reduction);
    }

    static void assertMatches(double[] oracle, Reduction reduction, Tensor actual, String what) {
        if (reduction == Reduction.NONE) {
            assertArrayEquals(Arrays.copyOf(oracle, oracle.length - 1), actual.toDoubleArray(), TOL, what);
        } else {
            double expected = oracle[oracle.length - 1];   // NaN for the mean over only ignored targets, as PyTorch
            assertEquals(expected, actual.item(), Double.isNaN(expected) ? 0 : TOL * Math.max(1, Math.abs(expected)), what);
        }
    }

    @Test
    void crossEntropyWithClassIndicesMatchesTheLoopOracle() {
        Property.forAll(PROBLEMS, 150, p -> {
            double[] oracle = CrossEntropyReference.classIndices(p.x(), p.y(), p.weight(), p.ignore(), p.eps(), p.n(), p.c(), p.s(),
                    p.reduction() == Reduction.MEAN);
            Tensor loss = Losses.crossEntropy(p.input(), p.targets(), p.options());
            assertArrayEquals(p.reduction() == Reduction.NONE ? p.targets().shape() : new int[0], loss.shape(), "shape");
            assertMatches(oracle, p.reduction(), loss, p.toString());
        });
    }

    @Test
    void crossEntropyWithProbabilityTargetsMatchesTheLoopOracle() {
        Property.forAll(PROBLEMS, 150, p -> {
            double[] oracle = CrossEntropyReference.probabilities(p.x(), p.probs(), p.weight(), p.eps(), p.n(), p.c(), p.s(),
                    p.reduction() == Reduction.MEAN);
            assertMatches(oracle, p.reduction(), Losses.crossEntropy(p.input(), p.probabilityTargets(), p.options()), p.toString());
        });
    }

    @Test
    void oneHotProbabilityTargetsEqualClassIndicesWithoutWeightsOrIgnoredTargets() {
        Property.forAll(PROBLEMS, 100, p -> {
            int[] labels = Arrays.stream(p.y()).map(v -> v == p.ignore() ? 0 : v).toArray();
            Tensor indices = Tensor.of(labels, p.targets().shape());
            int classDim = p.shape().length == 1 ? 0 : 1;
            Tensor oneHot = indices.oneHot(p.c()).to(DType.FLOAT64).unsqueeze(classDim).transpose(classDim, -1).squeeze(-1);
            CrossEntropyOptions options = CrossEntropyOptions.defaults().labelSmoothing(p.eps()).reduction(p.reduction());
            assertArrayEquals(Losses.crossEntropy(p.input(), indices, options).toDoubleArray(),
                    Losses.crossEntropy(p.input(), oneHot, options).toDoubleArray(), TOL, p.toString());
        });
    }

    @Test
    void spatialCrossEntropyEqualsCrossEntropyOfTheFlattenedPositions() {
        Property.forAll(PROBLEMS.filter(p -> p.shape().length == 4), 60, p -> {
            Tensor flatInput = p.input().permute(0, 2, 3, 1).reshape(-1, p.c());
            Tensor flatTargets = p.targets().reshape(-1);
            assertArrayEquals(Losses.crossEntropy(flatInput, flatTargets, p.options()).toDoubleArray(),
                    Losses.crossEntropy(p.input(), p.targets(), p.options()).toDoubleArray(), TOL, p.toString());
        });
    }

    @Test
    void crossEntropyPassesGradcheckOnRandomProblems() {
        Property.forAll(PROBLEMS.filter(p -> !p.allIgnored()), 25, p -> {
            Tensor targets = p.targets();
            CrossEntropyOptions options = p.options();
            GradCheck.gradcheck(in -> Losses.crossEntropy(in.get(0), targets, options), List.of(p.input()));
            GradCheck.gradcheck(in -> Losses.crossEntropy(in.get(0), in.get(1), options),
                    List.of(p.input(), p.probabilityTargets()));
        });
    }

    @Test
    void binaryCrossEntropiesMatchTheirTextbookFormulas() {
        Property.forAll(PROBLEMS, 100, p -> {
            double[] x = p.x();
            double[] y = p.probs();
            double pw = p.eps() * 3;
            double[] withLogits = new double[x.length];
            double[] onProbabilities = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                double sigma = 1 / (1 + Math.exp(-x[i]));
                // PyTorch's documented ℓ = −(pw·y·ln σ(x) + (1 − y)·ln(1 − σ(x)))
                withLogits[i] = -(pw * y[i] * Math.log(sigma) + (1 - y[i]) * Math.log(1 - sigma));
                onProbabilities[i] = -(y[i] * Math.log(sigma) + (1 - y[i]) * Math.log(1 - sigma));
            }
            Tensor logits = p.input();
            Tensor targets = p.probabilityTargets();
            assertArrayEquals(withLogits, Losses.binaryCrossEntropyWithLogits(logits, targets, null,
                    Tensor.scalar(pw, DType.FLOAT64), Reduction.NONE).toDoubleArray(), TOL, p.toString());
            assertArrayEquals(onProbabilities, Losses.binaryCrossEntropy(logits.sigmoid(), targets, null, Reduction.NONE)
                    .toDoubleArray(), 1e-9, p.toString());
        });
    }

    @Test
    void huberIsHalfTheSquaredErrorInsideDeltaAndShiftedL1Outside() {
        Property.forAll(PROBLEMS, 100, p -> {
            Tensor x = p.input();
            Tensor y = p.probabilityTargets();
            double maxGap = Arrays.stream(x.sub(y).abs().toDoubleArray()).max().orElse(0);
            assertArrayEquals(Losses.mseLoss(x, y, Reduction.NONE).mul(0.5).toDoubleArray(),
                    Losses.huberLoss(x, y, maxGap + 1, Reduction.NONE).toDoubleArray(), TOL);
            double delta = 1e-3;
            Tensor far = x.add(x.sub(y).sign().add(0.5).sign().mul(2 * delta));   // pushes every |d| beyond δ
            assertArrayEquals(Losses.l1Loss(far, y, Reduction.NONE).sub(delta / 2).mul(delta).toDoubleArray(),
                    Losses.huberLoss(far, y, delta, Reduction.NONE).toDoubleArray(), TOL);
        });
    }
}

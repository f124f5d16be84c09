package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The gradient conventions of the reductions at their awkward points (ties, zeros, the origin), and
 * second derivatives: Hessian-vector products through nested tapes against central differences of
 * first gradients.
 */
class ReductionGradientsTest {

    static double[] gradient(UnaryOperator<Tensor> f, Tensor x) {
        Tensor source = x.detach();
        try (Tape tape = Tape.record()) {
            tape.watch(source);
            return tape.gradient(f.apply(source), source).get(source).toDoubleArray();
        }
    }

    /** H·v of the scalar function f at x, by differentiating ⟨∇f, v⟩ on an enclosing tape. */
    static double[] hessianTimes(UnaryOperator<Tensor> f, Tensor x, Tensor v) {
        Tensor source = x.detach();
        try (Tape outer = Tape.record()) {
            outer.watch(source);
            Tensor g;
            try (Tape inner = Tape.record()) {
                inner.watch(source);
                g = inner.gradient(f.apply(source), source).get(source);
            }
            return outer.gradient(g.mul(v).sum(), source).get(source).toDoubleArray();
        }
    }

    /** Checks H·v against (∇f(x + hv) − ∇f(x − hv)) / 2h in float64. */
    static void assertHessianMatchesDifferences(String name, UnaryOperator<Tensor> f, Tensor x) {
        SplittableRandom random = new SplittableRandom(name.hashCode());
        double[] dir = new double[x.numel()];
        for (int i = 0; i < dir.length; i++) {
            dir[i] = random.nextDouble(-1, 1);
        }
        Tensor v = Tensor.of(dir, x.shape());
        double h = 1e-5;
        double[] plus = gradient(f, x.add(v.mul(h)));
        double[] minus = gradient(f, x.sub(v.mul(h)));
        double[] hv = hessianTimes(f, x, v);
        for (int i = 0; i < hv.length; i++) {
            double numeric = (plus[i] - minus[i]) / (2 * h);
            assertEquals(numeric, hv[i], 1e-6 + 1e-5 * Math.abs(numeric), name + ": (H·v)[" + i + "]");
        }
    }

    static Tensor weights(int... shape) {
        return Tensor.randn(new Rng(3), DType.FLOAT64, shape);
    }

    @Test
    void secondDerivativesMatchFiniteDifferencesOfGradients() {
        Tensor x = Tensor.randn(new Rng(11), DType.FLOAT64, 3, 4, 2);
        Tensor w = weights(3, 4, 2);
        assertHessianMatchesDifferences("softmax", t -> t.softmax(1).mul(w).sum(), x);
        assertHessianMatchesDifferences("logSoftmax", t -> t.logSoftmax(-1).mul(w).sum(), x);
        assertHessianMatchesDifferences("logsumexp", t -> t.logsumexp(new int[] {0, 2}, false).mul(weights(4)).sum(), x);
        assertHessianMatchesDifferences("var", t -> t.var(new int[] {0, 2}, true).mul(weights(1, 4, 1)).sum(), x);
        assertHessianMatchesDifferences("std", t -> t.std(new int[] {1}, 0, false).mul(weights(3, 2)).sum(), x);
        assertHessianMatchesDifferences("norm2", t -> t.norm(2, new int[] {2, 0}, false).mul(weights(4)).sum(), x);
        assertHessianMatchesDifferences("mean", t -> t.mean(new int[] {1}, true).mul(t.mean(new int[] {1}, true)).sum(), x);
        assertHessianMatchesDifferences("prod", t -> t.prod(new int[] {1}, false).mul(weights(3, 2)).sum(), x);
        assertHessianMatchesDifferences("sum", t -> t.sum(new int[] {0}, false).exp().sum(), x);
    }

    @Test
    void prodHasExactSecondDerivativesWithOneZeroPerSlice() {
        Tensor x = Tensor.of(new double[] {2, 0, 3, -1.5, 0.5, 0, 4, 1.25}, 2, 4);
        assertHessianMatchesDifferences("prod with zeros", t -> t.prod(new int[] {1}, false).mul(weights(2)).sum(), x);
        assertHessianMatchesDifferences("prod of all with one zero", t -> t.prod(), Tensor.of(new double[] {2, 0, 3, -1.5}, 4));
    }

    @Test
    void prodGradientIsTheProductOfTheOtherElementsEvenAtZeros() {
        assertArrayEquals(new double[] {0, 6, 0}, gradient(Tensor::prod, Tensor.of(new double[] {2, 0, 3}, 3)));
        assertArrayEquals(new double[] {0, 0, 0}, gradient(Tensor::prod, Tensor.of(new double[] {0, 2, 0}, 3)));
        assertArrayEquals(new double[] {4, 0, 2, 3}, gradient(t -> t.prod(new int[] {0}, false).sum(),
                Tensor.of(new double[] {2, 3, 4, 0}, 2, 2)), 0);
        assertArrayEquals(new double[] {6, 3, 2}, gradient(Tensor::prod, Tensor.of(new double[] {-1, -2, -3}, 3)), 1e-15);
    }

    @Test
    void maxSendsTheWholeGradientToTheFirstOfTiedElements() {
        Tensor x = Tensor.of(new double[] {1, 3, 3, 2, 3, 0}, 2, 3);
        assertArrayEquals(new double[] {0, 1, 0, 0, 0, 0}, gradient(Tensor::max, x));
        assertArrayEquals(new double[] {0, 1, 0, 0, 1, 0}, gradient(t -> t.max(1, false).values().sum(), x));
        assertArrayEquals(new double[] {0, 1, 1, 1, 0, 0}, gradient(t -> t.amax(new int[] {0}, false).sum(), x));
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0}, gradient(t -> t.amin(new int[] {0, 1}, true).sum(),
                Tensor.of(new double[] {0, 1, 0, 0, 1, 0}, 2, 3)));
    }

    @Test
    void amaxOverSeveralDimsRoutesToTheFirstMaximumInRowMajorOrderOfTheSlice() {
        // shape [2, 2, 2] reduced over dims {0, 2}: slice j holds x[0, j, 0], x[0, j, 1], x[1, j, 0], x[1, j, 1]
        Tensor x = Tensor.of(new double[] {1, 5, 7, 2, 5, 0, 7, 7}, 2, 2, 2);
        assertArrayEquals(new double[] {0, 1, 1, 0, 0, 0, 0, 0},
                gradient(t -> t.amax(new int[] {2, 0}, false).sum(), x));
    }

    @Test
    void gradientMassOfMaxIsConservedWithTies() {
        Tensor x = Tensor.zeros(DType.FLOAT64, 3, 4, 5);
        Tensor g = Tensor.randn(new Rng(5), DType.FLOAT64, 4);
        double[] dx = gradient(t -> t.amax(new int[] {0, 2}, false).mul(g).sum(), x);
        double total = 0;
        int nonZero = 0;
        for (double d : dx) {
            total += d;
            nonZero += d != 0 ? 1 : 0;
        }
        assertEquals(g.sum().item(), total, 1e-12);
        assertEquals(4, nonZero);
    }

    @Test
    void normsHaveZeroSubgradientsAtZero() {
        Tensor zero = Tensor.zeros(DType.FLOAT64, 2, 3);
        assertArrayEquals(new double[6], gradient(Tensor::norm, zero));
        assertArrayEquals(new double[6], gradient(t -> t.norm(1), zero));
        assertArrayEquals(new double[] {0, 0, 0, 0.6, 0, 0.8},
                gradient(t -> t.norm(2, new int[] {1}, false).sum(), Tensor.of(new double[] {0, 0, 0, 3, 0, 4}, 2, 3)), 1e-15);
    }

    @Test
    void infinityNormGradientIsTheSignAtTheLargestMagnitude() {
        assertArrayEquals(new double[] {0, -1, 0}, gradient(t -> t.norm(Double.POSITIVE_INFINITY),
                Tensor.of(new double[] {1, -3, 2}, 3)));
        assertArrayEquals(new double[] {1, 0, 0, 0}, gradient(t -> t.norm(Double.POSITIVE_INFINITY),
                Tensor.of(new double[] {2, -2, 1, 2}, 4)));
    }

    @Test
    void logsumexpGradientIsTheSoftmax() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, -1, 0, 4}, 2, 3);
        double[] want = x.softmax(1).toDoubleArray();
        assertArrayEquals(want, gradient(t -> t.logsumexp(1, false).sum(), x), 1e-15);
    }

    @Test
    void gradientsHaveTheShapeAndDtypeOfTheInput() {
        Tensor x = Tensor.randn(new Rng(2), DType.FLOAT32, 2, 3, 4);
        for (UnaryOperator<Tensor> f : List.<UnaryOperator<Tensor>>of(t -> t.sum(new int[] {0, 2}, false).sum(),
                t -> t.var(new int[] {1}, true).sum(), t -> t.amax(new int[] {-1}, true).sum(), Tensor::prod,
                t -> t.softmax(0).mul(t).sum(), t -> t.logsumexp(new int[] {0, 1}, false).sum())) {
            Tensor source = x.detach();
            try (Tape tape = Tape.record()) {
                tape.watch(source);
                Tensor g = tape.gradient(f.apply(source), source).get(source);
                assertArrayEquals(x.shape(), g.shape());
                assertEquals(DType.FLOAT32, g.dtype());
            }
        }
    }
}

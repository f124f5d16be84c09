package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.check.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The functional helpers against hand-derived derivatives, finite differences and each other. */
class AutodiffTest {
    private static final Function<Tensor, Tensor> CUBES = x -> x.mul(x).mul(x).sum(); // f(x) = Σ x³
    private static final Tensor X = Tensor.of(new double[] {1, -2, 0.5}, 3);
    private static final Tensor V = Tensor.of(new double[] {0.3, 1, -2}, 3);

    /** A non-separable vector function ℝ³ → ℝ²: [Σ eˣ·x₀, Σ x²/x₁]. */
    private static Tensor mixed(Tensor x) {
        Tensor first = x.exp().sum().mul(x.reshape(3).sum(0, false)); // (Σ eˣ)(Σ x)
        Tensor second = x.mul(x).sum().div(x.exp().sum());            // Σ x² / Σ eˣ
        return first.reshape(1).expand(2).mul(Tensor.of(new double[] {1, 0}, 2))
                .add(second.reshape(1).expand(2).mul(Tensor.of(new double[] {0, 1}, 2)));
    }

    private static void assertClose(double[] expected, Tensor actual, double tol) {
        assertArrayEquals(expected, actual.toDoubleArray(), tol);
    }

    @Test
    void gradOfSumOfCubesIsThreeXSquared() {
        assertClose(new double[] {3, 12, 0.75}, Autodiff.grad(CUBES).apply(X), 1e-12);
    }

    @Test
    void valueAndGradReturnsBoth() {
        Autodiff.ValueAndGrad r = Autodiff.valueAndGrad(CUBES).apply(X);
        assertEquals(1 - 8 + 0.125, r.value().item(), 1e-12);
        assertClose(new double[] {3, 12, 0.75}, r.grad(), 1e-12);
    }

    @Test
    void gradOfGradOfACubeIsSixX() {
        Function<Tensor, Tensor> cube = x -> x.mul(x).mul(x);
        Tensor x = Tensor.scalar(1.5, DType.FLOAT64);
        assertEquals(9.0, Autodiff.grad(Autodiff.grad(cube)).apply(x).item(), 1e-12);
        assertEquals(6.0, Autodiff.grad(Autodiff.grad(Autodiff.grad(cube))).apply(x).item(), 1e-12);
    }

    @Test
    void hvpOfSumOfCubesIsSixXTimesV() {
        assertClose(new double[] {6 * 1 * 0.3, 6 * -2 * 1, 6 * 0.5 * -2}, Autodiff.hvp(CUBES, X, V), 1e-12);
    }

    @Test
    void hessianOfSumOfCubesIsDiagonalSixX() {
        Tensor h = Autodiff.hessian(CUBES, X);
        assertArrayEquals(new int[] {3, 3}, h.shape());
        assertClose(new double[] {6, 0, 0, 0, -12, 0, 0, 0, 3}, h, 1e-12);
    }

    @Test
    void hessianOfANonSeparableFunctionIsSymmetricAndMatchesHvp() {
        Function<Tensor, Tensor> f = x -> mixed(x).sum().mul(x.sum());
        Tensor h = Autodiff.hessian(f, X);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                assertEquals(h.get(i, j), h.get(j, i), 1e-10);
            }
        }
        Tensor hv = Autodiff.hvp(f, X, V);
        for (int i = 0; i < 3; i++) {
            double row = 0;
            for (int j = 0; j < 3; j++) {
                row += h.get(i, j) * V.get(j);
            }
            assertEquals(row, hv.get(i), 1e-10);
        }
    }

    @Test
    void jacobianHasShapeOutputsThenInputsAndMatchesVjpRows() {
        Tensor m = Tensor.of(new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, 2, 3);
        Tensor j = Autodiff.jacobian(x -> x.exp().sum(1, false), m); // [2] ← [2, 3]
        assertArrayEquals(new int[] {2, 2, 3}, j.shape());
        assertEquals(Math.exp(0.5), j.get(1, 1, 1), 1e-12);
        assertEquals(0.0, j.get(0, 1, 1));
        Tensor vjp = Autodiff.vjp(x -> x.exp().sum(1, false), m, Tensor.of(new double[] {2, -1}, 2));
        assertEquals(-Math.exp(0.4), vjp.get(1, 0), 1e-12);
    }

    @Test
    void jvpEqualsJacobianTimesU() {
        Tensor j = Autodiff.jacobian(AutodiffTest::mixed, X);
        Tensor jvp = Autodiff.jvp(AutodiffTest::mixed, X, V);
        assertArrayEquals(new int[] {2}, jvp.shape());
        for (int k = 0; k < 2; k++) {
            double expected = 0;
            for (int i = 0; i < 3; i++) {
                expected += j.get(k, i) * V.get(i);
            }
            assertEquals(expected, jvp.get(k), 1e-10);
        }
    }

    @Test
    void vjpAndJvpAreAdjoint() {
        Tensor w = Tensor.of(new double[] {0.7, -1.3}, 2);
        double vjpU = Autodiff.vjp(AutodiffTest::mixed, X, w).mul(V).sum().item(); // ⟨Jᵀw, u⟩
        double wJvp = Autodiff.jvp(AutodiffTest::mixed, X, V).mul(w).sum().item(); // ⟨w, Ju⟩
        assertEquals(vjpU, wJvp, 1e-10);
    }

    @Test
    void gradIsDifferentiableByAnEnclosingTape() {
        Tensor x = X.detach();
        try (Tape tape = Tape.record()) {
            tape.watch(x);
            Tensor s = Autodiff.grad(CUBES).apply(x).mul(V).sum(); // ⟨3x², v⟩
            assertClose(new double[] {6 * 0.3, 6 * -2, 6 * 0.5 * -2}, tape.gradient(s, x).get(x), 1e-12);
        }
    }

    @Test
    void gradAndHessianPassGradientChecks() {
        Function<Tensor, Tensor> f = x -> mixed(x).sum().mul(x.exp().sum());
        GradCheck.gradcheck(in -> Autodiff.grad(f).apply(in.get(0)), List.of(X));
        GradCheck.gradcheck(in -> Autodiff.jvp(AutodiffTest::mixed, in.get(0), in.get(1)), List.of(X, V));
        GradCheck.gradcheck(in -> Autodiff.hessian(f, in.get(0)), List.of(X));
    }

    /** A two-layer network's squared loss in float64, written with mul/sum broadcasting (x: [4], W1: [3, 4], b1: [3], W2: [2, 3]). */
    private static Tensor mlpLoss(List<Tensor> p) {
        Tensor x = Tensor.of(new double[] {0.5, -1, 2, 0.25}, 4);
        Tensor target = Tensor.of(new double[] {1, -0.5}, 2);
        Tensor z = p.get(0).mul(x).sum(1, false).add(p.get(1));                       // W1·x + b1
        Tensor h = Tensor.scalar(1, DType.FLOAT64).div(z.neg().exp().add(1));          // σ(z)
        Tensor out = p.get(2).mul(h).sum(1, false);                                   // W2·h
        Tensor err = out.sub(target);
        return err.mul(err).sum().add(p.get(0).mul(p.get(0)).sum().mul(0.01));      // ‖out − t‖² + 0.01‖W1‖²
    }

    @Test
    void hvpOfASmallMlpLossMatchesFiniteDifferencesOfGradients() {
        Rng rng = new Rng(17);
        List<Tensor> params = List.of(Tensor.randn(rng, DType.FLOAT64, 3, 4), Tensor.randn(rng, DType.FLOAT64, 3),
                Tensor.randn(rng, DType.FLOAT64, 2, 3));
        List<Tensor> dirs = List.of(Tensor.randn(rng, DType.FLOAT64, 3, 4), Tensor.randn(rng, DType.FLOAT64, 3),
                Tensor.randn(rng, DType.FLOAT64, 2, 3));
        List<Tensor> hvp = Autodiff.hvp(AutodiffTest::mlpLoss, params, dirs);
        double eps = 1e-5;
        List<Tensor> plus = Autodiff.gradAll(AutodiffTest::mlpLoss).apply(moved(params, dirs, eps));
        List<Tensor> minus = Autodiff.gradAll(AutodiffTest::mlpLoss).apply(moved(params, dirs, -eps));
        for (int i = 0; i < params.size(); i++) {
            assertArrayEquals(params.get(i).shape(), hvp.get(i).shape());
            assertClose(plus.get(i).sub(minus.get(i)).div(2 * eps).toDoubleArray(), hvp.get(i), 1e-6);
        }
    }

    private static List<Tensor> moved(List<Tensor> xs, List<Tensor> dirs, double step) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            out.add(xs.get(i).add(dirs.get(i).mul(step)));
        }
        return out;
    }

    @Test
    void listVariantsAgreeWithSingleTensorOnes() {
        Function<List<Tensor>, Tensor> f = in -> in.get(0).mul(in.get(1)).exp().sum();
        Tensor y = Tensor.of(new double[] {0.2, 0.1, -0.4}, 3);
        Autodiff.ValueAndGrads r = Autodiff.valueAndGradAll(f).apply(List.of(X, y));
        assertClose(Autodiff.grad(x -> x.mul(y).exp().sum()).apply(X).toDoubleArray(), r.grads().get(0), 1e-12);
        assertClose(Autodiff.grad(t -> X.mul(t).exp().sum()).apply(y).toDoubleArray(), r.grads().get(1), 1e-12);
        Tensor jvp = Autodiff.jvp(f, List.of(X, y), List.of(V, Tensor.zerosLike(y)));
        assertEquals(Autodiff.jvp(x -> x.mul(y).exp().sum(), X, V).item(), jvp.item(), 1e-12);
    }

    @Test
    void misuseIsReportedClearly() {
        IllegalArgumentException notScalar = assertThrows(IllegalArgumentException.class,
                () -> Autodiff.grad(Tensor::exp).apply(X));
        assertTrue(notScalar.getMessage().startsWith("grad: f must return a scalar, got shape [3]"), notScalar.getMessage());
        IllegalArgumentException badTangent = assertThrows(IllegalArgumentException.class,
                () -> Autodiff.jvp(Tensor::exp, X, Tensor.ones(DType.FLOAT64, 2)));
        assertTrue(badTangent.getMessage().contains("jvp: tangent 0 [2] FLOAT64 does not match input 0 [3] FLOAT64"),
                badTangent.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Autodiff.vjp(Tensor::exp, X, Tensor.ones(DType.FLOAT64, 4)));
        assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(CUBES).apply(Tensor.of(new int[] {1}, 1)));
    }

    @Test
    void helpersLeaveNoTapeOpen() {
        Autodiff.hessian(CUBES, X);
        Autodiff.jvp(CUBES, X, V);
        assertTrue(Recorder.current().tapes.isEmpty());
    }
}

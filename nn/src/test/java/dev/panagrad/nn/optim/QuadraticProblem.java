package dev.panagrad.nn.optim;

import dev.panagrad.core.DType;
import dev.panagrad.core.Gradients;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import java.util.List;

/**
 * The fixed tiny problem of the optimizer tests: parameters p₁ of shape [3] and p₂ of shape [2, 2],
 * loss L = Σ ½aᵢpᵢ² + bᵢpᵢ over both, plus c·(Σp₁)(Σp₂) to couple them. The optimizers see gradients
 * from a tape; the reference loops use the hand-derived gradient ∂L/∂p₁ᵢ = a₁ᵢp₁ᵢ + b₁ᵢ + cΣp₂ (and
 * symmetrically for p₂).
 */
final class QuadraticProblem {
    static final double[][] INITIAL = {{0.5, -1.2, 2.0}, {1.5, -0.3, 0.8, -2.1}};
    static final int[][] SHAPES = {{3}, {2, 2}};
    private static final double[][] A = {{1.0, 2.5, 0.7}, {1.2, 0.4, 3.0, 0.9}};
    private static final double[][] B = {{0.3, -0.2, 0.1}, {-0.5, 0.25, 0.0, 0.6}};
    private static final double C = 0.15;

    private QuadraticProblem() {}

    /** Fresh parameters of the given dtype holding {@link #INITIAL}. */
    static List<Tensor> parameters(DType dtype) {
        return List.of(tensor(INITIAL[0], dtype, SHAPES[0]), tensor(INITIAL[1], dtype, SHAPES[1]));
    }

    /** The initial values as the reference loops see them: rounded to {@code dtype} first. */
    static double[][] initialValues(DType dtype) {
        return new double[][] {values(parameters(dtype).get(0)), values(parameters(dtype).get(1))};
    }

    /** The loss gradient of {@code params} recorded on a tape. */
    static Gradients gradients(List<Tensor> params) {
        for (Tensor p : params) {
            p.requiresGrad(true);
        }
        DType dtype = params.get(0).dtype();
        try (Tape tape = Tape.record()) {
            Tensor loss = Tensor.scalar(0, dtype);
            for (int k = 0; k < 2; k++) {
                Tensor p = params.get(k);
                Tensor a = tensor(A[k], dtype, SHAPES[k]);
                Tensor b = tensor(B[k], dtype, SHAPES[k]);
                loss = loss.add(p.square().mul(a).mul(0.5).add(p.mul(b)).sum());   // Σ ½ap² + bp
            }
            loss = loss.add(params.get(0).sum().mul(params.get(1).sum()).mul(C));  // c (Σp₁)(Σp₂)
            return tape.gradient(loss, params);
        }
    }

    /** The hand-derived gradient at {@code p}. */
    static double[][] gradients(double[][] p) {
        double[] sums = {sum(p[0]), sum(p[1])};
        double[][] g = new double[2][];
        for (int k = 0; k < 2; k++) {
            g[k] = new double[p[k].length];
            for (int i = 0; i < p[k].length; i++) {
                g[k][i] = A[k][i] * p[k][i] + B[k][i] + C * sums[1 - k];
            }
        }
        return g;
    }

    static double[] values(Tensor t) {
        return t.toDoubleArray();
    }

    private static Tensor tensor(double[] values, DType dtype, int[] shape) {
        Tensor t = Tensor.of(values, shape);
        return dtype == DType.FLOAT64 ? t : t.to(dtype);
    }

    private static double sum(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s;
    }
}

package dev.panagrad.core.check;

import dev.panagrad.core.DType;
import dev.panagrad.core.Gradients;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Compares the tape's gradients of a function with float64 central differences, as PyTorch's
 * {@code gradcheck}: element-wise {@code |analytic − numeric| ≤ atol + rtol·|numeric|} with
 * eps = 1e-6, atol = 1e-5, rtol = 1e-3 by default. A failure names the input, the worst element's
 * index, and both values.
 *
 * {@snippet :
 * Tensor x = Tensor.randn(new Rng(1), DType.FLOAT64, 3, 4);
 * GradCheck.gradcheck(in -> in.get(0).tanh().sum(), List.of(x)); // throws GradCheckFailure if wrong
 * }
 */
public final class GradCheck {
    /** Default finite-difference step. */
    public static final double EPS = 1e-6;
    /** Default absolute tolerance. */
    public static final double ATOL = 1e-5;
    /** Default relative tolerance. */
    public static final double RTOL = 1e-3;

    private GradCheck() {}

    /** Full-Jacobian check of every floating input, with the default tolerances. */
    public static void gradcheck(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        gradcheck(f, inputs, EPS, ATOL, RTOL);
    }

    /**
     * Full-Jacobian check: one reverse pass per output element against one central difference per
     * input element. Inputs must be FLOAT64 (INT32 inputs are passed through unchecked).
     *
     * @throws GradCheckFailure when an element is outside {@code atol + rtol·|numeric|}
     */
    public static void gradcheck(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double eps, double atol, double rtol) {
        List<Integer> checked = floatingInputs(inputs);
        Tensor out = f.apply(inputs);
        int m = out.numel();
        for (int idx : checked) {
            Tensor x = inputs.get(idx);
            int n = x.numel();
            double[][] numeric = new double[m][n];
            double[] base = x.toDoubleArray();
            for (int j = 0; j < n; j++) {
                double[] plus = evaluate(f, inputs, idx, base, j, eps);
                double[] minus = evaluate(f, inputs, idx, base, j, -eps);
                for (int k = 0; k < m; k++) {
                    numeric[k][j] = (plus[k] - minus[k]) / (2 * eps);
                }
            }
            for (int k = 0; k < m; k++) {
                double[] analytic = analyticRow(f, inputs, idx, k);
                for (int j = 0; j < n; j++) {
                    double a = analytic[j];
                    double num = numeric[k][j];
                    if (!(Math.abs(a - num) <= atol + rtol * Math.abs(num))) {
                        throw new GradCheckFailure("gradcheck: Jacobian mismatch for input " + idx + " of shape "
                                + Arrays.toString(x.shape()) + " at output element " + k + ", input element " + j
                                + ": analytic " + a + ", numeric " + num + " (atol " + atol + ", rtol " + rtol + ")");
                    }
                }
            }
        }
    }

    private static List<Integer> floatingInputs(List<Tensor> inputs) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            DType d = inputs.get(i).dtype();
            if (d == DType.FLOAT64) {
                idx.add(i);
            } else if (d != DType.INT32) {
                throw new IllegalArgumentException("gradcheck: inputs must be FLOAT64 for finite differences, input " + i
                        + " is " + d);
            }
        }
        return idx;
    }

    private static double[] evaluate(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int idx, double[] base, int j,
            double delta) {
        double[] v = base.clone();
        v[j] += delta;
        List<Tensor> args = new ArrayList<>(inputs);
        args.set(idx, Tensor.of(v, inputs.get(idx).shape()));
        return f.apply(args).toDoubleArray();
    }

    private static double[] analyticRow(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int idx, int k) {
        List<Tensor> args = new ArrayList<>(inputs);
        Tensor source = inputs.get(idx).detach();
        args.set(idx, source);
        try (Tape tape = Tape.record()) {
            tape.watch(source);
            Tensor out = f.apply(args);
            double[] onehot = new double[out.numel()];
            onehot[k] = 1;
            Gradients g = tape.gradient(out, Tensor.of(onehot, out.shape()).to(out.dtype()), List.of(source));
            return g.get(source).toDoubleArray();
        }
    }
}

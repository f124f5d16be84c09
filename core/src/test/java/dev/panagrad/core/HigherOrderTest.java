package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Gradients computed under an enclosing tape are themselves differentiable, to any order. */
class HigherOrderTest {

    @Test
    void readmeQuickstartGivesGradientAndHessianVectorProduct() {
        Tensor x = Tensor.of(new double[] {1, 2, 3}, 3).requiresGrad(true);
        try (Tape outer = Tape.record()) {
            Tensor g;
            try (Tape inner = Tape.record()) {
                Tensor f = x.mul(x).mul(x).sum();
                g = inner.gradient(f, x).get(x);
            }
            assertArrayEquals(new double[] {3, 12, 27}, g.toDoubleArray());
            Tensor v = Tensor.of(new double[] {1, 0, 0}, 3);
            Tensor hv = outer.gradient(g.mul(v).sum(), x).get(x);
            assertArrayEquals(new double[] {6, 0, 0}, hv.toDoubleArray());
        }
    }

    @Test
    void thirdDerivativeOfExp() {
        Tensor x = Tensor.scalar(0.7, DType.FLOAT64).requiresGrad(true);
        try (Tape t3 = Tape.record()) {
            Tensor d2;
            try (Tape t2 = Tape.record()) {
                Tensor d1;
                try (Tape t1 = Tape.record()) {
                    d1 = t1.gradient(x.exp().mul(x), x).get(x); // (1 + x) eˣ
                }
                d2 = t2.gradient(d1, x).get(x); // (2 + x) eˣ
            }
            Tensor d3 = t3.gradient(d2, x).get(x); // (3 + x) eˣ
            assertEquals(2.7 * Math.exp(0.7), d2.item(), 1e-12);
            assertEquals(3.7 * Math.exp(0.7), d3.item(), 1e-12);
        }
    }

    @Test
    void gradientPenaltyIsDifferentiable() {
        // WGAN-GP style: penalty = (‖∇ₓ D(x)‖² − 1)², D(x) = Σ w ⊙ x², differentiated w.r.t. w.
        Tensor w = Tensor.of(new double[] {0.5, -1.5, 2.0}, 3).requiresGrad(true);
        Tensor x = Tensor.of(new double[] {0.3, 0.2, -0.4}, 3);
        double[] analytic;
        try (Tape outer = Tape.record()) {
            Tensor penalty = penalty(w, x);
            analytic = outer.gradient(penalty, w).get(w).toDoubleArray();
        }
        double h = 1e-6;
        for (int i = 0; i < 3; i++) {
            double[] plus = w.toDoubleArray();
            double[] minus = w.toDoubleArray();
            plus[i] += h;
            minus[i] -= h;
            double numeric = (penaltyValue(plus, x) - penaltyValue(minus, x)) / (2 * h);
            assertEquals(numeric, analytic[i], 1e-6 + 1e-6 * Math.abs(numeric));
        }
    }

    private static Tensor penalty(Tensor w, Tensor x) {
        Tensor xs = x.detach();
        Tensor gx;
        try (Tape inner = Tape.record()) {
            inner.watch(xs);
            Tensor d = w.mul(xs).mul(xs).sum();
            gx = inner.gradient(d, xs).get(xs);
        }
        Tensor norm2 = gx.mul(gx).sum();
        Tensor dev = norm2.sub(1.0);
        return dev.mul(dev);
    }

    private static double penaltyValue(double[] w, Tensor x) {
        return penalty(Tensor.of(w, 3), x).item();
    }

    /**
     * relu's and leakyRelu's one-pass gradient op: equal bitwise to the composition
     * {@code where(x.gt(0), g, leaky ? g·slope : 0)} it replaces, and differentiable again in g
     * (a Hessian-vector product through relu(x)·y), with zeros, NaN and ±∞ among the inputs.
     */
    @Test
    void reluGradientIsOnePassAndDifferentiableAgain() {
        double[] xs = {-2, -0.0, 0, 0.5, Double.NaN, 3, Double.POSITIVE_INFINITY, -1e-30, 7, -4, 1, 2, -3, 0.25, 9, -8, 5};
        for (DType dtype : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            for (double slope : new double[] {0, 0.2}) {
                Tensor x = Tensor.of(xs, xs.length).to(dtype).requiresGrad(true);
                Tensor y = Tensor.of(new double[] {1, -2, 3, 4, 5, -6, 7, 8, 9, 1, 2, 3, 4, 5, 6, 7, 8}, xs.length).to(dtype)
                        .requiresGrad(true);
                try (Tape outer = Tape.record()) {
                    Tensor gx;
                    try (Tape inner = Tape.record()) {
                        Tensor a = slope == 0 ? x.relu() : x.leakyRelu(slope);
                        gx = inner.gradient(a.mul(y).sum(), x).get(x); // relu'(x)·y
                    }
                    Tensor mask = x.detach().gt(0);
                    Tensor y0 = y.detach();
                    Tensor expected = slope == 0 ? Tensor.where(mask, y0, 0) : Tensor.where(mask, y0, y0.mul(slope));
                    assertArrayEquals(expected.toDoubleArray(), gx.toDoubleArray(), 0, dtype + " slope " + slope);
                    // ∂/∂y of sum(relu'(x)·y·v) = relu'(x)·v
                    Tensor v = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}, xs.length).to(dtype);
                    Tensor hv = outer.gradient(gx.mul(v).sum(), y).get(y);
                    Tensor expectedHv = slope == 0 ? Tensor.where(mask, v, 0) : Tensor.where(mask, v, v.mul(slope));
                    assertArrayEquals(expectedHv.toDoubleArray(), hv.toDoubleArray(), 0, dtype + " slope " + slope);
                }
            }
        }
    }
}

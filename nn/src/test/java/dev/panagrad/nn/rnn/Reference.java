package dev.panagrad.nn.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panagrad.core.Tensor;

/**
 * Straightforward double loops of PyTorch's documented cell formulas, independent of the library's
 * tensor code, and assertion helpers. Weights are row-major: {@code w[k * cols + j]} is row k, column j;
 * gate blocks are rows {@code [gate·H, (gate+1)·H)}.
 */
final class Reference {
    private Reference() {}

    /** {@code w·v + b} for w [rows, v.length] (b may be null). */
    static double[] affine(double[] w, double[] v, double[] b) {
        int rows = w.length / v.length;
        double[] out = new double[rows];
        for (int k = 0; k < rows; k++) {
            double s = b == null ? 0 : b[k];
            for (int j = 0; j < v.length; j++) {
                s += w[k * v.length + j] * v[j];
            }
            out[k] = s;
        }
        return out;
    }

    static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** h' = tanh or relu of (W_ih x + b_ih + W_hh h + b_hh). */
    static double[] rnn(double[] x, double[] h, double[] wih, double[] whh, double[] bih, double[] bhh, boolean relu) {
        double[] a = affine(wih, x, bih);
        double[] b = affine(whh, h, bhh);
        double[] out = new double[h.length];
        for (int u = 0; u < h.length; u++) {
            double v = a[u] + b[u];
            out[u] = relu ? Math.max(0, v) : Math.tanh(v);
        }
        return out;
    }

    /** {h', c'} with gates i, f, g, o in that order. */
    static double[][] lstm(double[] x, double[] h, double[] c, double[] wih, double[] whh, double[] bih,
            double[] bhh) {
        int n = h.length;
        double[] a = affine(wih, x, bih);
        double[] b = affine(whh, h, bhh);
        double[] h2 = new double[n];
        double[] c2 = new double[n];
        for (int u = 0; u < n; u++) {
            double i = sigmoid(a[u] + b[u]);
            double f = sigmoid(a[n + u] + b[n + u]);
            double g = Math.tanh(a[2 * n + u] + b[2 * n + u]);
            double o = sigmoid(a[3 * n + u] + b[3 * n + u]);
            c2[u] = f * c[u] + i * g;
            h2[u] = o * Math.tanh(c2[u]);
        }
        return new double[][] {h2, c2};
    }

    /** h' with gates r, z, n: n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)), h' = (1 − z) n + z h. */
    static double[] gru(double[] x, double[] h, double[] wih, double[] whh, double[] bih, double[] bhh) {
        int n = h.length;
        double[] a = affine(wih, x, bih);
        double[] b = affine(whh, h, bhh);
        double[] out = new double[n];
        for (int u = 0; u < n; u++) {
            double r = sigmoid(a[u] + b[u]);
            double z = sigmoid(a[n + u] + b[n + u]);
            double cand = Math.tanh(a[2 * n + u] + r * b[2 * n + u]);
            out[u] = (1 - z) * cand + z * h[u];
        }
        return out;
    }

    /** Row {@code i} of a row-major [rows, cols] array. */
    static double[] row(double[] values, int cols, int i) {
        double[] out = new double[cols];
        System.arraycopy(values, i * cols, out, 0, cols);
        return out;
    }

    /** The values of a nullable tensor (null for null). */
    static double[] values(Tensor t) {
        return t == null ? null : t.toDoubleArray();
    }

    /** Same shape and values within {@code tol}. */
    static void assertClose(Tensor expected, Tensor actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        double[] e = expected.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int k = 0; k < e.length; k++) {
            assertEquals(e[k], a[k], tol, "element " + k);
        }
    }

    /** Same values within {@code tol}. */
    static void assertClose(double[] expected, Tensor actual, double tol) {
        assertArrayEquals(expected, actual.toDoubleArray(), tol);
    }
}

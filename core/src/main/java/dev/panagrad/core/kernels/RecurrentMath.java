package dev.panagrad.core.kernels;

/**
 * The per-element definition of the fused recurrent-cell kernels ({@link RecurrentKernels}): the scalar
 * kernels call these in their loops and the SIMD kernels in their tails, and the SIMD bodies evaluate
 * the same formulas lane by lane (same operations in the same order).
 *
 * <p>Each method handles element {@code j} of row {@code row}, for hidden size H. Pre-activations are
 * {@code gi + gh}; activations are {@link ElementwiseMath#sigmoid} and {@link Math#tanh}, rounded to
 * float for float data, and the rest is float (or double) arithmetic in the order the composition of
 * single ops ({@code add}, {@code sigmoid}, {@code tanh}, {@code mul}, …) performs it, so a forward
 * value equals that composition's scalar result bitwise.
 */
public final class RecurrentMath {
    private RecurrentMath() {}

    /** σ(x), computed in double and rounded once, as the scalar sigmoid kernel does. */
    public static float sigmoid(float x) {
        return (float) ElementwiseMath.sigmoid(x);
    }

    /** tanh x, computed in double and rounded once, as the scalar tanh kernel does. */
    public static float tanh(float x) {
        return (float) Math.tanh(x);
    }

    /**
     * LSTM forward, gates i, f, g, o at {@code row·4H + {0, H, 2H, 3H} + j} of gi + gh, c at
     * {@code row·H + j}: {@code c' = σ(f)·c + σ(i)·tanh(g)} and {@code h' = σ(o)·tanh(c')} written to
     * {@code out[row·2H + j]} (h') and {@code out[row·2H + H + j]} (c').
     */
    public static void lstm(float[] gi, float[] gh, float[] c, float[] out, int hidden, int row, int j) {
        int a = row * 4 * hidden + j;
        float i = sigmoid(gi[a] + gh[a]);
        float f = sigmoid(gi[a + hidden] + gh[a + hidden]);
        float g = tanh(gi[a + 2 * hidden] + gh[a + 2 * hidden]);
        float o = sigmoid(gi[a + 3 * hidden] + gh[a + 3 * hidden]);
        float cNext = f * c[row * hidden + j] + i * g;
        int at = row * 2 * hidden + j;
        out[at] = o * tanh(cNext);
        out[at + hidden] = cNext;
    }

    /** {@link #lstm(float[], float[], float[], float[], int, int, int)} in double. */
    public static void lstm(double[] gi, double[] gh, double[] c, double[] out, int hidden, int row, int j) {
        int a = row * 4 * hidden + j;
        double i = ElementwiseMath.sigmoid(gi[a] + gh[a]);
        double f = ElementwiseMath.sigmoid(gi[a + hidden] + gh[a + hidden]);
        double g = Math.tanh(gi[a + 2 * hidden] + gh[a + 2 * hidden]);
        double o = ElementwiseMath.sigmoid(gi[a + 3 * hidden] + gh[a + 3 * hidden]);
        double cNext = f * c[row * hidden + j] + i * g;
        int at = row * 2 * hidden + j;
        out[at] = o * Math.tanh(cNext);
        out[at + hidden] = cNext;
    }

    /**
     * LSTM backward from the gradient {@code grad} of {@code out} (h' then c', laid out as {@code out}),
     * with the activations recomputed from gi + gh and t = tanh(c') from {@code out}:
     * {@code dc' = g_c + g_h·o·(1 − t²)}; into {@code dGates} (laid out as gi) {@code di = dc'·g·i·(1 − i)},
     * {@code df = dc'·c·f·(1 − f)}, {@code dg = dc'·i·(1 − g²)}, {@code do = g_h·t·o·(1 − o)}; into
     * {@code dc} (laid out as c) {@code dc'·f}.
     */
    public static void lstmBackward(float[] gi, float[] gh, float[] c, float[] out, float[] grad, float[] dGates, float[] dc,
            int hidden, int row, int j) {
        int a = row * 4 * hidden + j;
        int k = row * hidden + j;
        int at = row * 2 * hidden + j;
        float i = sigmoid(gi[a] + gh[a]);
        float f = sigmoid(gi[a + hidden] + gh[a + hidden]);
        float g = tanh(gi[a + 2 * hidden] + gh[a + 2 * hidden]);
        float o = sigmoid(gi[a + 3 * hidden] + gh[a + 3 * hidden]);
        float t = tanh(out[at + hidden]);
        float gH = grad[at];
        float dcNext = grad[at + hidden] + gH * o * (1 - t * t);
        dGates[a] = dcNext * g * i * (1 - i);
        dGates[a + hidden] = dcNext * c[k] * f * (1 - f);
        dGates[a + 2 * hidden] = dcNext * i * (1 - g * g);
        dGates[a + 3 * hidden] = gH * t * o * (1 - o);
        dc[k] = dcNext * f;
    }

    /** {@link #lstmBackward(float[], float[], float[], float[], float[], float[], float[], int, int, int)} in double. */
    public static void lstmBackward(double[] gi, double[] gh, double[] c, double[] out, double[] grad, double[] dGates,
            double[] dc, int hidden, int row, int j) {
        int a = row * 4 * hidden + j;
        int k = row * hidden + j;
        int at = row * 2 * hidden + j;
        double i = ElementwiseMath.sigmoid(gi[a] + gh[a]);
        double f = ElementwiseMath.sigmoid(gi[a + hidden] + gh[a + hidden]);
        double g = Math.tanh(gi[a + 2 * hidden] + gh[a + 2 * hidden]);
        double o = ElementwiseMath.sigmoid(gi[a + 3 * hidden] + gh[a + 3 * hidden]);
        double t = Math.tanh(out[at + hidden]);
        double gH = grad[at];
        double dcNext = grad[at + hidden] + gH * o * (1 - t * t);
        dGates[a] = dcNext * g * i * (1 - i);
        dGates[a + hidden] = dcNext * c[k] * f * (1 - f);
        dGates[a + 2 * hidden] = dcNext * i * (1 - g * g);
        dGates[a + 3 * hidden] = gH * t * o * (1 - o);
        dc[k] = dcNext * f;
    }

    /**
     * GRU forward, gates r, z, n at {@code row·3H + {0, H, 2H} + j} of gi and gh, h at {@code row·H + j}:
     * {@code r = σ(gi_r + gh_r)}, {@code z = σ(gi_z + gh_z)}, {@code n = tanh(gi_n + r·gh_n)} and
     * {@code h' = n + z·(h − n)} (= (1 − z)·n + z·h) written to {@code out[row·H + j]}.
     */
    public static void gru(float[] gi, float[] gh, float[] h, float[] out, int hidden, int row, int j) {
        int a = row * 3 * hidden + j;
        int k = row * hidden + j;
        float r = sigmoid(gi[a] + gh[a]);
        float z = sigmoid(gi[a + hidden] + gh[a + hidden]);
        float n = tanh(gi[a + 2 * hidden] + r * gh[a + 2 * hidden]);
        out[k] = n + z * (h[k] - n);
    }

    /** {@link #gru(float[], float[], float[], float[], int, int, int)} in double. */
    public static void gru(double[] gi, double[] gh, double[] h, double[] out, int hidden, int row, int j) {
        int a = row * 3 * hidden + j;
        int k = row * hidden + j;
        double r = ElementwiseMath.sigmoid(gi[a] + gh[a]);
        double z = ElementwiseMath.sigmoid(gi[a + hidden] + gh[a + hidden]);
        double n = Math.tanh(gi[a + 2 * hidden] + r * gh[a + 2 * hidden]);
        out[k] = n + z * (h[k] - n);
    }

    /**
     * GRU backward from the gradient {@code grad} of h' (laid out as h), with r, z, n recomputed:
     * {@code dn = g·(1 − z)·(1 − n²)}, {@code dz = g·(h − n)·z·(1 − z)}, {@code dr = dn·gh_n·r·(1 − r)};
     * {@code dGi} gets dr, dz, dn and {@code dGh} dr, dz, dn·r (laid out as gi, gh); {@code dh} gets g·z.
     */
    public static void gruBackward(float[] gi, float[] gh, float[] h, float[] grad, float[] dGi, float[] dGh, float[] dh,
            int hidden, int row, int j) {
        int a = row * 3 * hidden + j;
        int k = row * hidden + j;
        float r = sigmoid(gi[a] + gh[a]);
        float z = sigmoid(gi[a + hidden] + gh[a + hidden]);
        float hn = gh[a + 2 * hidden];
        float n = tanh(gi[a + 2 * hidden] + r * hn);
        float g = grad[k];
        float dn = g * (1 - z) * (1 - n * n);
        float dz = g * (h[k] - n) * z * (1 - z);
        float dr = dn * hn * r * (1 - r);
        dGi[a] = dr;
        dGi[a + hidden] = dz;
        dGi[a + 2 * hidden] = dn;
        dGh[a] = dr;
        dGh[a + hidden] = dz;
        dGh[a + 2 * hidden] = dn * r;
        dh[k] = g * z;
    }

    /** {@link #gruBackward(float[], float[], float[], float[], float[], float[], float[], int, int, int)} in double. */
    public static void gruBackward(double[] gi, double[] gh, double[] h, double[] grad, double[] dGi, double[] dGh,
            double[] dh, int hidden, int row, int j) {
        int a = row * 3 * hidden + j;
        int k = row * hidden + j;
        double r = ElementwiseMath.sigmoid(gi[a] + gh[a]);
        double z = ElementwiseMath.sigmoid(gi[a + hidden] + gh[a + hidden]);
        double hn = gh[a + 2 * hidden];
        double n = Math.tanh(gi[a + 2 * hidden] + r * hn);
        double g = grad[k];
        double dn = g * (1 - z) * (1 - n * n);
        double dz = g * (h[k] - n) * z * (1 - z);
        double dr = dn * hn * r * (1 - r);
        dGi[a] = dr;
        dGi[a + hidden] = dz;
        dGi[a + 2 * hidden] = dn;
        dGh[a] = dr;
        dGh[a + hidden] = dz;
        dGh[a + 2 * hidden] = dn * r;
        dh[k] = g * z;
    }
}

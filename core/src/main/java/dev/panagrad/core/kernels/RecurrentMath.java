package dev.panagrad.core.kernels;

/**
 * The per-element arithmetic of the recurrent-cell kernels ({@link RecurrentPasses}) on a row's
 * activations: the scalar passes call these in their loops and the SIMD passes in their tails, and the
 * SIMD bodies evaluate the same formulas lane by lane (same operations in the same order).
 *
 * <p>{@code act} holds a row's activations from offset {@code ao}, for hidden size H: LSTM i, f, g, o,
 * t = tanh c' at {@code 0, H, 2H, 3H, 4H}; GRU r, z, n at {@code 0, H, 2H}. Each method handles hidden
 * unit {@code j}; other arrays are addressed by their row offsets.
 */
public final class RecurrentMath {
    private RecurrentMath() {}

    /** LSTM: {@code out[oo + j] = c' = f·c + i·g}. */
    public static void lstmCell(float[] act, int ao, float[] c, int co, float[] out, int oo, int hidden, int j) {
        out[oo + j] = act[ao + hidden + j] * c[co + j] + act[ao + j] * act[ao + 2 * hidden + j];
    }

    /** {@link #lstmCell(float[], int, float[], int, float[], int, int, int)} in double. */
    public static void lstmCell(double[] act, int ao, double[] c, int co, double[] out, int oo, int hidden, int j) {
        out[oo + j] = act[ao + hidden + j] * c[co + j] + act[ao + j] * act[ao + 2 * hidden + j];
    }

    /**
     * LSTM backward from the gradients g_h = {@code grad[go + j]} of h' and g_c = {@code grad[go + H + j]}
     * of c': {@code dc' = g_c + g_h·o·(1 − t²)}; into {@code dGates} at {@code a + {0, H, 2H, 3H} + j}
     * {@code di = dc'·g·i·(1 − i)}, {@code df = dc'·c·f·(1 − f)}, {@code dg = dc'·i·(1 − g²)},
     * {@code do = g_h·t·o·(1 − o)}; into {@code dc[dco + j]} {@code dc'·f}.
     */
    public static void lstmGradients(float[] act, int ao, float[] c, int co, float[] grad, int go, float[] dGates, int a,
            float[] dc, int dco, int hidden, int j) {
        float i = act[ao + j], f = act[ao + hidden + j], g = act[ao + 2 * hidden + j];
        float o = act[ao + 3 * hidden + j], t = act[ao + 4 * hidden + j];
        float gH = grad[go + j];
        float dcNext = grad[go + hidden + j] + gH * o * (1 - t * t);
        dGates[a + j] = dcNext * g * i * (1 - i);
        dGates[a + hidden + j] = dcNext * c[co + j] * f * (1 - f);
        dGates[a + 2 * hidden + j] = dcNext * i * (1 - g * g);
        dGates[a + 3 * hidden + j] = gH * t * o * (1 - o);
        dc[dco + j] = dcNext * f;
    }

    /** {@link #lstmGradients(float[], int, float[], int, float[], int, float[], int, float[], int, int, int)} in double. */
    public static void lstmGradients(double[] act, int ao, double[] c, int co, double[] grad, int go, double[] dGates, int a,
            double[] dc, int dco, int hidden, int j) {
        double i = act[ao + j], f = act[ao + hidden + j], g = act[ao + 2 * hidden + j];
        double o = act[ao + 3 * hidden + j], t = act[ao + 4 * hidden + j];
        double gH = grad[go + j];
        double dcNext = grad[go + hidden + j] + gH * o * (1 - t * t);
        dGates[a + j] = dcNext * g * i * (1 - i);
        dGates[a + hidden + j] = dcNext * c[co + j] * f * (1 - f);
        dGates[a + 2 * hidden + j] = dcNext * i * (1 - g * g);
        dGates[a + 3 * hidden + j] = gH * t * o * (1 - o);
        dc[dco + j] = dcNext * f;
    }

    /** GRU: {@code out[ok + j] = h' = n + z·(h − n)} with h = {@code h[hk + j]}, which is (1 − z)·n + z·h. */
    public static void gruMix(float[] act, int ao, float[] h, int hk, float[] out, int ok, int hidden, int j) {
        float n = act[ao + 2 * hidden + j];
        out[ok + j] = n + act[ao + hidden + j] * (h[hk + j] - n);
    }

    /** {@link #gruMix(float[], int, float[], int, float[], int, int, int)} in double. */
    public static void gruMix(double[] act, int ao, double[] h, int hk, double[] out, int ok, int hidden, int j) {
        double n = act[ao + 2 * hidden + j];
        out[ok + j] = n + act[ao + hidden + j] * (h[hk + j] - n);
    }

    /**
     * GRU backward from the gradient g = {@code grad[gk + j]} of h' and h = {@code h[hk + j]}:
     * {@code dn = g·(1 − z)·(1 − n²)}, {@code dz = g·(h − n)·z·(1 − z)}, {@code dr = dn·gh_n·r·(1 − r)} with
     * gh_n = {@code gh[ga + 2H + j]}; {@code dGi} gets dr, dz, dn and {@code dGh} dr, dz, dn·r at
     * {@code da + {0, H, 2H} + j}; {@code dh[dk + j]} gets g·z.
     */
    public static void gruGradients(float[] act, int ao, float[] gh, int ga, float[] h, int hk, float[] grad, int gk, float[] dGi,
            float[] dGh, int da, float[] dh, int dk, int hidden, int j) {
        float r = act[ao + j], z = act[ao + hidden + j], n = act[ao + 2 * hidden + j];
        float g = grad[gk + j];
        float dn = g * (1 - z) * (1 - n * n);
        float dz = g * (h[hk + j] - n) * z * (1 - z);
        float dr = dn * gh[ga + 2 * hidden + j] * r * (1 - r);
        dGi[da + j] = dr;
        dGi[da + hidden + j] = dz;
        dGi[da + 2 * hidden + j] = dn;
        dGh[da + j] = dr;
        dGh[da + hidden + j] = dz;
        dGh[da + 2 * hidden + j] = dn * r;
        dh[dk + j] = g * z;
    }

    /**
     * {@link #gruGradients(float[], int, float[], int, float[], int, float[], int, float[], float[], int, float[], int, int, int)}
     * in double.
     */
    public static void gruGradients(double[] act, int ao, double[] gh, int ga, double[] h, int hk, double[] grad, int gk, double[] dGi,
            double[] dGh, int da, double[] dh, int dk, int hidden, int j) {
        double r = act[ao + j], z = act[ao + hidden + j], n = act[ao + 2 * hidden + j];
        double g = grad[gk + j];
        double dn = g * (1 - z) * (1 - n * n);
        double dz = g * (h[hk + j] - n) * z * (1 - z);
        double dr = dn * gh[ga + 2 * hidden + j] * r * (1 - r);
        dGi[da + j] = dr;
        dGi[da + hidden + j] = dz;
        dGi[da + 2 * hidden + j] = dn;
        dGh[da + j] = dr;
        dGh[da + hidden + j] = dz;
        dGh[da + 2 * hidden + j] = dn * r;
        dh[dk + j] = g * z;
    }
}

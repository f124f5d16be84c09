package dev.panagrad.core.kernels;

/**
 * The gate math of the LSTM and GRU cells, fused into one call over rows of pre-activation gates
 * (PyTorch's {@code _thnn_fused_lstm_cell} and {@code _thnn_fused_gru_cell}); implemented by
 * {@link RecurrentPasses}. Arrays are row-major and each call reads and writes only the rows it is given:
 * <ul>
 *   <li>LSTM: {@code gi}, {@code gh} and {@code dGates} rows of 4H (gates i, f, g, o), {@code c} and
 *       {@code dc} rows of H, {@code out} and {@code grad} rows of 2H (h' then c'), {@code saved} rows
 *       of 5H (i, f, g, o and tanh c', the activations). Each array is addressed by its own offset, and
 *       the states by their own row stride, so a sequence op can run one time step of a [T, N, …] buffer
 *       against states that live inside another;</li>
 *   <li>GRU: rows {@code [from, to)} of {@code gi}, {@code gh}, {@code dGi} and {@code dGh} (3H, gates
 *       r, z, n), {@code h}, {@code out}, {@code grad} and {@code dh} (H) and {@code saved} (3H: r, z, n).</li>
 * </ul>
 * The forward kernels can save their activations, so the backward kernels are arithmetic only (as
 * PyTorch's fused cells keep a workspace). Output arrays must not alias input arrays.
 */
public interface RecurrentKernels {
    /** The implementation chosen at start-up. */
    RecurrentKernels INSTANCE = Kernels.choose(RecurrentKernels.class, new ScalarRecurrent(), "VectorRecurrent");

    /**
     * LSTM forward on {@code rows} rows: with a = gi + gh, {@code c' = σ(a_f)·c + σ(a_i)·tanh(a_g)} and
     * {@code h' = σ(a_o)·tanh(c')}, written to {@code out}; the activations to {@code saved} unless it is null.
     * Row r starts at {@code giOff + r·4H}, {@code ghOff + r·4H}, {@code cOff + r·cStride},
     * {@code outOff + r·2H} and {@code savedOff + r·5H}.
     */
    void lstm(float[] gi, int giOff, float[] gh, int ghOff, float[] c, int cOff, int cStride, float[] out, int outOff,
            float[] saved, int savedOff, int hidden, int rows);

    /** {@link #lstm(float[], int, float[], int, float[], int, int, float[], int, float[], int, int, int)} in double. */
    void lstm(double[] gi, int giOff, double[] gh, int ghOff, double[] c, int cOff, int cStride, double[] out, int outOff,
            double[] saved, int savedOff, int hidden, int rows);

    /**
     * LSTM backward on {@code rows} rows from the activations {@code saved} by the forward kernel and the
     * gradient {@code grad} of {@code out}: the gradient of a = gi + gh into {@code dGates} and that of c into
     * {@code dc}, see
     * {@link RecurrentMath#lstmGradients(float[], int, float[], int, float[], int, float[], int, float[], int, int, int)}.
     * Row r starts at {@code savedOff + r·5H}, {@code cOff + r·cStride}, {@code gradOff + r·2H},
     * {@code dGatesOff + r·4H} and {@code dcOff + r·dcStride}.
     */
    void lstmBackward(float[] saved, int savedOff, float[] c, int cOff, int cStride, float[] grad, int gradOff, float[] dGates,
            int dGatesOff, float[] dc, int dcOff, int dcStride, int hidden, int rows);

    /**
     * {@link #lstmBackward(float[], int, float[], int, int, float[], int, float[], int, float[], int, int, int, int)}
     * in double.
     */
    void lstmBackward(double[] saved, int savedOff, double[] c, int cOff, int cStride, double[] grad, int gradOff,
            double[] dGates, int dGatesOff, double[] dc, int dcOff, int dcStride, int hidden, int rows);

    /**
     * GRU forward: {@code r = σ(gi_r + gh_r)}, {@code z = σ(gi_z + gh_z)}, {@code n = tanh(gi_n + r·gh_n)}
     * and {@code h' = n + z·(h − n)}, written to {@code out}; r, z, n to {@code saved} unless it is null.
     */
    void gru(float[] gi, float[] gh, float[] h, float[] out, float[] saved, int hidden, int from, int to);

    /** {@link #gru(float[], float[], float[], float[], float[], int, int, int)} in double. */
    void gru(double[] gi, double[] gh, double[] h, double[] out, double[] saved, int hidden, int from, int to);

    /**
     * GRU backward from the activations {@code saved} by the forward kernel and the gradient
     * {@code grad} of h': the gradients of gi, gh and h into {@code dGi}, {@code dGh} and {@code dh}, see
     * {@link RecurrentMath#gruGradients(float[], int, float[], int, float[], int, float[], float[], float[], float[], int, int)}.
     */
    void gruBackward(float[] saved, float[] gh, float[] h, float[] grad, float[] dGi, float[] dGh, float[] dh, int hidden,
            int from, int to);

    /** {@link #gruBackward(float[], float[], float[], float[], float[], float[], float[], int, int, int)} in double. */
    void gruBackward(double[] saved, double[] gh, double[] h, double[] grad, double[] dGi, double[] dGh, double[] dh,
            int hidden, int from, int to);
}

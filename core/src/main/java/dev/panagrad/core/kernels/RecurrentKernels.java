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
 *   <li>GRU: {@code gi}, {@code gh}, {@code dGi} and {@code dGh} rows of 3H (gates r, z, n), {@code h},
 *       {@code out}, {@code grad} and {@code dh} rows of H, {@code saved} rows of 3H (r, z, n), each array
 *       addressed by its own offset.</li>
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
     * GRU forward on {@code rows} rows: {@code r = σ(gi_r + gh_r)}, {@code z = σ(gi_z + gh_z)},
     * {@code n = tanh(gi_n + r·gh_n)} and {@code h' = n + z·(h − n)}, written to {@code out}; r, z, n to
     * {@code saved} unless it is null. Row i starts at {@code giOff + i·3H}, {@code ghOff + i·3H},
     * {@code hOff + i·H}, {@code outOff + i·H} and {@code savedOff + i·3H}.
     */
    void gru(float[] gi, int giOff, float[] gh, int ghOff, float[] h, int hOff, float[] out, int outOff, float[] saved,
            int savedOff, int hidden, int rows);

    /** {@link #gru(float[], int, float[], int, float[], int, float[], int, float[], int, int, int)} in double. */
    void gru(double[] gi, int giOff, double[] gh, int ghOff, double[] h, int hOff, double[] out, int outOff, double[] saved,
            int savedOff, int hidden, int rows);

    /**
     * GRU backward on {@code rows} rows from the activations {@code saved} by the forward kernel and the
     * gradient {@code grad} of h': the gradients of gi, gh and h into {@code dGi}, {@code dGh} and {@code dh}, see
     * {@link RecurrentMath#gruGradients(float[], int, float[], int, float[], int, float[], int, float[], float[], int, float[], int, int, int)}.
     * Row i starts at {@code savedOff + i·3H}, {@code ghOff + i·3H}, {@code hOff + i·H}, {@code gradOff + i·H},
     * {@code dOff + i·3H} (both dGi and dGh) and {@code dhOff + i·H}.
     */
    void gruBackward(float[] saved, int savedOff, float[] gh, int ghOff, float[] h, int hOff, float[] grad, int gradOff,
            float[] dGi, float[] dGh, int dOff, float[] dh, int dhOff, int hidden, int rows);

    /**
     * {@link #gruBackward(float[], int, float[], int, float[], int, float[], int, float[], float[], int, float[], int, int, int)}
     * in double.
     */
    void gruBackward(double[] saved, int savedOff, double[] gh, int ghOff, double[] h, int hOff, double[] grad, int gradOff,
            double[] dGi, double[] dGh, int dOff, double[] dh, int dhOff, int hidden, int rows);
}

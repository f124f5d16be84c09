package dev.panagrad.core.kernels;

/**
 * The gate math of the LSTM and GRU cells, fused into one call over rows of pre-activation gates
 * (PyTorch's {@code _thnn_fused_lstm_cell} and {@code _thnn_fused_gru_cell}); implemented by
 * {@link RecurrentPasses}. Arrays are row-major; each call handles rows {@code [from, to)} for hidden
 * size H, reading and writing only those rows:
 * <ul>
 *   <li>LSTM: {@code gi}, {@code gh} and {@code dGates} rows of 4H (gates i, f, g, o), {@code c} and
 *       {@code dc} rows of H, {@code out} and {@code grad} rows of 2H (h' then c'), {@code saved} rows
 *       of 5H (i, f, g, o and tanh c', the activations);</li>
 *   <li>GRU: {@code gi}, {@code gh}, {@code dGi} and {@code dGh} rows of 3H (gates r, z, n), {@code h},
 *       {@code out}, {@code grad} and {@code dh} rows of H, {@code saved} rows of 3H (r, z, n).</li>
 * </ul>
 * The forward kernels can save their activations, so the backward kernels are arithmetic only (as
 * PyTorch's fused cells keep a workspace). Output arrays must not alias input arrays.
 */
public interface RecurrentKernels {
    /** The implementation chosen at start-up. */
    RecurrentKernels INSTANCE = Kernels.choose(RecurrentKernels.class, new ScalarRecurrent(), "VectorRecurrent");

    /**
     * LSTM forward: with a = gi + gh, {@code c' = σ(a_f)·c + σ(a_i)·tanh(a_g)} and
     * {@code h' = σ(a_o)·tanh(c')}, written to {@code out}; the activations to {@code saved} unless it is null.
     */
    void lstm(float[] gi, float[] gh, float[] c, float[] out, float[] saved, int hidden, int from, int to);

    /** {@link #lstm(float[], float[], float[], float[], float[], int, int, int)} in double. */
    void lstm(double[] gi, double[] gh, double[] c, double[] out, double[] saved, int hidden, int from, int to);

    /**
     * LSTM backward from the activations {@code saved} by the forward kernel and the gradient
     * {@code grad} of {@code out}: the gradient of a = gi + gh into {@code dGates} and that of c into
     * {@code dc}, see
     * {@link RecurrentMath#lstmGradients(float[], int, float[], int, float[], int, float[], int, float[], int, int)}.
     */
    void lstmBackward(float[] saved, float[] c, float[] grad, float[] dGates, float[] dc, int hidden, int from, int to);

    /** {@link #lstmBackward(float[], float[], float[], float[], float[], int, int, int)} in double. */
    void lstmBackward(double[] saved, double[] c, double[] grad, double[] dGates, double[] dc, int hidden, int from, int to);

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

package dev.panagrad.core.kernels;

/**
 * The gate math of the LSTM and GRU cells, fused into one pass over rows of pre-activation gates
 * (PyTorch's {@code _thnn_fused_lstm_cell} and {@code _thnn_fused_gru_cell}). Arrays are row-major; each
 * call handles rows {@code [from, to)} for hidden size H, reading and writing only those rows:
 * <ul>
 *   <li>LSTM: {@code gi}, {@code gh} and {@code dGates} rows of 4H (gates i, f, g, o), {@code c} and
 *       {@code dc} rows of H, {@code out} and {@code grad} rows of 2H (h' then c');</li>
 *   <li>GRU: {@code gi}, {@code gh}, {@code dGi} and {@code dGh} rows of 3H (gates r, z, n), {@code h},
 *       {@code out}, {@code grad} and {@code dh} rows of H.</li>
 * </ul>
 * What each element computes is defined once in {@link RecurrentMath}; implementations agree with it
 * within a few ulp (their sigmoid and tanh may differ from {@link Math}'s by an ulp of double).
 * Output arrays must not alias input arrays.
 */
public interface RecurrentKernels {
    /** The implementation chosen at start-up. */
    RecurrentKernels INSTANCE = Kernels.choose(RecurrentKernels.class, new ScalarRecurrent(), "VectorRecurrent");

    /** Writes h' and c' of the rows to {@code out}, see {@link RecurrentMath#lstm(float[], float[], float[], float[], int, int, int)}. */
    void lstm(float[] gi, float[] gh, float[] c, float[] out, int hidden, int from, int to);

    /** Writes h' and c' of the rows to {@code out}, see {@link RecurrentMath#lstm(double[], double[], double[], double[], int, int, int)}. */
    void lstm(double[] gi, double[] gh, double[] c, double[] out, int hidden, int from, int to);

    /**
     * Writes the gradients of the gates and of c to {@code dGates} and {@code dc}, see
     * {@link RecurrentMath#lstmBackward(float[], float[], float[], float[], float[], float[], float[], int, int, int)}.
     */
    void lstmBackward(float[] gi, float[] gh, float[] c, float[] out, float[] grad, float[] dGates, float[] dc, int hidden,
            int from, int to);

    /** {@link #lstmBackward(float[], float[], float[], float[], float[], float[], float[], int, int, int)} in double. */
    void lstmBackward(double[] gi, double[] gh, double[] c, double[] out, double[] grad, double[] dGates, double[] dc,
            int hidden, int from, int to);

    /** Writes h' of the rows to {@code out}, see {@link RecurrentMath#gru(float[], float[], float[], float[], int, int, int)}. */
    void gru(float[] gi, float[] gh, float[] h, float[] out, int hidden, int from, int to);

    /** Writes h' of the rows to {@code out}, see {@link RecurrentMath#gru(double[], double[], double[], double[], int, int, int)}. */
    void gru(double[] gi, double[] gh, double[] h, double[] out, int hidden, int from, int to);

    /**
     * Writes the gradients of gi, gh and h to {@code dGi}, {@code dGh} and {@code dh}, see
     * {@link RecurrentMath#gruBackward(float[], float[], float[], float[], float[], float[], float[], int, int, int)}.
     */
    void gruBackward(float[] gi, float[] gh, float[] h, float[] grad, float[] dGi, float[] dGh, float[] dh, int hidden,
            int from, int to);

    /** {@link #gruBackward(float[], float[], float[], float[], float[], float[], float[], int, int, int)} in double. */
    void gruBackward(double[] gi, double[] gh, double[] h, double[] grad, double[] dGi, double[] dGh, double[] dh, int hidden,
            int from, int to);
}

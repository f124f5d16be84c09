package dev.panagrad.core.kernels;

import dev.panagrad.core.kernels.ElementwiseKernels.Binary;
import dev.panagrad.core.kernels.ElementwiseKernels.Unary;

/**
 * The recurrent-cell kernels, row by row in a few short passes over the row's activations (layout in
 * {@link RecurrentMath}; in {@code saved}, or else in an L1-sized scratch row): the gate
 * pre-activations {@code gi + gh} and their sigmoid and tanh go through an {@link ElementwiseKernels},
 * so the activations are exactly those the {@code sigmoid} and {@code tanh} ops compute; the cell
 * arithmetic goes through a subclass's passes, {@link RecurrentMath} in a loop (scalar) or lane by lane
 * (SIMD). Backward is the arithmetic pass alone, on the saved activations.
 *
 * <p>Why passes rather than one loop over the hidden units: a SIMD loop body holding five sigmoids and
 * tanhs exceeds C2's inlining budget; the vectors that escape are boxed and the Vector API falls back
 * to per-lane Java, which measured 5–10× slower than these passes. Each pass is a small unit that C2
 * compiles whole, and a row (5H values) stays in L1 between passes.
 *
 * <p>Forward values equal those of the composition of single ops (add, sigmoid, tanh, mul, …) up to
 * where the SIMD element-wise kernels' vector bodies and scalar tails fall.
 */
public abstract class RecurrentPasses implements RecurrentKernels {
    private final ElementwiseKernels e;

    /** Passes whose activations {@code elementwise} computes. */
    protected RecurrentPasses(ElementwiseKernels elementwise) {
        this.e = elementwise;
    }

    // ------------------------------------------------------------------ LSTM

    @Override
    public final void lstm(float[] gi, int giOff, float[] gh, int ghOff, float[] c, int cOff, int cStride, float[] out,
            int outOff, float[] saved, int savedOff, int hidden, int rows) {
        float[] act = saved != null ? saved : new float[5 * hidden];
        for (int r = 0; r < rows; r++) {
            int ao = saved != null ? savedOff + r * 5 * hidden : 0;
            int a = r * 4 * hidden;
            int at = outOff + r * 2 * hidden;
            e.binary(Binary.ADD, gi, giOff + a, 1, gh, ghOff + a, 1, act, ao, 4 * hidden);
            e.unary(Unary.SIGMOID, act, ao, act, ao, 2 * hidden, 0, 0);                                 // i, f
            e.unary(Unary.TANH, act, ao + 2 * hidden, act, ao + 2 * hidden, hidden, 0, 0);              // g
            e.unary(Unary.SIGMOID, act, ao + 3 * hidden, act, ao + 3 * hidden, hidden, 0, 0);           // o
            lstmCell(act, ao, c, cOff + r * cStride, out, at + hidden, hidden);                         // c' = f·c + i·g
            e.unary(Unary.TANH, out, at + hidden, act, ao + 4 * hidden, hidden, 0, 0);                  // t = tanh c'
            e.binary(Binary.MUL, act, ao + 3 * hidden, 1, act, ao + 4 * hidden, 1, out, at, hidden);   // h' = o·t
        }
    }

    @Override
    public final void lstm(double[] gi, int giOff, double[] gh, int ghOff, double[] c, int cOff, int cStride, double[] out,
            int outOff, double[] saved, int savedOff, int hidden, int rows) {
        double[] act = saved != null ? saved : new double[5 * hidden];
        for (int r = 0; r < rows; r++) {
            int ao = saved != null ? savedOff + r * 5 * hidden : 0;
            int a = r * 4 * hidden;
            int at = outOff + r * 2 * hidden;
            e.binary(Binary.ADD, gi, giOff + a, 1, gh, ghOff + a, 1, act, ao, 4 * hidden);
            e.unary(Unary.SIGMOID, act, ao, act, ao, 2 * hidden, 0, 0);
            e.unary(Unary.TANH, act, ao + 2 * hidden, act, ao + 2 * hidden, hidden, 0, 0);
            e.unary(Unary.SIGMOID, act, ao + 3 * hidden, act, ao + 3 * hidden, hidden, 0, 0);
            lstmCell(act, ao, c, cOff + r * cStride, out, at + hidden, hidden);
            e.unary(Unary.TANH, out, at + hidden, act, ao + 4 * hidden, hidden, 0, 0);
            e.binary(Binary.MUL, act, ao + 3 * hidden, 1, act, ao + 4 * hidden, 1, out, at, hidden);
        }
    }

    @Override
    public final void lstmBackward(float[] saved, int savedOff, float[] c, int cOff, int cStride, float[] grad, int gradOff,
            float[] dGates, int dGatesOff, float[] dc, int dcOff, int dcStride, int hidden, int rows) {
        for (int r = 0; r < rows; r++) {
            lstmGradients(saved, savedOff + r * 5 * hidden, c, cOff + r * cStride, grad, gradOff + r * 2 * hidden, dGates,
                    dGatesOff + r * 4 * hidden, dc, dcOff + r * dcStride, hidden);
        }
    }

    @Override
    public final void lstmBackward(double[] saved, int savedOff, double[] c, int cOff, int cStride, double[] grad, int gradOff,
            double[] dGates, int dGatesOff, double[] dc, int dcOff, int dcStride, int hidden, int rows) {
        for (int r = 0; r < rows; r++) {
            lstmGradients(saved, savedOff + r * 5 * hidden, c, cOff + r * cStride, grad, gradOff + r * 2 * hidden, dGates,
                    dGatesOff + r * 4 * hidden, dc, dcOff + r * dcStride, hidden);
        }
    }

    /** {@link RecurrentMath#lstmCell(float[], int, float[], int, float[], int, int, int)} for every j &lt; hidden. */
    protected abstract void lstmCell(float[] act, int ao, float[] c, int co, float[] out, int oo, int hidden);

    /** {@link RecurrentMath#lstmCell(double[], int, double[], int, double[], int, int, int)} for every j &lt; hidden. */
    protected abstract void lstmCell(double[] act, int ao, double[] c, int co, double[] out, int oo, int hidden);

    /**
     * {@link RecurrentMath#lstmGradients(float[], int, float[], int, float[], int, float[], int, float[], int, int, int)}
     * for every j &lt; hidden.
     */
    protected abstract void lstmGradients(float[] act, int ao, float[] c, int co, float[] grad, int go, float[] dGates, int a,
            float[] dc, int dco, int hidden);

    /**
     * {@link RecurrentMath#lstmGradients(double[], int, double[], int, double[], int, double[], int, double[], int, int, int)}
     * for every j &lt; hidden.
     */
    protected abstract void lstmGradients(double[] act, int ao, double[] c, int co, double[] grad, int go, double[] dGates,
            int a, double[] dc, int dco, int hidden);

    // ------------------------------------------------------------------ GRU

    @Override
    public final void gru(float[] gi, int giOff, float[] gh, int ghOff, float[] h, int hOff, float[] out, int outOff, float[] saved,
            int savedOff, int hidden, int rows) {
        float[] act = saved != null ? saved : new float[3 * hidden];
        for (int r = 0; r < rows; r++) {
            int ao = saved != null ? savedOff + r * 3 * hidden : 0;
            int i = giOff + r * 3 * hidden;
            int a = ghOff + r * 3 * hidden;
            e.binary(Binary.ADD, gi, i, 1, gh, a, 1, act, ao, 2 * hidden);
            e.unary(Unary.SIGMOID, act, ao, act, ao, 2 * hidden, 0, 0);                                           // r, z
            e.binary(Binary.MUL, act, ao, 1, gh, a + 2 * hidden, 1, act, ao + 2 * hidden, hidden);                // r·gh_n
            e.binary(Binary.ADD, gi, i + 2 * hidden, 1, act, ao + 2 * hidden, 1, act, ao + 2 * hidden, hidden);  // + gi_n
            e.unary(Unary.TANH, act, ao + 2 * hidden, act, ao + 2 * hidden, hidden, 0, 0);                        // n
            gruMix(act, ao, h, hOff + r * hidden, out, outOff + r * hidden, hidden);                               // h'
        }
    }

    @Override
    public final void gru(double[] gi, int giOff, double[] gh, int ghOff, double[] h, int hOff, double[] out, int outOff, double[] saved,
            int savedOff, int hidden, int rows) {
        double[] act = saved != null ? saved : new double[3 * hidden];
        for (int r = 0; r < rows; r++) {
            int ao = saved != null ? savedOff + r * 3 * hidden : 0;
            int i = giOff + r * 3 * hidden;
            int a = ghOff + r * 3 * hidden;
            e.binary(Binary.ADD, gi, i, 1, gh, a, 1, act, ao, 2 * hidden);
            e.unary(Unary.SIGMOID, act, ao, act, ao, 2 * hidden, 0, 0);                                           // r, z
            e.binary(Binary.MUL, act, ao, 1, gh, a + 2 * hidden, 1, act, ao + 2 * hidden, hidden);                // r·gh_n
            e.binary(Binary.ADD, gi, i + 2 * hidden, 1, act, ao + 2 * hidden, 1, act, ao + 2 * hidden, hidden);  // + gi_n
            e.unary(Unary.TANH, act, ao + 2 * hidden, act, ao + 2 * hidden, hidden, 0, 0);                        // n
            gruMix(act, ao, h, hOff + r * hidden, out, outOff + r * hidden, hidden);                               // h'
        }
    }

    @Override
    public final void gruBackward(float[] saved, int savedOff, float[] gh, int ghOff, float[] h, int hOff, float[] grad, int gradOff,
            float[] dGi, float[] dGh, int dOff, float[] dh, int dhOff, int hidden, int rows) {
        for (int r = 0; r < rows; r++) {
            gruGradients(saved, savedOff + r * 3 * hidden, gh, ghOff + r * 3 * hidden, h, hOff + r * hidden, grad,
                    gradOff + r * hidden, dGi, dGh, dOff + r * 3 * hidden, dh, dhOff + r * hidden, hidden);
        }
    }

    @Override
    public final void gruBackward(double[] saved, int savedOff, double[] gh, int ghOff, double[] h, int hOff, double[] grad, int gradOff,
            double[] dGi, double[] dGh, int dOff, double[] dh, int dhOff, int hidden, int rows) {
        for (int r = 0; r < rows; r++) {
            gruGradients(saved, savedOff + r * 3 * hidden, gh, ghOff + r * 3 * hidden, h, hOff + r * hidden, grad,
                    gradOff + r * hidden, dGi, dGh, dOff + r * 3 * hidden, dh, dhOff + r * hidden, hidden);
        }
    }

    /** {@link RecurrentMath#gruMix(float[], int, float[], int, float[], int, int, int)} for every j &lt; hidden. */
    protected abstract void gruMix(float[] act, int ao, float[] h, int hk, float[] out, int ok, int hidden);

    /** {@link RecurrentMath#gruMix(double[], int, double[], int, double[], int, int, int)} for every j &lt; hidden. */
    protected abstract void gruMix(double[] act, int ao, double[] h, int hk, double[] out, int ok, int hidden);

    /**
     * {@link RecurrentMath#gruGradients(float[], int, float[], int, float[], int, float[], int, float[], float[], int, float[], int, int, int)}
     * for every j &lt; hidden.
     */
    protected abstract void gruGradients(float[] act, int ao, float[] gh, int ga, float[] h, int hk, float[] grad, int gk,
            float[] dGi, float[] dGh, int da, float[] dh, int dk, int hidden);

    /** {@link RecurrentMath}'s gruGradients in double for every j &lt; hidden. */
    protected abstract void gruGradients(double[] act, int ao, double[] gh, int ga, double[] h, int hk, double[] grad, int gk,
            double[] dGi, double[] dGh, int da, double[] dh, int dk, int hidden);
}

package dev.panagrad.core.kernels;

import dev.panagrad.core.kernels.ElementwiseKernels.Binary;
import dev.panagrad.core.kernels.ElementwiseKernels.Unary;

/**
 * The recurrent-cell kernels, row by row in a few short passes over an L1-sized row buffer {@code act}
 * (layout in {@link RecurrentMath}): the gate pre-activations {@code gi + gh} and their sigmoid and
 * tanh go through an {@link ElementwiseKernels}, so the activations are exactly those the
 * {@code sigmoid} and {@code tanh} ops compute; the cell arithmetic goes through a subclass's passes,
 * {@link RecurrentMath} in a loop (scalar) or lane by lane (SIMD).
 *
 * <p>Why passes rather than one loop over the hidden units: a SIMD loop body holding five sigmoids and
 * tanhs exceeds C2's inlining budget; the vectors that escape are boxed and the Vector API falls back
 * to per-lane Java, which measured 5–10× slower than these passes. Each pass is a small unit that C2
 * compiles whole, and a row (4H values) stays in L1 between passes.
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
    public final void lstm(float[] gi, float[] gh, float[] c, float[] out, int hidden, int from, int to) {
        float[] act = new float[4 * hidden];
        for (int row = from; row < to; row++) {
            int at = row * 2 * hidden;
            lstmActivations(gi, gh, row * 4 * hidden, act, hidden);
            lstmCell(act, c, row * hidden, out, at + hidden, hidden);           // c' = f·c + i·g
            e.unary(Unary.TANH, out, at + hidden, act, 0, hidden, 0, 0);           // tanh c', over the spent i
            e.binary(Binary.MUL, act, 3 * hidden, 1, act, 0, 1, out, at, hidden); // h' = o·tanh c'
        }
    }

    @Override
    public final void lstm(double[] gi, double[] gh, double[] c, double[] out, int hidden, int from, int to) {
        double[] act = new double[4 * hidden];
        for (int row = from; row < to; row++) {
            int at = row * 2 * hidden;
            lstmActivations(gi, gh, row * 4 * hidden, act, hidden);
            lstmCell(act, c, row * hidden, out, at + hidden, hidden);
            e.unary(Unary.TANH, out, at + hidden, act, 0, hidden, 0, 0);
            e.binary(Binary.MUL, act, 3 * hidden, 1, act, 0, 1, out, at, hidden);
        }
    }

    @Override
    public final void lstmBackward(float[] gi, float[] gh, float[] c, float[] out, float[] grad, float[] dGates, float[] dc,
            int hidden, int from, int to) {
        float[] act = new float[5 * hidden];
        for (int row = from; row < to; row++) {
            int a = row * 4 * hidden;
            int at = row * 2 * hidden;
            lstmActivations(gi, gh, a, act, hidden);
            e.unary(Unary.TANH, out, at + hidden, act, 4 * hidden, hidden, 0, 0); // t = tanh c'
            lstmGradients(act, c, row * hidden, grad, at, dGates, a, dc, hidden);
        }
    }

    @Override
    public final void lstmBackward(double[] gi, double[] gh, double[] c, double[] out, double[] grad, double[] dGates,
            double[] dc, int hidden, int from, int to) {
        double[] act = new double[5 * hidden];
        for (int row = from; row < to; row++) {
            int a = row * 4 * hidden;
            int at = row * 2 * hidden;
            lstmActivations(gi, gh, a, act, hidden);
            e.unary(Unary.TANH, out, at + hidden, act, 4 * hidden, hidden, 0, 0);
            lstmGradients(act, c, row * hidden, grad, at, dGates, a, dc, hidden);
        }
    }

    /** {@code act} = σ(a_i), σ(a_f), tanh(a_g), σ(a_o) for the gates a = gi + gh of the row at {@code a}. */
    private void lstmActivations(float[] gi, float[] gh, int a, float[] act, int hidden) {
        e.binary(Binary.ADD, gi, a, 1, gh, a, 1, act, 0, 4 * hidden);
        e.unary(Unary.SIGMOID, act, 0, act, 0, 2 * hidden, 0, 0);
        e.unary(Unary.TANH, act, 2 * hidden, act, 2 * hidden, hidden, 0, 0);
        e.unary(Unary.SIGMOID, act, 3 * hidden, act, 3 * hidden, hidden, 0, 0);
    }

    private void lstmActivations(double[] gi, double[] gh, int a, double[] act, int hidden) {
        e.binary(Binary.ADD, gi, a, 1, gh, a, 1, act, 0, 4 * hidden);
        e.unary(Unary.SIGMOID, act, 0, act, 0, 2 * hidden, 0, 0);
        e.unary(Unary.TANH, act, 2 * hidden, act, 2 * hidden, hidden, 0, 0);
        e.unary(Unary.SIGMOID, act, 3 * hidden, act, 3 * hidden, hidden, 0, 0);
    }

    /** {@link RecurrentMath#lstmCell(float[], float[], int, float[], int, int, int)} for every j &lt; hidden. */
    protected abstract void lstmCell(float[] act, float[] c, int co, float[] out, int oo, int hidden);

    /** {@link RecurrentMath#lstmCell(double[], double[], int, double[], int, int, int)} for every j &lt; hidden. */
    protected abstract void lstmCell(double[] act, double[] c, int co, double[] out, int oo, int hidden);

    /** {@link RecurrentMath#lstmGradients(float[], float[], int, float[], int, float[], int, float[], int, int)} for every j &lt; hidden. */
    protected abstract void lstmGradients(float[] act, float[] c, int co, float[] grad, int go, float[] dGates, int a,
            float[] dc, int hidden);

    /** {@link RecurrentMath#lstmGradients(double[], double[], int, double[], int, double[], int, double[], int, int)} for every j &lt; hidden. */
    protected abstract void lstmGradients(double[] act, double[] c, int co, double[] grad, int go, double[] dGates, int a,
            double[] dc, int hidden);

    // ------------------------------------------------------------------ GRU

    @Override
    public final void gru(float[] gi, float[] gh, float[] h, float[] out, int hidden, int from, int to) {
        float[] act = new float[3 * hidden];
        for (int row = from; row < to; row++) {
            gruActivations(gi, gh, row * 3 * hidden, act, hidden);
            gruMix(act, h, row * hidden, out, hidden);
        }
    }

    @Override
    public final void gru(double[] gi, double[] gh, double[] h, double[] out, int hidden, int from, int to) {
        double[] act = new double[3 * hidden];
        for (int row = from; row < to; row++) {
            gruActivations(gi, gh, row * 3 * hidden, act, hidden);
            gruMix(act, h, row * hidden, out, hidden);
        }
    }

    @Override
    public final void gruBackward(float[] gi, float[] gh, float[] h, float[] grad, float[] dGi, float[] dGh, float[] dh,
            int hidden, int from, int to) {
        float[] act = new float[3 * hidden];
        for (int row = from; row < to; row++) {
            int a = row * 3 * hidden;
            gruActivations(gi, gh, a, act, hidden);
            gruGradients(act, gh, a, h, row * hidden, grad, dGi, dGh, dh, hidden);
        }
    }

    @Override
    public final void gruBackward(double[] gi, double[] gh, double[] h, double[] grad, double[] dGi, double[] dGh, double[] dh,
            int hidden, int from, int to) {
        double[] act = new double[3 * hidden];
        for (int row = from; row < to; row++) {
            int a = row * 3 * hidden;
            gruActivations(gi, gh, a, act, hidden);
            gruGradients(act, gh, a, h, row * hidden, grad, dGi, dGh, dh, hidden);
        }
    }

    /** {@code act} = σ(gi_r + gh_r), σ(gi_z + gh_z), tanh(gi_n + r·gh_n) for the row at {@code a}. */
    private void gruActivations(float[] gi, float[] gh, int a, float[] act, int hidden) {
        e.binary(Binary.ADD, gi, a, 1, gh, a, 1, act, 0, 2 * hidden);
        e.unary(Unary.SIGMOID, act, 0, act, 0, 2 * hidden, 0, 0);
        e.binary(Binary.MUL, act, 0, 1, gh, a + 2 * hidden, 1, act, 2 * hidden, hidden);
        e.binary(Binary.ADD, gi, a + 2 * hidden, 1, act, 2 * hidden, 1, act, 2 * hidden, hidden);
        e.unary(Unary.TANH, act, 2 * hidden, act, 2 * hidden, hidden, 0, 0);
    }

    private void gruActivations(double[] gi, double[] gh, int a, double[] act, int hidden) {
        e.binary(Binary.ADD, gi, a, 1, gh, a, 1, act, 0, 2 * hidden);
        e.unary(Unary.SIGMOID, act, 0, act, 0, 2 * hidden, 0, 0);
        e.binary(Binary.MUL, act, 0, 1, gh, a + 2 * hidden, 1, act, 2 * hidden, hidden);
        e.binary(Binary.ADD, gi, a + 2 * hidden, 1, act, 2 * hidden, 1, act, 2 * hidden, hidden);
        e.unary(Unary.TANH, act, 2 * hidden, act, 2 * hidden, hidden, 0, 0);
    }

    /** {@link RecurrentMath#gruMix(float[], float[], int, float[], int, int)} for every j &lt; hidden. */
    protected abstract void gruMix(float[] act, float[] h, int k, float[] out, int hidden);

    /** {@link RecurrentMath#gruMix(double[], double[], int, double[], int, int)} for every j &lt; hidden. */
    protected abstract void gruMix(double[] act, double[] h, int k, double[] out, int hidden);

    /** {@link RecurrentMath#gruGradients(float[], float[], int, float[], int, float[], float[], float[], float[], int, int)} for every j &lt; hidden. */
    protected abstract void gruGradients(float[] act, float[] gh, int a, float[] h, int k, float[] grad, float[] dGi,
            float[] dGh, float[] dh, int hidden);

    /** {@link RecurrentMath#gruGradients(double[], double[], int, double[], int, double[], double[], double[], double[], int, int)} for every j &lt; hidden. */
    protected abstract void gruGradients(double[] act, double[] gh, int a, double[] h, int k, double[] grad, double[] dGi,
            double[] dGh, double[] dh, int hidden);
}

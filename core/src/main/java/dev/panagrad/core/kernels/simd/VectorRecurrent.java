package dev.panagrad.core.kernels.simd;

import static dev.panagrad.core.kernels.simd.VectorElementwise.D;
import static dev.panagrad.core.kernels.simd.VectorElementwise.F_D;
import static jdk.incubator.vector.VectorOperators.F2D;
import static jdk.incubator.vector.VectorOperators.TANH;

import dev.panagrad.core.kernels.RecurrentKernels;
import dev.panagrad.core.kernels.RecurrentMath;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * Recurrent-cell kernels on the Vector API: per row, a vector body over the hidden units, then a
 * {@code // scalar tail} through {@link RecurrentMath}. The bodies evaluate {@link RecurrentMath}'s
 * formulas lane by lane in the same order. Double data runs on {@link VectorElementwise#D} lanes with
 * {@link VectorMath#sigmoid} and the Vector API's tanh. Float data runs on {@link VectorElementwise#F_D}
 * lanes (as many as D has): each activation is widened to double, computed as for double data and
 * rounded once, as the scalar kernels do, and the arithmetic between activations is float arithmetic,
 * so results differ from the scalar kernels only where the Vector API's exp or tanh rounds differently.
 *
 * <p>Each kernel is one small method, so C2 inlines the whole body and keeps its vectors in registers.
 */
public final class VectorRecurrent implements RecurrentKernels {
    /** Loaded by {@code Kernels} by name. */
    public VectorRecurrent() {}

    // ------------------------------------------------------------------ LSTM

    @Override
    public void lstm(float[] gi, float[] gh, float[] c, float[] out, int hidden, int from, int to) {
        int step = F_D.length();
        int bound = F_D.loopBound(hidden);
        for (int row = from; row < to; row++) {
            int a = row * 4 * hidden;
            int k = row * hidden;
            int at = row * 2 * hidden;
            int j = 0;
            for (; j < bound; j += step) {
                FloatVector i = sigmoid(sum(gi, gh, a + j));
                FloatVector f = sigmoid(sum(gi, gh, a + hidden + j));
                FloatVector g = tanh(sum(gi, gh, a + 2 * hidden + j));
                FloatVector o = sigmoid(sum(gi, gh, a + 3 * hidden + j));
                FloatVector cNext = f.mul(FloatVector.fromArray(F_D, c, k + j)).add(i.mul(g));
                o.mul(tanh(cNext)).intoArray(out, at + j);
                cNext.intoArray(out, at + hidden + j);
            }
            // scalar tail
            for (; j < hidden; j++) {
                RecurrentMath.lstm(gi, gh, c, out, hidden, row, j);
            }
        }
    }

    @Override
    public void lstm(double[] gi, double[] gh, double[] c, double[] out, int hidden, int from, int to) {
        int step = D.length();
        int bound = D.loopBound(hidden);
        for (int row = from; row < to; row++) {
            int a = row * 4 * hidden;
            int k = row * hidden;
            int at = row * 2 * hidden;
            int j = 0;
            for (; j < bound; j += step) {
                DoubleVector i = VectorMath.sigmoid(sum(gi, gh, a + j));
                DoubleVector f = VectorMath.sigmoid(sum(gi, gh, a + hidden + j));
                DoubleVector g = sum(gi, gh, a + 2 * hidden + j).lanewise(TANH);
                DoubleVector o = VectorMath.sigmoid(sum(gi, gh, a + 3 * hidden + j));
                DoubleVector cNext = f.mul(DoubleVector.fromArray(D, c, k + j)).add(i.mul(g));
                o.mul(cNext.lanewise(TANH)).intoArray(out, at + j);
                cNext.intoArray(out, at + hidden + j);
            }
            // scalar tail
            for (; j < hidden; j++) {
                RecurrentMath.lstm(gi, gh, c, out, hidden, row, j);
            }
        }
    }

    @Override
    public void lstmBackward(float[] gi, float[] gh, float[] c, float[] out, float[] grad, float[] dGates, float[] dc,
            int hidden, int from, int to) {
        int step = F_D.length();
        int bound = F_D.loopBound(hidden);
        for (int row = from; row < to; row++) {
            int a = row * 4 * hidden;
            int k = row * hidden;
            int at = row * 2 * hidden;
            int j = 0;
            for (; j < bound; j += step) {
                FloatVector i = sigmoid(sum(gi, gh, a + j));
                FloatVector f = sigmoid(sum(gi, gh, a + hidden + j));
                FloatVector g = tanh(sum(gi, gh, a + 2 * hidden + j));
                FloatVector o = sigmoid(sum(gi, gh, a + 3 * hidden + j));
                FloatVector t = tanh(FloatVector.fromArray(F_D, out, at + hidden + j));
                FloatVector gH = FloatVector.fromArray(F_D, grad, at + j);
                FloatVector dcNext = FloatVector.fromArray(F_D, grad, at + hidden + j).add(gH.mul(o).mul(oneMinus(t.mul(t))));
                dcNext.mul(g).mul(i).mul(oneMinus(i)).intoArray(dGates, a + j);
                dcNext.mul(FloatVector.fromArray(F_D, c, k + j)).mul(f).mul(oneMinus(f)).intoArray(dGates, a + hidden + j);
                dcNext.mul(i).mul(oneMinus(g.mul(g))).intoArray(dGates, a + 2 * hidden + j);
                gH.mul(t).mul(o).mul(oneMinus(o)).intoArray(dGates, a + 3 * hidden + j);
                dcNext.mul(f).intoArray(dc, k + j);
            }
            // scalar tail
            for (; j < hidden; j++) {
                RecurrentMath.lstmBackward(gi, gh, c, out, grad, dGates, dc, hidden, row, j);
            }
        }
    }

    @Override
    public void lstmBackward(double[] gi, double[] gh, double[] c, double[] out, double[] grad, double[] dGates, double[] dc,
            int hidden, int from, int to) {
        int step = D.length();
        int bound = D.loopBound(hidden);
        for (int row = from; row < to; row++) {
            int a = row * 4 * hidden;
            int k = row * hidden;
            int at = row * 2 * hidden;
            int j = 0;
            for (; j < bound; j += step) {
                DoubleVector i = VectorMath.sigmoid(sum(gi, gh, a + j));
                DoubleVector f = VectorMath.sigmoid(sum(gi, gh, a + hidden + j));
                DoubleVector g = sum(gi, gh, a + 2 * hidden + j).lanewise(TANH);
                DoubleVector o = VectorMath.sigmoid(sum(gi, gh, a + 3 * hidden + j));
                DoubleVector t = DoubleVector.fromArray(D, out, at + hidden + j).lanewise(TANH);
                DoubleVector gH = DoubleVector.fromArray(D, grad, at + j);
                DoubleVector dcNext = DoubleVector.fromArray(D, grad, at + hidden + j).add(gH.mul(o).mul(oneMinus(t.mul(t))));
                dcNext.mul(g).mul(i).mul(oneMinus(i)).intoArray(dGates, a + j);
                dcNext.mul(DoubleVector.fromArray(D, c, k + j)).mul(f).mul(oneMinus(f)).intoArray(dGates, a + hidden + j);
                dcNext.mul(i).mul(oneMinus(g.mul(g))).intoArray(dGates, a + 2 * hidden + j);
                gH.mul(t).mul(o).mul(oneMinus(o)).intoArray(dGates, a + 3 * hidden + j);
                dcNext.mul(f).intoArray(dc, k + j);
            }
            // scalar tail
            for (; j < hidden; j++) {
                RecurrentMath.lstmBackward(gi, gh, c, out, grad, dGates, dc, hidden, row, j);
            }
        }
    }

    // ------------------------------------------------------------------ GRU

    @Override
    public void gru(float[] gi, float[] gh, float[] h, float[] out, int hidden, int from, int to) {
        int step = F_D.length();
        int bound = F_D.loopBound(hidden);
        for (int row = from; row < to; row++) {
            int a = row * 3 * hidden;
            int k = row * hidden;
            int j = 0;
            for (; j < bound; j += step) {
                FloatVector r = sigmoid(sum(gi, gh, a + j));
                FloatVector z = sigmoid(sum(gi, gh, a + hidden + j));
                FloatVector hn = FloatVector.fromArray(F_D, gh, a + 2 * hidden + j);
                FloatVector n = tanh(FloatVector.fromArray(F_D, gi, a + 2 * hidden + j).add(r.mul(hn)));
                n.add(z.mul(FloatVector.fromArray(F_D, h, k + j).sub(n))).intoArray(out, k + j);
            }
            // scalar tail
            for (; j < hidden; j++) {
                RecurrentMath.gru(gi, gh, h, out, hidden, row, j);
            }
        }
    }

    @Override
    public void gru(double[] gi, double[] gh, double[] h, double[] out, int hidden, int from, int to) {
        int step = D.length();
        int bound = D.loopBound(hidden);
        for (int row = from; row < to; row++) {
            int a = row * 3 * hidden;
            int k = row * hidden;
            int j = 0;
            for (; j < bound; j += step) {
                DoubleVector r = VectorMath.sigmoid(sum(gi, gh, a + j));
                DoubleVector z = VectorMath.sigmoid(sum(gi, gh, a + hidden + j));
                DoubleVector hn = DoubleVector.fromArray(D, gh, a + 2 * hidden + j);
                DoubleVector n = DoubleVector.fromArray(D, gi, a + 2 * hidden + j).add(r.mul(hn)).lanewise(TANH);
                n.add(z.mul(DoubleVector.fromArray(D, h, k + j).sub(n))).intoArray(out, k + j);
            }
            // scalar tail
            for (; j < hidden; j++) {
                RecurrentMath.gru(gi, gh, h, out, hidden, row, j);
            }
        }
    }

    @Override
    public void gruBackward(float[] gi, float[] gh, float[] h, float[] grad, float[] dGi, float[] dGh, float[] dh, int hidden,
            int from, int to) {
        int step = F_D.length();
        int bound = F_D.loopBound(hidden);
        for (int row = from; row < to; row++) {
            int a = row * 3 * hidden;
            int k = row * hidden;
            int j = 0;
            for (; j < bound; j += step) {
                FloatVector r = sigmoid(sum(gi, gh, a + j));
                FloatVector z = sigmoid(sum(gi, gh, a + hidden + j));
                FloatVector hn = FloatVector.fromArray(F_D, gh, a + 2 * hidden + j);
                FloatVector n = tanh(FloatVector.fromArray(F_D, gi, a + 2 * hidden + j).add(r.mul(hn)));
                FloatVector g = FloatVector.fromArray(F_D, grad, k + j);
                FloatVector dn = g.mul(oneMinus(z)).mul(oneMinus(n.mul(n)));
                FloatVector dz = g.mul(FloatVector.fromArray(F_D, h, k + j).sub(n)).mul(z).mul(oneMinus(z));
                FloatVector dr = dn.mul(hn).mul(r).mul(oneMinus(r));
                dr.intoArray(dGi, a + j);
                dz.intoArray(dGi, a + hidden + j);
                dn.intoArray(dGi, a + 2 * hidden + j);
                dr.intoArray(dGh, a + j);
                dz.intoArray(dGh, a + hidden + j);
                dn.mul(r).intoArray(dGh, a + 2 * hidden + j);
                g.mul(z).intoArray(dh, k + j);
            }
            // scalar tail
            for (; j < hidden; j++) {
                RecurrentMath.gruBackward(gi, gh, h, grad, dGi, dGh, dh, hidden, row, j);
            }
        }
    }

    @Override
    public void gruBackward(double[] gi, double[] gh, double[] h, double[] grad, double[] dGi, double[] dGh, double[] dh,
            int hidden, int from, int to) {
        int step = D.length();
        int bound = D.loopBound(hidden);
        for (int row = from; row < to; row++) {
            int a = row * 3 * hidden;
            int k = row * hidden;
            int j = 0;
            for (; j < bound; j += step) {
                DoubleVector r = VectorMath.sigmoid(sum(gi, gh, a + j));
                DoubleVector z = VectorMath.sigmoid(sum(gi, gh, a + hidden + j));
                DoubleVector hn = DoubleVector.fromArray(D, gh, a + 2 * hidden + j);
                DoubleVector n = DoubleVector.fromArray(D, gi, a + 2 * hidden + j).add(r.mul(hn)).lanewise(TANH);
                DoubleVector g = DoubleVector.fromArray(D, grad, k + j);
                DoubleVector dn = g.mul(oneMinus(z)).mul(oneMinus(n.mul(n)));
                DoubleVector dz = g.mul(DoubleVector.fromArray(D, h, k + j).sub(n)).mul(z).mul(oneMinus(z));
                DoubleVector dr = dn.mul(hn).mul(r).mul(oneMinus(r));
                dr.intoArray(dGi, a + j);
                dz.intoArray(dGi, a + hidden + j);
                dn.intoArray(dGi, a + 2 * hidden + j);
                dr.intoArray(dGh, a + j);
                dz.intoArray(dGh, a + hidden + j);
                dn.mul(r).intoArray(dGh, a + 2 * hidden + j);
                g.mul(z).intoArray(dh, k + j);
            }
            // scalar tail
            for (; j < hidden; j++) {
                RecurrentMath.gruBackward(gi, gh, h, grad, dGi, dGh, dh, hidden, row, j);
            }
        }
    }

    // ------------------------------------------------------------------ lane helpers

    /** {@code a[at..] + b[at..]} on {@link VectorElementwise#F_D} lanes. */
    private static FloatVector sum(float[] a, float[] b, int at) {
        return FloatVector.fromArray(F_D, a, at).add(FloatVector.fromArray(F_D, b, at));
    }

    /** {@code a[at..] + b[at..]} on {@link VectorElementwise#D} lanes. */
    private static DoubleVector sum(double[] a, double[] b, int at) {
        return DoubleVector.fromArray(D, a, at).add(DoubleVector.fromArray(D, b, at));
    }

    /** σ(x) in double lanes, rounded once to float. */
    private static FloatVector sigmoid(FloatVector x) {
        return VectorUnary.narrow(VectorMath.sigmoid(widen(x)));
    }

    /** tanh x in double lanes, rounded once to float. */
    private static FloatVector tanh(FloatVector x) {
        return VectorUnary.narrow(widen(x).lanewise(TANH));
    }

    private static DoubleVector widen(FloatVector x) {
        return (DoubleVector) x.convertShape(F2D, D, 0);
    }

    private static FloatVector oneMinus(FloatVector x) {
        return x.broadcast(1f).sub(x);
    }

    private static DoubleVector oneMinus(DoubleVector x) {
        return x.broadcast(1).sub(x);
    }
}

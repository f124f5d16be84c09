package dev.panagrad.core.kernels.simd;

import static dev.panagrad.core.kernels.simd.VectorElementwise.D;
import static dev.panagrad.core.kernels.simd.VectorElementwise.F;

import dev.panagrad.core.kernels.RecurrentMath;
import dev.panagrad.core.kernels.RecurrentPasses;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;

/**
 * The recurrent-cell passes on the Vector API: activations by {@link VectorElementwise} (so exactly
 * the SIMD {@code sigmoid} and {@code tanh} ops' values), and the cell arithmetic as a vector body over
 * the hidden units on the preferred species, then a {@code // scalar tail} through
 * {@link RecurrentMath}; the bodies evaluate {@link RecurrentMath}'s formulas lane by lane in the same
 * order, so they agree with the scalar passes bitwise given the same activations.
 */
public final class VectorRecurrent extends RecurrentPasses {
    /** Loaded by {@code Kernels} by name. */
    public VectorRecurrent() {
        super(new VectorElementwise());
    }

    // ------------------------------------------------------------------ LSTM

    @Override
    protected void lstmCell(float[] act, int ao, float[] c, int co, float[] out, int oo, int hidden) {
        int j = 0;
        for (int bound = F.loopBound(hidden); j < bound; j += F.length()) {
            FloatVector i = FloatVector.fromArray(F, act, ao + j);
            FloatVector f = FloatVector.fromArray(F, act, ao + hidden + j);
            FloatVector g = FloatVector.fromArray(F, act, ao + 2 * hidden + j);
            f.mul(FloatVector.fromArray(F, c, co + j)).add(i.mul(g)).intoArray(out, oo + j);
        }
        // scalar tail
        for (; j < hidden; j++) {
            RecurrentMath.lstmCell(act, ao, c, co, out, oo, hidden, j);
        }
    }

    @Override
    protected void lstmCell(double[] act, int ao, double[] c, int co, double[] out, int oo, int hidden) {
        int j = 0;
        for (int bound = D.loopBound(hidden); j < bound; j += D.length()) {
            DoubleVector i = DoubleVector.fromArray(D, act, ao + j);
            DoubleVector f = DoubleVector.fromArray(D, act, ao + hidden + j);
            DoubleVector g = DoubleVector.fromArray(D, act, ao + 2 * hidden + j);
            f.mul(DoubleVector.fromArray(D, c, co + j)).add(i.mul(g)).intoArray(out, oo + j);
        }
        // scalar tail
        for (; j < hidden; j++) {
            RecurrentMath.lstmCell(act, ao, c, co, out, oo, hidden, j);
        }
    }

    @Override
    protected void lstmGradients(float[] act, int ao, float[] c, int co, float[] grad, int go, float[] dGates, int a, float[] dc,
            int dco, int hidden) {
        int j = 0;
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int bound = F.loopBound(hidden); j < bound; j += F.length()) {
            FloatVector i = FloatVector.fromArray(F, act, ao + j);
            FloatVector f = FloatVector.fromArray(F, act, ao + hidden + j);
            FloatVector g = FloatVector.fromArray(F, act, ao + 2 * hidden + j);
            FloatVector o = FloatVector.fromArray(F, act, ao + 3 * hidden + j);
            FloatVector t = FloatVector.fromArray(F, act, ao + 4 * hidden + j);
            FloatVector gH = FloatVector.fromArray(F, grad, go + j);
            FloatVector dcNext = FloatVector.fromArray(F, grad, go + hidden + j).add(gH.mul(o).mul(one.sub(t.mul(t))));
            dcNext.mul(g).mul(i).mul(one.sub(i)).intoArray(dGates, a + j);
            dcNext.mul(FloatVector.fromArray(F, c, co + j)).mul(f).mul(one.sub(f)).intoArray(dGates, a + hidden + j);
            dcNext.mul(i).mul(one.sub(g.mul(g))).intoArray(dGates, a + 2 * hidden + j);
            gH.mul(t).mul(o).mul(one.sub(o)).intoArray(dGates, a + 3 * hidden + j);
            dcNext.mul(f).intoArray(dc, dco + j);
        }
        // scalar tail
        for (; j < hidden; j++) {
            RecurrentMath.lstmGradients(act, ao, c, co, grad, go, dGates, a, dc, dco, hidden, j);
        }
    }

    @Override
    protected void lstmGradients(double[] act, int ao, double[] c, int co, double[] grad, int go, double[] dGates, int a,
            double[] dc, int dco, int hidden) {
        int j = 0;
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int bound = D.loopBound(hidden); j < bound; j += D.length()) {
            DoubleVector i = DoubleVector.fromArray(D, act, ao + j);
            DoubleVector f = DoubleVector.fromArray(D, act, ao + hidden + j);
            DoubleVector g = DoubleVector.fromArray(D, act, ao + 2 * hidden + j);
            DoubleVector o = DoubleVector.fromArray(D, act, ao + 3 * hidden + j);
            DoubleVector t = DoubleVector.fromArray(D, act, ao + 4 * hidden + j);
            DoubleVector gH = DoubleVector.fromArray(D, grad, go + j);
            DoubleVector dcNext = DoubleVector.fromArray(D, grad, go + hidden + j).add(gH.mul(o).mul(one.sub(t.mul(t))));
            dcNext.mul(g).mul(i).mul(one.sub(i)).intoArray(dGates, a + j);
            dcNext.mul(DoubleVector.fromArray(D, c, co + j)).mul(f).mul(one.sub(f)).intoArray(dGates, a + hidden + j);
            dcNext.mul(i).mul(one.sub(g.mul(g))).intoArray(dGates, a + 2 * hidden + j);
            gH.mul(t).mul(o).mul(one.sub(o)).intoArray(dGates, a + 3 * hidden + j);
            dcNext.mul(f).intoArray(dc, dco + j);
        }
        // scalar tail
        for (; j < hidden; j++) {
            RecurrentMath.lstmGradients(act, ao, c, co, grad, go, dGates, a, dc, dco, hidden, j);
        }
    }

    // ------------------------------------------------------------------ GRU

    @Override
    protected void gruMix(float[] act, int ao, float[] h, int hk, float[] out, int ok, int hidden) {
        int j = 0;
        for (int bound = F.loopBound(hidden); j < bound; j += F.length()) {
            FloatVector z = FloatVector.fromArray(F, act, ao + hidden + j);
            FloatVector n = FloatVector.fromArray(F, act, ao + 2 * hidden + j);
            n.add(z.mul(FloatVector.fromArray(F, h, hk + j).sub(n))).intoArray(out, ok + j);
        }
        // scalar tail
        for (; j < hidden; j++) {
            RecurrentMath.gruMix(act, ao, h, hk, out, ok, hidden, j);
        }
    }

    @Override
    protected void gruMix(double[] act, int ao, double[] h, int hk, double[] out, int ok, int hidden) {
        int j = 0;
        for (int bound = D.loopBound(hidden); j < bound; j += D.length()) {
            DoubleVector z = DoubleVector.fromArray(D, act, ao + hidden + j);
            DoubleVector n = DoubleVector.fromArray(D, act, ao + 2 * hidden + j);
            n.add(z.mul(DoubleVector.fromArray(D, h, hk + j).sub(n))).intoArray(out, ok + j);
        }
        // scalar tail
        for (; j < hidden; j++) {
            RecurrentMath.gruMix(act, ao, h, hk, out, ok, hidden, j);
        }
    }

    @Override
    protected void gruGradients(float[] act, int ao, float[] gh, int ga, float[] h, int hk, float[] grad, int gk, float[] dGi,
            float[] dGh, int da, float[] dh, int dk, int hidden) {
        int j = 0;
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int bound = F.loopBound(hidden); j < bound; j += F.length()) {
            FloatVector r = FloatVector.fromArray(F, act, ao + j);
            FloatVector z = FloatVector.fromArray(F, act, ao + hidden + j);
            FloatVector n = FloatVector.fromArray(F, act, ao + 2 * hidden + j);
            FloatVector g = FloatVector.fromArray(F, grad, gk + j);
            FloatVector dn = g.mul(one.sub(z)).mul(one.sub(n.mul(n)));
            FloatVector dz = g.mul(FloatVector.fromArray(F, h, hk + j).sub(n)).mul(z).mul(one.sub(z));
            FloatVector dr = dn.mul(FloatVector.fromArray(F, gh, ga + 2 * hidden + j)).mul(r).mul(one.sub(r));
            dr.intoArray(dGi, da + j);
            dz.intoArray(dGi, da + hidden + j);
            dn.intoArray(dGi, da + 2 * hidden + j);
            dr.intoArray(dGh, da + j);
            dz.intoArray(dGh, da + hidden + j);
            dn.mul(r).intoArray(dGh, da + 2 * hidden + j);
            g.mul(z).intoArray(dh, dk + j);
        }
        // scalar tail
        for (; j < hidden; j++) {
            RecurrentMath.gruGradients(act, ao, gh, ga, h, hk, grad, gk, dGi, dGh, da, dh, dk, hidden, j);
        }
    }

    @Override
    protected void gruGradients(double[] act, int ao, double[] gh, int ga, double[] h, int hk, double[] grad, int gk,
            double[] dGi, double[] dGh, int da, double[] dh, int dk, int hidden) {
        int j = 0;
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        for (int bound = D.loopBound(hidden); j < bound; j += D.length()) {
            DoubleVector r = DoubleVector.fromArray(D, act, ao + j);
            DoubleVector z = DoubleVector.fromArray(D, act, ao + hidden + j);
            DoubleVector n = DoubleVector.fromArray(D, act, ao + 2 * hidden + j);
            DoubleVector g = DoubleVector.fromArray(D, grad, gk + j);
            DoubleVector dn = g.mul(one.sub(z)).mul(one.sub(n.mul(n)));
            DoubleVector dz = g.mul(DoubleVector.fromArray(D, h, hk + j).sub(n)).mul(z).mul(one.sub(z));
            DoubleVector dr = dn.mul(DoubleVector.fromArray(D, gh, ga + 2 * hidden + j)).mul(r).mul(one.sub(r));
            dr.intoArray(dGi, da + j);
            dz.intoArray(dGi, da + hidden + j);
            dn.intoArray(dGi, da + 2 * hidden + j);
            dr.intoArray(dGh, da + j);
            dz.intoArray(dGh, da + hidden + j);
            dn.mul(r).intoArray(dGh, da + 2 * hidden + j);
            g.mul(z).intoArray(dh, dk + j);
        }
        // scalar tail
        for (; j < hidden; j++) {
            RecurrentMath.gruGradients(act, ao, gh, ga, h, hk, grad, gk, dGi, dGh, da, dh, dk, hidden, j);
        }
    }
}

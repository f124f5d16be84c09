package dev.panagrad.core.kernels;

/**
 * Plain-Java recurrent-cell passes: {@link RecurrentMath} in a loop, activations by {@link ScalarElementwise};
 * the reference of the SIMD ones.
 */
final class ScalarRecurrent extends RecurrentPasses {

    ScalarRecurrent() {
        super(new ScalarElementwise());
    }

    @Override
    protected void lstmCell(float[] act, int ao, float[] c, int co, float[] out, int oo, int hidden) {
        for (int j = 0; j < hidden; j++) {
            RecurrentMath.lstmCell(act, ao, c, co, out, oo, hidden, j);
        }
    }

    @Override
    protected void lstmCell(double[] act, int ao, double[] c, int co, double[] out, int oo, int hidden) {
        for (int j = 0; j < hidden; j++) {
            RecurrentMath.lstmCell(act, ao, c, co, out, oo, hidden, j);
        }
    }

    @Override
    protected void lstmGradients(float[] act, int ao, float[] c, int co, float[] grad, int go, float[] dGates, int a, float[] dc,
            int dco, int hidden) {
        for (int j = 0; j < hidden; j++) {
            RecurrentMath.lstmGradients(act, ao, c, co, grad, go, dGates, a, dc, dco, hidden, j);
        }
    }

    @Override
    protected void lstmGradients(double[] act, int ao, double[] c, int co, double[] grad, int go, double[] dGates, int a,
            double[] dc, int dco, int hidden) {
        for (int j = 0; j < hidden; j++) {
            RecurrentMath.lstmGradients(act, ao, c, co, grad, go, dGates, a, dc, dco, hidden, j);
        }
    }

    @Override
    protected void gruMix(float[] act, int ao, float[] h, int hk, float[] out, int ok, int hidden) {
        for (int j = 0; j < hidden; j++) {
            RecurrentMath.gruMix(act, ao, h, hk, out, ok, hidden, j);
        }
    }

    @Override
    protected void gruMix(double[] act, int ao, double[] h, int hk, double[] out, int ok, int hidden) {
        for (int j = 0; j < hidden; j++) {
            RecurrentMath.gruMix(act, ao, h, hk, out, ok, hidden, j);
        }
    }

    @Override
    protected void gruGradients(float[] act, int ao, float[] gh, int ga, float[] h, int hk, float[] grad, int gk, float[] dGi,
            float[] dGh, int da, float[] dh, int dk, int hidden) {
        for (int j = 0; j < hidden; j++) {
            RecurrentMath.gruGradients(act, ao, gh, ga, h, hk, grad, gk, dGi, dGh, da, dh, dk, hidden, j);
        }
    }

    @Override
    protected void gruGradients(double[] act, int ao, double[] gh, int ga, double[] h, int hk, double[] grad, int gk,
            double[] dGi, double[] dGh, int da, double[] dh, int dk, int hidden) {
        for (int j = 0; j < hidden; j++) {
            RecurrentMath.gruGradients(act, ao, gh, ga, h, hk, grad, gk, dGi, dGh, da, dh, dk, hidden, j);
        }
    }
}

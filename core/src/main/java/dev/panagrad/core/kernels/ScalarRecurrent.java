package dev.panagrad.core.kernels;

/** Plain-Java recurrent-cell kernels: {@link RecurrentMath} over every element of the rows, the reference of the SIMD ones. */
final class ScalarRecurrent implements RecurrentKernels {

    @Override
    public void lstm(float[] gi, float[] gh, float[] c, float[] out, int hidden, int from, int to) {
        for (int row = from; row < to; row++) {
            for (int j = 0; j < hidden; j++) {
                RecurrentMath.lstm(gi, gh, c, out, hidden, row, j);
            }
        }
    }

    @Override
    public void lstm(double[] gi, double[] gh, double[] c, double[] out, int hidden, int from, int to) {
        for (int row = from; row < to; row++) {
            for (int j = 0; j < hidden; j++) {
                RecurrentMath.lstm(gi, gh, c, out, hidden, row, j);
            }
        }
    }

    @Override
    public void lstmBackward(float[] gi, float[] gh, float[] c, float[] out, float[] grad, float[] dGates, float[] dc,
            int hidden, int from, int to) {
        for (int row = from; row < to; row++) {
            for (int j = 0; j < hidden; j++) {
                RecurrentMath.lstmBackward(gi, gh, c, out, grad, dGates, dc, hidden, row, j);
            }
        }
    }

    @Override
    public void lstmBackward(double[] gi, double[] gh, double[] c, double[] out, double[] grad, double[] dGates, double[] dc,
            int hidden, int from, int to) {
        for (int row = from; row < to; row++) {
            for (int j = 0; j < hidden; j++) {
                RecurrentMath.lstmBackward(gi, gh, c, out, grad, dGates, dc, hidden, row, j);
            }
        }
    }

    @Override
    public void gru(float[] gi, float[] gh, float[] h, float[] out, int hidden, int from, int to) {
        for (int row = from; row < to; row++) {
            for (int j = 0; j < hidden; j++) {
                RecurrentMath.gru(gi, gh, h, out, hidden, row, j);
            }
        }
    }

    @Override
    public void gru(double[] gi, double[] gh, double[] h, double[] out, int hidden, int from, int to) {
        for (int row = from; row < to; row++) {
            for (int j = 0; j < hidden; j++) {
                RecurrentMath.gru(gi, gh, h, out, hidden, row, j);
            }
        }
    }

    @Override
    public void gruBackward(float[] gi, float[] gh, float[] h, float[] grad, float[] dGi, float[] dGh, float[] dh, int hidden,
            int from, int to) {
        for (int row = from; row < to; row++) {
            for (int j = 0; j < hidden; j++) {
                RecurrentMath.gruBackward(gi, gh, h, grad, dGi, dGh, dh, hidden, row, j);
            }
        }
    }

    @Override
    public void gruBackward(double[] gi, double[] gh, double[] h, double[] grad, double[] dGi, double[] dGh, double[] dh,
            int hidden, int from, int to) {
        for (int row = from; row < to; row++) {
            for (int j = 0; j < hidden; j++) {
                RecurrentMath.gruBackward(gi, gh, h, grad, dGi, dGh, dh, hidden, row, j);
            }
        }
    }
}

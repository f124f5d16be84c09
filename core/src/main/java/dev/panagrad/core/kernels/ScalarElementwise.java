package dev.panagrad.core.kernels;

/**
 * Plain-Java element-wise kernels: {@link ElementwiseMath} in a loop (the four arithmetic ops inlined, one loop
 * each), the reference the SIMD kernels are tested against.
 */
final class ScalarElementwise implements ElementwiseKernels {

    @Override
    public void binary(Binary op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        switch (op) { // the arithmetic ops get a loop each, so the switch runs once per call, not per element
            case ADD -> {
                for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] + b[bo + i * bs];
            }
            case SUB -> {
                for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] - b[bo + i * bs];
            }
            case MUL -> {
                for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] * b[bo + i * bs];
            }
            case DIV -> {
                for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] / b[bo + i * bs];
            }
            default -> {
                for (int i = 0; i < n; i++) out[oo + i] = ElementwiseMath.binary(op, a[ao + i * as], b[bo + i * bs]);
            }
        }
    }

    @Override
    public void binary(Binary op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        switch (op) { // the arithmetic ops get a loop each, so the switch runs once per call, not per element
            case ADD -> {
                for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] + b[bo + i * bs];
            }
            case SUB -> {
                for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] - b[bo + i * bs];
            }
            case MUL -> {
                for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] * b[bo + i * bs];
            }
            case DIV -> {
                for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] / b[bo + i * bs];
            }
            default -> {
                for (int i = 0; i < n; i++) out[oo + i] = ElementwiseMath.binary(op, a[ao + i * as], b[bo + i * bs]);
            }
        }
    }

    @Override
    public void ternary(Ternary op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] c, int co, int cs, double v,
            float[] out, int oo, int n) {
        float w = (float) v;
        if (op == Ternary.ADDCMUL) {
            for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] + b[bo + i * bs] * c[co + i * cs] * w;
        } else {
            for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] + b[bo + i * bs] / c[co + i * cs] * w;
        }
    }

    @Override
    public void ternary(Ternary op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] c, int co, int cs, double v,
            double[] out, int oo, int n) {
        if (op == Ternary.ADDCMUL) {
            for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] + b[bo + i * bs] * c[co + i * cs] * v;
        } else {
            for (int i = 0; i < n; i++) out[oo + i] = a[ao + i * as] + b[bo + i * bs] / c[co + i * cs] * v;
        }
    }

    @Override
    public void unary(Unary op, float[] x, int xo, float[] out, int oo, int n, double p0, double p1) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = ElementwiseMath.unary(op, x[xo + i], p0, p1);
        }
    }

    @Override
    public void unary(Unary op, double[] x, int xo, double[] out, int oo, int n, double p0, double p1) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = ElementwiseMath.unary(op, x[xo + i], p0, p1);
        }
    }

    @Override
    public void compare(Compare op, float[] a, int ao, int as, float[] b, int bo, int bs, int[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = ElementwiseMath.compare(op, a[ao + i * as], b[bo + i * bs]) ? 1 : 0;
        }
    }

    @Override
    public void compare(Compare op, double[] a, int ao, int as, double[] b, int bo, int bs, int[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = ElementwiseMath.compare(op, a[ao + i * as], b[bo + i * bs]) ? 1 : 0;
        }
    }

    @Override
    public void compare(Compare op, int[] a, int ao, int as, int[] b, int bo, int bs, int[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = ElementwiseMath.compare(op, a[ao + i * as], b[bo + i * bs]) ? 1 : 0;
        }
    }

    @Override
    public void where(int[] mask, int mo, int ms, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo,
            int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = mask[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    @Override
    public void where(int[] mask, int mo, int ms, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo,
            int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = mask[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    @Override
    public void where(int[] mask, int mo, int ms, int[] a, int ao, int as, int[] b, int bo, int bs, int[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = mask[mo + i * ms] != 0 ? a[ao + i * as] : b[bo + i * bs];
        }
    }

    @Override
    public void reluBackward(float[] x, int xo, float[] g, int go, float[] out, int oo, int n, boolean leaky,
            double negativeSlope) {
        float slope = (float) negativeSlope;
        for (int i = 0; i < n; i++) {
            float gi = g[go + i];
            out[oo + i] = x[xo + i] > 0 ? gi : leaky ? gi * slope : 0f;
        }
    }

    @Override
    public void reluBackward(double[] x, int xo, double[] g, int go, double[] out, int oo, int n, boolean leaky,
            double negativeSlope) {
        for (int i = 0; i < n; i++) {
            double gi = g[go + i];
            out[oo + i] = x[xo + i] > 0 ? gi : leaky ? gi * negativeSlope : 0.0;
        }
    }
}

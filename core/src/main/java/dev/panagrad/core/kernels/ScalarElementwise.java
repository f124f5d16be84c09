package dev.panagrad.core.kernels;

/** Plain-Java element-wise kernels: the reference the SIMD kernels are tested against. */
final class ScalarElementwise implements ElementwiseKernels {

    @Override
    public void binary(Binary op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            float x = a[ao + i * as];
            float y = b[bo + i * bs];
            out[oo + i] = switch (op) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
                case MAX -> Math.max(x, y);
                case MIN -> Math.min(x, y);
                case POW -> (float) Math.pow(x, y);
            };
        }
    }

    @Override
    public void binary(Binary op, double[] a, int ao, int as, double[] b, int bo, int bs, double[] out, int oo, int n) {
        for (int i = 0; i < n; i++) {
            double x = a[ao + i * as];
            double y = b[bo + i * bs];
            out[oo + i] = switch (op) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
                case MAX -> Math.max(x, y);
                case MIN -> Math.min(x, y);
                case POW -> Math.pow(x, y);
            };
        }
    }

    @Override
    public void unary(Unary op, float[] x, int xo, float[] out, int oo, int n, double p0, double p1) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = (float) apply(op, x[xo + i], p0, p1);
        }
    }

    @Override
    public void unary(Unary op, double[] x, int xo, double[] out, int oo, int n, double p0, double p1) {
        for (int i = 0; i < n; i++) {
            out[oo + i] = apply(op, x[xo + i], p0, p1);
        }
    }

    private static double apply(Unary op, double v, double p0, double p1) {
        return switch (op) {
            case NEG -> -v;
            case EXP -> Math.exp(v);
            case LOG -> Math.log(v);
        };
    }
}

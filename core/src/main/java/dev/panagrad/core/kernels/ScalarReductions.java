package dev.panagrad.core.kernels;

/**
 * Plain-Java reductions: the reference the SIMD kernels are tested against. Float32 input is
 * accumulated in double (sums, products and the sums of exponentials inside softmax), and every slice
 * is walked in index order, so the results are deterministic and as accurate as a single double
 * accumulator allows.
 */
public final class ScalarReductions implements ReductionKernels {
    /** The reference implementation; {@code VectorReductions} delegates its rarely hot shapes here. */
    public ScalarReductions() {}

    @Override
    public double sum(float[] x, int xo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[xo + i];
        }
        return s;
    }

    @Override
    public double sum(double[] x, int xo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += x[xo + i];
        }
        return s;
    }

    @Override
    public void reduce(Accumulate op, float[] x, int xo, int outer, int r, int inner, float[] out, int oo) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = xo + o * r * inner + j;
                double acc = op == Accumulate.PROD ? 1 : 0;
                for (int k = 0; k < r; k++) {
                    acc = accumulate(op, acc, x[base + k * inner]);
                }
                out[oo + o * inner + j] = (float) acc;
            }
        }
    }

    @Override
    public void reduce(Accumulate op, double[] x, int xo, int outer, int r, int inner, double[] out, int oo) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = xo + o * r * inner + j;
                double acc = op == Accumulate.PROD ? 1 : 0;
                for (int k = 0; k < r; k++) {
                    acc = accumulate(op, acc, x[base + k * inner]);
                }
                out[oo + o * inner + j] = acc;
            }
        }
    }

    static double accumulate(Accumulate op, double acc, double v) {
        return switch (op) {
            case SUM -> acc + v;
            case SUM_ABS -> acc + Math.abs(v);
            case SUM_SQUARES -> acc + v * v;
            case PROD -> acc * v;
        };
    }

    @Override
    public void argExtreme(Extreme op, float[] x, int xo, int outer, int r, int inner, float[] values, int[] indices, int oo) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = xo + o * r * inner + j;
                int best = 0;
                float bestValue = key(op, x[base]);
                for (int k = 1; k < r && bestValue == bestValue; k++) {
                    float v = key(op, x[base + k * inner]);
                    if (v != v || (op == Extreme.MIN ? v < bestValue : v > bestValue)) {
                        best = k;
                        bestValue = v;
                    }
                }
                values[oo + o * inner + j] = key(op, x[base + best * inner]);
                indices[oo + o * inner + j] = best;
            }
        }
    }

    @Override
    public void argExtreme(Extreme op, double[] x, int xo, int outer, int r, int inner, double[] values, int[] indices,
            int oo) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = xo + o * r * inner + j;
                int best = 0;
                double bestValue = key(op, x[base]);
                for (int k = 1; k < r && bestValue == bestValue; k++) {
                    double v = key(op, x[base + k * inner]);
                    if (v != v || (op == Extreme.MIN ? v < bestValue : v > bestValue)) {
                        best = k;
                        bestValue = v;
                    }
                }
                values[oo + o * inner + j] = key(op, x[base + best * inner]);
                indices[oo + o * inner + j] = best;
            }
        }
    }

    private static float key(Extreme op, float v) {
        return op == Extreme.MAX_ABS ? Math.abs(v) : v;
    }

    private static double key(Extreme op, double v) {
        return op == Extreme.MAX_ABS ? Math.abs(v) : v;
    }

    @Override
    public void logSumExp(float[] x, int xo, int outer, int r, int inner, float[] out, int oo) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = xo + o * r * inner + j;
                double m = finiteOrZero(max(x, base, r, inner));
                double s = 0;
                for (int k = 0; k < r; k++) {
                    s += Math.exp(x[base + k * inner] - m);
                }
                out[oo + o * inner + j] = (float) (m + Math.log(s));
            }
        }
    }

    @Override
    public void logSumExp(double[] x, int xo, int outer, int r, int inner, double[] out, int oo) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = xo + o * r * inner + j;
                double m = finiteOrZero(max(x, base, r, inner));
                double s = 0;
                for (int k = 0; k < r; k++) {
                    s += Math.exp(x[base + k * inner] - m);
                }
                out[oo + o * inner + j] = m + Math.log(s);
            }
        }
    }

    @Override
    public void softmax(boolean log, float[] x, int xo, int outer, int r, int inner, float[] out, int oo) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = o * r * inner + j;
                float m = (float) max(x, xo + base, r, inner);
                double s = 0;
                for (int k = 0; k < r; k++) {
                    s += Math.exp(x[xo + base + k * inner] - m);
                }
                double logS = Math.log(s);
                for (int k = 0; k < r; k++) {
                    float d = x[xo + base + k * inner] - m;
                    out[oo + base + k * inner] = (float) (log ? d - logS : Math.exp(d) / s);
                }
            }
        }
    }

    @Override
    public void softmax(boolean log, double[] x, int xo, int outer, int r, int inner, double[] out, int oo) {
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                int base = o * r * inner + j;
                double m = max(x, xo + base, r, inner);
                double s = 0;
                for (int k = 0; k < r; k++) {
                    s += Math.exp(x[xo + base + k * inner] - m);
                }
                double logS = Math.log(s);
                for (int k = 0; k < r; k++) {
                    double d = x[xo + base + k * inner] - m;
                    out[oo + base + k * inner] = log ? d - logS : Math.exp(d) / s;
                }
            }
        }
    }

    /** The maximum of {@code r} values at stride {@code inner}; NaN if any is NaN; −∞ when r is 0. */
    private static double max(float[] x, int base, int r, int inner) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < r; k++) {
            m = Math.max(m, x[base + k * inner]);
        }
        return m;
    }

    private static double max(double[] x, int base, int r, int inner) {
        double m = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < r; k++) {
            m = Math.max(m, x[base + k * inner]);
        }
        return m;
    }

    /** The shift used by log-sum-exp: the maximum, or 0 when it is ±∞ (NaN passes through). */
    static double finiteOrZero(double m) {
        return Double.isInfinite(m) ? 0 : m;
    }
}

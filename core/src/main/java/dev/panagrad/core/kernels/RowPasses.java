package dev.panagrad.core.kernels;

/**
 * The along-a-row half of separable pooling, shared by the scalar and SIMD pooling kernels (windows
 * along a row are short and irregular, so this half stays scalar; the column half is where both
 * implementations differ). Row results are laid out {@code h × cols.out()}.
 */
public final class RowPasses {
    private RowPasses() {}

    /** For every input row: each column window's maximum and its column (first maximum, first NaN), over the window's taps. */
    public static void max(float[] x, int xOff, int h, PoolWindows cols, float[] rowMax, int[] rowArg) {
        int w = cols.in(), ow = cols.out(), step = cols.step();
        for (int iy = 0; iy < h; iy++) {
            int base = xOff + iy * w;
            for (int j = 0; j < ow; j++) {
                int arg = cols.start()[j];
                float best = x[base + arg];
                for (int ix = arg + step; ix < cols.end()[j]; ix += step) {
                    float v = x[base + ix];
                    if (v > best || (v != v && best == best)) {
                        best = v;
                        arg = ix;
                    }
                }
                rowMax[iy * ow + j] = best;
                rowArg[iy * ow + j] = arg;
            }
        }
    }

    /** Float64 {@link #max(float[], int, int, PoolWindows, float[], int[])}. */
    public static void max(double[] x, int xOff, int h, PoolWindows cols, double[] rowMax, int[] rowArg) {
        int w = cols.in(), ow = cols.out(), step = cols.step();
        for (int iy = 0; iy < h; iy++) {
            int base = xOff + iy * w;
            for (int j = 0; j < ow; j++) {
                int arg = cols.start()[j];
                double best = x[base + arg];
                for (int ix = arg + step; ix < cols.end()[j]; ix += step) {
                    double v = x[base + ix];
                    if (v > best || (v != v && best == best)) {
                        best = v;
                        arg = ix;
                    }
                }
                rowMax[iy * ow + j] = best;
                rowArg[iy * ow + j] = arg;
            }
        }
    }

    /** For every input row: each column window's sum, left to right. */
    public static void sum(float[] x, int xOff, int h, PoolWindows cols, float[] rowSum) {
        int w = cols.in(), ow = cols.out(), step = cols.step();
        for (int iy = 0; iy < h; iy++) {
            int base = xOff + iy * w;
            for (int j = 0; j < ow; j++) {
                float s = 0f;
                for (int ix = cols.start()[j]; ix < cols.end()[j]; ix += step) {
                    s += x[base + ix];
                }
                rowSum[iy * ow + j] = s;
            }
        }
    }

    /** Float64 {@link #sum(float[], int, int, PoolWindows, float[])}. */
    public static void sum(double[] x, int xOff, int h, PoolWindows cols, double[] rowSum) {
        int w = cols.in(), ow = cols.out(), step = cols.step();
        for (int iy = 0; iy < h; iy++) {
            int base = xOff + iy * w;
            for (int j = 0; j < ow; j++) {
                double s = 0.0;
                for (int ix = cols.start()[j]; ix < cols.end()[j]; ix += step) {
                    s += x[base + ix];
                }
                rowSum[iy * ow + j] = s;
            }
        }
    }

    /** The adjoint of {@link #sum}: adds each row result to every column of its window in {@code dx}. */
    public static void spread(float[] rowSum, int h, PoolWindows cols, float[] dx, int dxOff) {
        int w = cols.in(), ow = cols.out(), step = cols.step();
        for (int iy = 0; iy < h; iy++) {
            int base = dxOff + iy * w;
            for (int j = 0; j < ow; j++) {
                float v = rowSum[iy * ow + j];
                for (int ix = cols.start()[j]; ix < cols.end()[j]; ix += step) {
                    dx[base + ix] += v;
                }
            }
        }
    }

    /** Float64 {@link #spread(float[], int, PoolWindows, float[], int)}. */
    public static void spread(double[] rowSum, int h, PoolWindows cols, double[] dx, int dxOff) {
        int w = cols.in(), ow = cols.out(), step = cols.step();
        for (int iy = 0; iy < h; iy++) {
            int base = dxOff + iy * w;
            for (int j = 0; j < ow; j++) {
                double v = rowSum[iy * ow + j];
                for (int ix = cols.start()[j]; ix < cols.end()[j]; ix += step) {
                    dx[base + ix] += v;
                }
            }
        }
    }
}

package dev.panagrad.core.kernels;

import java.util.Arrays;

/** Plain-Java im2col/col2im: the reference the SIMD kernels are tested against. */
final class ScalarConv implements ConvKernels {

    @Override
    public void im2col(float[] x, int xOff, int channels, ConvGeometry g, float[] col, int colOff, int ldCol) {
        int plane = g.h() * g.w();
        for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++) {
                    int row = colOff + ((c * g.kh() + ky) * g.kw() + kx) * ldCol;
                    int ox0 = g.firstCol(kx), ox1 = g.endCol(kx), shift = kx * g.dw() - g.pw();
                    for (int oy = 0; oy < g.oh(); oy++) {
                        int dst = row + oy * g.ow();
                        int iy = g.inRow(oy, ky);
                        if (iy < 0 || iy >= g.h()) {
                            Arrays.fill(col, dst, dst + g.ow(), 0f);
                            continue;
                        }
                        int src = xOff + c * plane + iy * g.w() + shift;
                        Arrays.fill(col, dst, dst + ox0, 0f);
                        for (int ox = ox0; ox < ox1; ox++) {
                            col[dst + ox] = x[src + ox * g.sw()];
                        }
                        Arrays.fill(col, dst + ox1, dst + g.ow(), 0f);
                    }
                }
            }
        }
    }

    @Override
    public void im2col(double[] x, int xOff, int channels, ConvGeometry g, double[] col, int colOff, int ldCol) {
        int plane = g.h() * g.w();
        for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++) {
                    int row = colOff + ((c * g.kh() + ky) * g.kw() + kx) * ldCol;
                    int ox0 = g.firstCol(kx), ox1 = g.endCol(kx), shift = kx * g.dw() - g.pw();
                    for (int oy = 0; oy < g.oh(); oy++) {
                        int dst = row + oy * g.ow();
                        int iy = g.inRow(oy, ky);
                        if (iy < 0 || iy >= g.h()) {
                            Arrays.fill(col, dst, dst + g.ow(), 0.0);
                            continue;
                        }
                        int src = xOff + c * plane + iy * g.w() + shift;
                        Arrays.fill(col, dst, dst + ox0, 0.0);
                        for (int ox = ox0; ox < ox1; ox++) {
                            col[dst + ox] = x[src + ox * g.sw()];
                        }
                        Arrays.fill(col, dst + ox1, dst + g.ow(), 0.0);
                    }
                }
            }
        }
    }

    @Override
    public void col2im(float[] col, int colOff, int channels, ConvGeometry g, float[] x, int xOff, int ldCol) {
        int plane = g.h() * g.w();
        for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++) {
                    int row = colOff + ((c * g.kh() + ky) * g.kw() + kx) * ldCol;
                    int ox0 = g.firstCol(kx), ox1 = g.endCol(kx), shift = kx * g.dw() - g.pw();
                    for (int oy = 0; oy < g.oh(); oy++) {
                        int iy = g.inRow(oy, ky);
                        if (iy < 0 || iy >= g.h()) {
                            continue;
                        }
                        int src = row + oy * g.ow();
                        int dst = xOff + c * plane + iy * g.w() + shift;
                        for (int ox = ox0; ox < ox1; ox++) {
                            x[dst + ox * g.sw()] += col[src + ox];
                        }
                    }
                }
            }
        }
    }

    @Override
    public void col2im(double[] col, int colOff, int channels, ConvGeometry g, double[] x, int xOff, int ldCol) {
        int plane = g.h() * g.w();
        for (int c = 0; c < channels; c++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++) {
                    int row = colOff + ((c * g.kh() + ky) * g.kw() + kx) * ldCol;
                    int ox0 = g.firstCol(kx), ox1 = g.endCol(kx), shift = kx * g.dw() - g.pw();
                    for (int oy = 0; oy < g.oh(); oy++) {
                        int iy = g.inRow(oy, ky);
                        if (iy < 0 || iy >= g.h()) {
                            continue;
                        }
                        int src = row + oy * g.ow();
                        int dst = xOff + c * plane + iy * g.w() + shift;
                        for (int ox = ox0; ox < ox1; ox++) {
                            x[dst + ox * g.sw()] += col[src + ox];
                        }
                    }
                }
            }
        }
    }

    /**
     * The sums of the scalar GEMM's tiles ({@code s += a·b} in tap order, then written as {@code 0 + s}) and the scalar
     * bias add, one output element at a time.
     */
    @Override
    public void convolveDirect(float[] x, int xOff, int channels, ConvGeometry g, float[] w, int wOff, int outChannels,
            float[] bias, int biasOff, float[] out, int outOff, float[] pad) {
        int plane = g.h() * g.w(), taps = channels * g.kernelArea();
        for (int o = 0; o < outChannels; o++) {
            for (int oy = 0; oy < g.oh(); oy++) {
                for (int ox = 0; ox < g.ow(); ox++) {
                    float s = 0f;
                    for (int c = 0; c < channels; c++) {
                        for (int ky = 0; ky < g.kh(); ky++) {
                            int iy = g.inRow(oy, ky);
                            for (int kx = 0; kx < g.kw(); kx++) {
                                float v = input(x, xOff + c * plane, g, iy, ox + kx * g.dw() - g.pw());
                                s += w[wOff + o * taps + (c * g.kh() + ky) * g.kw() + kx] * v;
                            }
                        }
                    }
                    float sum = 0f + s;
                    out[outOff + (o * g.oh() + oy) * g.ow() + ox] = bias == null ? sum : sum + bias[biasOff + o];
                }
            }
        }
    }

    /** Each weight's sum over the output positions in row-major order. */
    @Override
    public void weightGradDirect(float[] x, int xOff, int channels, ConvGeometry g, float[] grad, int gOff, int outChannels,
            float[] dw, int dwOff, float[] pad) {
        int plane = g.h() * g.w(), taps = channels * g.kernelArea(), area = g.outArea();
        for (int o = 0; o < outChannels; o++) {
            for (int c = 0; c < channels; c++) {
                for (int ky = 0; ky < g.kh(); ky++) {
                    for (int kx = 0; kx < g.kw(); kx++) {
                        float s = 0f;
                        for (int oy = 0; oy < g.oh(); oy++) {
                            int iy = g.inRow(oy, ky);
                            for (int ox = 0; ox < g.ow(); ox++) {
                                float v = input(x, xOff + c * plane, g, iy, ox + kx * g.dw() - g.pw());
                                s += grad[gOff + o * area + oy * g.ow() + ox] * v;
                            }
                        }
                        dw[dwOff + o * taps + (c * g.kh() + ky) * g.kw() + kx] = s;
                    }
                }
            }
        }
    }

    /** The input plane at {@code x[planeOff]} at row iy, column ix, or 0 in the padding around it. */
    private static float input(float[] x, int planeOff, ConvGeometry g, int iy, int ix) {
        return iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w() ? x[planeOff + iy * g.w() + ix] : 0f;
    }
}

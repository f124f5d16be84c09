package dev.panagrad.core.kernels;

import java.util.Arrays;

/** Plain-Java pooling: the reference the SIMD kernels are tested against. */
final class ScalarPool implements PoolKernels {

    @Override
    public void maxPool(int planes, float[] x, PoolWindows rows, PoolWindows cols, float[] out, int[] argmax) {
        int h = rows.in(), w = cols.in(), oh = rows.out(), ow = cols.out(), step = rows.step();
        float[] rowMax = new float[h * ow];
        int[] rowArg = new int[h * ow];
        for (int p = 0; p < planes; p++) {
            RowPasses.max(x, p * h * w, h, cols, rowMax, rowArg);
            for (int i = 0; i < oh; i++) {
                int s = rows.start()[i], o = p * oh * ow + i * ow;
                for (int j = 0; j < ow; j++) {
                    float best = rowMax[s * ow + j];
                    int arg = s * w + rowArg[s * ow + j];
                    for (int iy = s + step; iy < rows.end()[i]; iy += step) {
                        float v = rowMax[iy * ow + j];
                        if (v > best || (v != v && best == best)) {
                            best = v;
                            arg = iy * w + rowArg[iy * ow + j];
                        }
                    }
                    out[o + j] = best;
                    argmax[o + j] = arg;
                }
            }
        }
    }

    @Override
    public void maxPool(int planes, double[] x, PoolWindows rows, PoolWindows cols, double[] out, int[] argmax) {
        int h = rows.in(), w = cols.in(), oh = rows.out(), ow = cols.out(), step = rows.step();
        double[] rowMax = new double[h * ow];
        int[] rowArg = new int[h * ow];
        for (int p = 0; p < planes; p++) {
            RowPasses.max(x, p * h * w, h, cols, rowMax, rowArg);
            for (int i = 0; i < oh; i++) {
                int s = rows.start()[i], o = p * oh * ow + i * ow;
                for (int j = 0; j < ow; j++) {
                    double best = rowMax[s * ow + j];
                    int arg = s * w + rowArg[s * ow + j];
                    for (int iy = s + step; iy < rows.end()[i]; iy += step) {
                        double v = rowMax[iy * ow + j];
                        if (v > best || (v != v && best == best)) {
                            best = v;
                            arg = iy * w + rowArg[iy * ow + j];
                        }
                    }
                    out[o + j] = best;
                    argmax[o + j] = arg;
                }
            }
        }
    }

    @Override
    public void avgPool(int planes, float[] x, PoolWindows rows, PoolWindows cols, float[] out) {
        int h = rows.in(), w = cols.in(), oh = rows.out(), ow = cols.out(), step = rows.step();
        float[] rowSum = new float[h * ow];
        for (int p = 0; p < planes; p++) {
            RowPasses.sum(x, p * h * w, h, cols, rowSum);
            for (int i = 0; i < oh; i++) {
                int o = p * oh * ow + i * ow;
                float rd = rows.divisor()[i];
                for (int j = 0; j < ow; j++) {
                    float s = 0f;
                    for (int iy = rows.start()[i]; iy < rows.end()[i]; iy += step) {
                        s += rowSum[iy * ow + j];
                    }
                    out[o + j] = s / (rd * cols.divisor()[j]);
                }
            }
        }
    }

    @Override
    public void avgPool(int planes, double[] x, PoolWindows rows, PoolWindows cols, double[] out) {
        int h = rows.in(), w = cols.in(), oh = rows.out(), ow = cols.out(), step = rows.step();
        double[] rowSum = new double[h * ow];
        for (int p = 0; p < planes; p++) {
            RowPasses.sum(x, p * h * w, h, cols, rowSum);
            for (int i = 0; i < oh; i++) {
                int o = p * oh * ow + i * ow;
                double rd = rows.divisor()[i];
                for (int j = 0; j < ow; j++) {
                    double s = 0.0;
                    for (int iy = rows.start()[i]; iy < rows.end()[i]; iy += step) {
                        s += rowSum[iy * ow + j];
                    }
                    out[o + j] = s / (rd * cols.divisor()[j]);
                }
            }
        }
    }

    @Override
    public void avgPoolAdjoint(int planes, float[] g, PoolWindows rows, PoolWindows cols, float[] dx) {
        int h = rows.in(), w = cols.in(), oh = rows.out(), ow = cols.out(), step = rows.step();
        float[] rowSum = new float[h * ow];
        Arrays.fill(dx, 0, planes * h * w, 0f);
        for (int p = 0; p < planes; p++) {
            Arrays.fill(rowSum, 0f);
            for (int i = 0; i < oh; i++) {
                int o = p * oh * ow + i * ow;
                float rd = rows.divisor()[i];
                for (int j = 0; j < ow; j++) {
                    float v = g[o + j] / (rd * cols.divisor()[j]);
                    for (int iy = rows.start()[i]; iy < rows.end()[i]; iy += step) {
                        rowSum[iy * ow + j] += v;
                    }
                }
            }
            RowPasses.spread(rowSum, h, cols, dx, p * h * w);
        }
    }

    @Override
    public void avgPoolAdjoint(int planes, double[] g, PoolWindows rows, PoolWindows cols, double[] dx) {
        int h = rows.in(), w = cols.in(), oh = rows.out(), ow = cols.out(), step = rows.step();
        double[] rowSum = new double[h * ow];
        Arrays.fill(dx, 0, planes * h * w, 0.0);
        for (int p = 0; p < planes; p++) {
            Arrays.fill(rowSum, 0.0);
            for (int i = 0; i < oh; i++) {
                int o = p * oh * ow + i * ow;
                double rd = rows.divisor()[i];
                for (int j = 0; j < ow; j++) {
                    double v = g[o + j] / (rd * cols.divisor()[j]);
                    for (int iy = rows.start()[i]; iy < rows.end()[i]; iy += step) {
                        rowSum[iy * ow + j] += v;
                    }
                }
            }
            RowPasses.spread(rowSum, h, cols, dx, p * h * w);
        }
    }

    @Override
    public void gather(int planes, float[] src, int srcArea, int[] idx, int idxArea, float[] out) {
        for (int p = 0; p < planes; p++) {
            for (int o = p * idxArea, end = o + idxArea; o < end; o++) {
                out[o] = src[p * srcArea + idx[o]];
            }
        }
    }

    @Override
    public void gather(int planes, double[] src, int srcArea, int[] idx, int idxArea, double[] out) {
        for (int p = 0; p < planes; p++) {
            for (int o = p * idxArea, end = o + idxArea; o < end; o++) {
                out[o] = src[p * srcArea + idx[o]];
            }
        }
    }

    @Override
    public void scatterAdd(int planes, float[] src, int[] idx, int idxArea, float[] out, int outArea) {
        for (int p = 0; p < planes; p++) {
            for (int o = p * idxArea, end = o + idxArea; o < end; o++) {
                out[p * outArea + idx[o]] += src[o];
            }
        }
    }

    @Override
    public void scatterAdd(int planes, double[] src, int[] idx, int idxArea, double[] out, int outArea) {
        for (int p = 0; p < planes; p++) {
            for (int o = p * idxArea, end = o + idxArea; o < end; o++) {
                out[p * outArea + idx[o]] += src[o];
            }
        }
    }
}

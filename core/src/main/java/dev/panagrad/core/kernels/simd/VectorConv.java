package dev.panagrad.core.kernels.simd;

import dev.panagrad.core.kernels.ConvGeometry;
import dev.panagrad.core.kernels.ConvKernels;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API im2col/col2im. Each kernel row is split into a zero prefix, a valid run and a zero suffix
 * computed up front, so the run needs no bounds tests: unit-stride runs move whole vectors, strided
 * runs gather (im2col) or gather-add-scatter (col2im) through a lane map {@code 0, s, 2s, …}.
 * Results are bitwise equal to the scalar kernels (copies, and one addition per element in the same order).
 */
public final class VectorConv implements ConvKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;

    /** Loaded by {@code Kernels} by name. */
    public VectorConv() {}

    /** Lane offsets {@code 0, stride, 2·stride, …} for {@code lanes} lanes. */
    static int[] laneMap(int lanes, int stride) {
        int[] map = new int[lanes];
        for (int i = 0; i < lanes; i++) {
            map[i] = i * stride;
        }
        return map;
    }

    @Override
    public void im2col(float[] x, int xOff, int channels, ConvGeometry g, float[] col, int colOff, int ldCol) {
        int plane = g.h() * g.w(), sw = g.sw(), lanes = F.length();
        int[] map = laneMap(lanes, sw);
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
                        zero(col, dst, dst + ox0);
                        int ox = ox0;
                        if (sw == 1) {
                            for (; ox + lanes <= ox1; ox += lanes) {
                                FloatVector.fromArray(F, x, src + ox).intoArray(col, dst + ox);
                            }
                        } else {
                            for (; ox + lanes <= ox1; ox += lanes) {
                                FloatVector.fromArray(F, x, src + ox * sw, map, 0).intoArray(col, dst + ox);
                            }
                        }
                        // scalar tail
                        for (; ox < ox1; ox++) {
                            col[dst + ox] = x[src + ox * sw];
                        }
                        zero(col, dst + ox1, dst + g.ow());
                    }
                }
            }
        }
    }

    @Override
    public void im2col(double[] x, int xOff, int channels, ConvGeometry g, double[] col, int colOff, int ldCol) {
        int plane = g.h() * g.w(), sw = g.sw(), lanes = D.length();
        int[] map = laneMap(lanes, sw);
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
                        zero(col, dst, dst + ox0);
                        int ox = ox0;
                        if (sw == 1) {
                            for (; ox + lanes <= ox1; ox += lanes) {
                                DoubleVector.fromArray(D, x, src + ox).intoArray(col, dst + ox);
                            }
                        } else {
                            for (; ox + lanes <= ox1; ox += lanes) {
                                DoubleVector.fromArray(D, x, src + ox * sw, map, 0).intoArray(col, dst + ox);
                            }
                        }
                        // scalar tail
                        for (; ox < ox1; ox++) {
                            col[dst + ox] = x[src + ox * sw];
                        }
                        zero(col, dst + ox1, dst + g.ow());
                    }
                }
            }
        }
    }

    @Override
    public void col2im(float[] col, int colOff, int channels, ConvGeometry g, float[] x, int xOff, int ldCol) {
        int plane = g.h() * g.w(), sw = g.sw(), lanes = F.length();
        int[] map = laneMap(lanes, sw);
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
                        int ox = ox0;
                        if (sw == 1) {
                            for (; ox + lanes <= ox1; ox += lanes) {
                                FloatVector.fromArray(F, x, dst + ox).add(FloatVector.fromArray(F, col, src + ox))
                                        .intoArray(x, dst + ox);
                            }
                        } else {
                            for (; ox + lanes <= ox1; ox += lanes) {
                                FloatVector.fromArray(F, x, dst + ox * sw, map, 0).add(FloatVector.fromArray(F, col, src + ox))
                                        .intoArray(x, dst + ox * sw, map, 0);
                            }
                        }
                        // scalar tail
                        for (; ox < ox1; ox++) {
                            x[dst + ox * sw] += col[src + ox];
                        }
                    }
                }
            }
        }
    }

    @Override
    public void col2im(double[] col, int colOff, int channels, ConvGeometry g, double[] x, int xOff, int ldCol) {
        int plane = g.h() * g.w(), sw = g.sw(), lanes = D.length();
        int[] map = laneMap(lanes, sw);
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
                        int ox = ox0;
                        if (sw == 1) {
                            for (; ox + lanes <= ox1; ox += lanes) {
                                DoubleVector.fromArray(D, x, dst + ox).add(DoubleVector.fromArray(D, col, src + ox))
                                        .intoArray(x, dst + ox);
                            }
                        } else {
                            for (; ox + lanes <= ox1; ox += lanes) {
                                DoubleVector.fromArray(D, x, dst + ox * sw, map, 0).add(DoubleVector.fromArray(D, col, src + ox))
                                        .intoArray(x, dst + ox * sw, map, 0);
                            }
                        }
                        // scalar tail
                        for (; ox < ox1; ox++) {
                            x[dst + ox * sw] += col[src + ox];
                        }
                    }
                }
            }
        }
    }

    /** col[from, to) = 0 by a plain loop: the padding runs are a few elements, too short for Arrays.fill's overhead. */
    private static void zero(float[] col, int from, int to) {
        for (int i = from; i < to; i++) {
            col[i] = 0f;
        }
    }

    /** Float64 {@link #zero(float[], int, int)}. */
    private static void zero(double[] col, int from, int to) {
        for (int i = from; i < to; i++) {
            col[i] = 0.0;
        }
    }
}

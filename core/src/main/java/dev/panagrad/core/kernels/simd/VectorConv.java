package dev.panagrad.core.kernels.simd;

import dev.panagrad.core.kernels.ConvGeometry;
import dev.panagrad.core.kernels.ConvKernels;
import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API im2col/col2im. The valid output rows {@code [firstRow, endRow)} of each kernel row and the
 * valid output columns {@code [firstCol, endCol)} of each kernel column are computed once, so no element
 * is bounds-tested: the output rows that read padding are zeroed as one run at each end of a column-matrix
 * row, and each valid output row is a zero prefix, a valid run and a zero suffix. Unit-stride runs move
 * as in {@link #copy} (im2col) or as whole vector adds and a scalar tail (col2im); the row positions advance by
 * addition rather than being recomputed per row; strided runs gather (im2col) or gather-add-scatter (col2im)
 * through a lane map {@code 0, s, 2s, …}. The kernel offsets are the outer loops and the channels the inner
 * one, so the clipping bounds are computed once per offset, not once per channel (col2im still adds each
 * element's contributions in column-matrix row order: the channels touch disjoint planes). With the
 * dedicated {@link #shortRuns} loop, LeNet's second layer unfolds 64 samples in 0.46 instead of 0.99 ms; with
 * {@link #addShortRuns}, it folds them back in 0.43 instead of 0.72 ms. A "same" convolution with stride 1 unfolds each channel's kernel
 * offset as one shifted block copy ({@link #copiedWhole}): 64 samples of LeNet's first layer (5 × 5, padding 2)
 * in 0.27 instead of 0.45 ms, of a 3 → 64-channel 3 × 3 layer with padding 1 on 32 × 32 in 0.35 instead of 0.58 ms.
 * An unpadded layer whose output rows are one to two vectors wide ({@link #unpaddedShortRows}, LeNet's second) skips
 * the per-offset clipping altogether: 0.35–0.38 instead of 0.49–0.50 ms for 64 samples.
 * Results are bitwise equal to the scalar kernels: im2col only copies, and col2im adds each contribution
 * once, in the scalar kernel's order (column-matrix row by row).
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
        int plane = g.h() * g.w(), ow = g.ow(), area = g.outArea(), sw = g.sw(), rowStep = g.sh() * g.w();
        if (unpaddedShortRows(g)) {
            for (int c = 0; c < channels; c++) {
                for (int ky = 0; ky < g.kh(); ky++) {
                    for (int kx = 0; kx < g.kw(); kx++) {
                        int row = colOff + ((c * g.kh() + ky) * g.kw() + kx) * ldCol;
                        shortRuns(x, xOff + c * plane + ky * g.dh() * g.w() + kx * g.dw(), rowStep, col, row, ow, g.oh());
                    }
                }
            }
            return;
        }
        int[] map = laneMap(F.length(), sw);
        for (int ky = 0; ky < g.kh(); ky++) {
            int oy0 = g.firstRow(ky), oy1 = g.endRow(ky);
            for (int kx = 0; kx < g.kw(); kx++) {
                int ox0 = g.firstCol(kx), ox1 = g.endCol(kx), run = ox1 - ox0;
                int shift = shift(g, ky, kx);
                for (int c = 0; c < channels; c++) {
                    int row = colOff + ((c * g.kh() + ky) * g.kw() + kx) * ldCol;
                    int src0 = xOff + c * plane + shift; // plane position of small-plane position 0
                    if (shift != NO_SHIFT && copiedWhole(x, x.length, src0, col, row, oy0, oy1, ox0, ox1, ow, area)) {
                        continue;
                    }
                    zero(col, row, row + oy0 * ow);
                    // src: input position of (oy, ox0); dst: column-matrix position of (oy, 0)
                    int src = xOff + c * plane + g.inRow(oy0, ky) * g.w() + kx * g.dw() - g.pw() + ox0 * sw;
                    int dst = row + oy0 * ow;
                    if (sw == 1 && ox0 == 0 && ox1 == ow && run >= F.length() && run <= 2 * F.length()) {
                        shortRuns(x, src, rowStep, col, dst, run, oy1 - oy0);
                    } else {
                        for (int oy = oy0; oy < oy1; oy++, src += rowStep, dst += ow) {
                            zero(col, dst, dst + ox0);
                            if (sw != 1) {
                                gather(x, src, sw, map, col, dst + ox0, run);
                            } else {
                                copy(x, src, col, dst + ox0, run);
                            }
                            zero(col, dst + ox1, dst + ow);
                        }
                    }
                    zero(col, row + oy1 * ow, row + area);
                }
            }
        }
    }

    @Override
    public void im2col(double[] x, int xOff, int channels, ConvGeometry g, double[] col, int colOff, int ldCol) {
        int plane = g.h() * g.w(), ow = g.ow(), area = g.outArea(), sw = g.sw(), rowStep = g.sh() * g.w();
        int[] map = laneMap(D.length(), sw);
        for (int ky = 0; ky < g.kh(); ky++) {
            int oy0 = g.firstRow(ky), oy1 = g.endRow(ky);
            for (int kx = 0; kx < g.kw(); kx++) {
                int ox0 = g.firstCol(kx), ox1 = g.endCol(kx), run = ox1 - ox0;
                int shift = shift(g, ky, kx);
                for (int c = 0; c < channels; c++) {
                    int row = colOff + ((c * g.kh() + ky) * g.kw() + kx) * ldCol;
                    int src0 = xOff + c * plane + shift; // plane position of small-plane position 0
                    if (shift != NO_SHIFT && copiedWhole(x, x.length, src0, col, row, oy0, oy1, ox0, ox1, ow, area)) {
                        continue;
                    }
                    zero(col, row, row + oy0 * ow);
                    // src: input position of (oy, ox0); dst: column-matrix position of (oy, 0)
                    int src = xOff + c * plane + g.inRow(oy0, ky) * g.w() + kx * g.dw() - g.pw() + ox0 * sw;
                    int dst = row + oy0 * ow;
                    for (int oy = oy0; oy < oy1; oy++, src += rowStep, dst += ow) {
                        zero(col, dst, dst + ox0);
                        if (sw != 1) {
                            gather(x, src, sw, map, col, dst + ox0, run);
                        } else if (run > 0) { // an empty run's source index may lie outside the plane
                            System.arraycopy(x, src, col, dst + ox0, run);
                        }
                        zero(col, dst + ox1, dst + ow);
                    }
                    zero(col, row + oy1 * ow, row + area);
                }
            }
        }
    }

    @Override
    public void col2im(float[] col, int colOff, int channels, ConvGeometry g, float[] x, int xOff, int ldCol) {
        int plane = g.h() * g.w(), ow = g.ow(), sw = g.sw(), rowStep = g.sh() * g.w(), lanes = F.length();
        int[] map = laneMap(lanes, sw);
        for (int ky = 0; ky < g.kh(); ky++) {
            int oy0 = g.firstRow(ky), oy1 = g.endRow(ky);
            for (int kx = 0; kx < g.kw(); kx++) {
                int ox0 = g.firstCol(kx), run = g.endCol(kx) - ox0;
                for (int c = 0; c < channels; c++) {
                    int row = colOff + ((c * g.kh() + ky) * g.kw() + kx) * ldCol;
                    // src: column-matrix position of (oy, ox0); dst: input position of (oy, ox0)
                    int src = row + oy0 * ow + ox0;
                    int dst = xOff + c * plane + g.inRow(oy0, ky) * g.w() + kx * g.dw() - g.pw() + ox0 * sw;
                    if (sw == 1 && run >= lanes && run <= 2 * lanes) {
                        addShortRuns(col, src, ow, x, dst, rowStep, run, oy1 - oy0);
                        continue;
                    }
                    for (int oy = oy0; oy < oy1; oy++, src += ow, dst += rowStep) {
                        if (sw != 1) {
                            scatterAdd(col, src, x, dst, sw, map, run);
                            continue;
                        }
                        addRun(col, src, x, dst, run);
                    }
                }
            }
        }
    }

    @Override
    public void col2im(double[] col, int colOff, int channels, ConvGeometry g, double[] x, int xOff, int ldCol) {
        int plane = g.h() * g.w(), ow = g.ow(), sw = g.sw(), rowStep = g.sh() * g.w(), lanes = D.length();
        int[] map = laneMap(lanes, sw);
        for (int ky = 0; ky < g.kh(); ky++) {
            int oy0 = g.firstRow(ky), oy1 = g.endRow(ky);
            for (int kx = 0; kx < g.kw(); kx++) {
                int ox0 = g.firstCol(kx), run = g.endCol(kx) - ox0, vectors = run - run % lanes;
                for (int c = 0; c < channels; c++) {
                    int row = colOff + ((c * g.kh() + ky) * g.kw() + kx) * ldCol;
                    // src: column-matrix position of (oy, ox0); dst: input position of (oy, ox0)
                    int src = row + oy0 * ow + ox0;
                    int dst = xOff + c * plane + g.inRow(oy0, ky) * g.w() + kx * g.dw() - g.pw() + ox0 * sw;
                    for (int oy = oy0; oy < oy1; oy++, src += ow, dst += rowStep) {
                        if (sw != 1) {
                            scatterAdd(col, src, x, dst, sw, map, run);
                            continue;
                        }
                        int i = 0;
                        for (; i < vectors; i += lanes) {
                            DoubleVector.fromArray(D, x, dst + i).add(DoubleVector.fromArray(D, col, src + i)).intoArray(x, dst + i);
                        }
                        for (; i < run; i++) {
                            x[dst + i] += col[src + i];
                        }
                    }
                }
            }
        }
    }

    @Override
    public int directRowWidth() {
        return F.length();
    }

    @Override
    public void convolveDirect(float[] x, int xOff, int channels, ConvGeometry g, float[] w, int wOff, int outChannels,
            float[] bias, int biasOff, float[] out, int outOff, float[] pad) {
        DirectConvolution.convolve(x, xOff, channels, g, w, wOff, outChannels, bias, biasOff, out, outOff, pad);
    }

    @Override
    public void weightGradDirect(float[] x, int xOff, int channels, ConvGeometry g, float[] grad, int gOff,
            int outChannels, float[] dw, int dwOff, float[] pad) {
        DirectConvolution.weightGrad(x, xOff, channels, g, grad, gOff, outChannels, dw, dwOff, pad);
    }

    /**
     * Whether every output row of every kernel offset is one unit-stride run of one to two vectors with nothing to
     * zero (no padding, stride 1 along the rows, a width of L to 2L: LeNet's second layer, 14 → 10): then im2col is
     * {@link #shortRuns} per column-matrix row and nothing else, with no bounds to clip per offset and channel.
     */
    private static boolean unpaddedShortRows(ConvGeometry g) {
        return g.ph() == 0 && g.pw() == 0 && g.sw() == 1 && g.ow() >= F.length() && g.ow() <= 2 * F.length();
    }

    /** {@link #shift}'s answer when the rows of a kernel offset are not one shifted block. */
    private static final int NO_SHIFT = Integer.MIN_VALUE;

    /**
     * For a convolution with stride 1 along both axes whose output rows are as wide as its input rows (a "same"
     * convolution, such as 3 × 3 with padding 1), small-plane position {@code j = oy·ow + ox} reads big-plane position
     * {@code j + shift} for kernel offset (ky, kx), the shift returned here; otherwise {@link #NO_SHIFT}.
     */
    private static int shift(ConvGeometry g, int ky, int kx) {
        if (g.sh() != 1 || g.sw() != 1 || g.ow() != g.w()) {
            return NO_SHIFT;
        }
        return (ky * g.dh() - g.ph()) * g.w() + kx * g.dw() - g.pw();
    }

    /**
     * One column-matrix row of a shifted kernel offset (see {@link #shift}) as a single copy of its valid rows
     * {@code [oy0, oy1)} from {@code x} at {@code src} (the plane position of small-plane position 0), then the
     * columns outside {@code [ox0, ox1)}, which read the neighbouring big-plane row, and the rows outside, zeroed.
     * One copy of a whole block instead of a zero prefix, a copy and a zero suffix per row: LeNet's 5 × 5 layer with
     * padding 2 and a 3 × 3 layer with padding 1 unfold about twice as fast. Returns false, having written nothing,
     * when the block would read outside {@code x} (of {@code length}; the first or last plane of the array). For
     * either element type.
     */
    private static boolean copiedWhole(Object x, int length, int src, Object col, int row, int oy0, int oy1, int ox0,
            int ox1, int ow, int area) {
        int from = oy0 * ow, to = oy1 * ow;
        if (src + from < 0 || src + to > length) {
            return false;
        }
        zero(col, row, row + from);
        System.arraycopy(x, src + from, col, row + from, to - from);
        zero(col, row + to, row + area);
        for (int at = row + from; at < row + to; at += ow) {
            zero(col, at, at + ox0);
            zero(col, at + ox1, at + ow);
        }
        return true;
    }

    /** {@link #zero(float[], int, int)} for either element type. */
    private static void zero(Object col, int from, int to) {
        if (col instanceof float[] f) {
            zero(f, from, to);
        } else {
            zero((double[]) col, from, to);
        }
    }

    /**
     * {@code rows} runs of {@code n} (one to two vectors) from {@code x} at {@code src} (runs {@code step} apart) to
     * consecutive runs of {@code col} at {@code dst}: two vector copies per run, the second ending at the run's end.
     * A loop of its own, so the JIT's profile of it is not shared with the longer runs of other layers (sharing it
     * made the 10-element runs of LeNet's second layer 2.3 times slower).
     */
    private static void shortRuns(float[] x, int src, int step, float[] col, int dst, int n, int rows) {
        int lanes = F.length(), last = n - lanes;
        for (int r = 0; r < rows; r++) {
            FloatVector.fromArray(F, x, src + r * step).intoArray(col, dst + r * n);
            FloatVector.fromArray(F, x, src + r * step + last).intoArray(col, dst + r * n + last);
        }
    }

    /**
     * {@code col[dst, dst + n) = x[src, src + n)}: runs longer than two vectors as one {@code System.arraycopy}
     * (measured faster than a vector loop on the 24–28-element runs of a 28-wide plane), one to two vectors as
     * two vector copies (the second ending at the run's end, rewriting the same values), shorter runs element
     * by element.
     */
    private static void copy(float[] x, int src, float[] col, int dst, int n) {
        int lanes = F.length();
        if (n > 2 * lanes) {
            System.arraycopy(x, src, col, dst, n);
        } else if (n >= lanes) {
            FloatVector.fromArray(F, x, src).intoArray(col, dst);
            FloatVector.fromArray(F, x, src + n - lanes).intoArray(col, dst + n - lanes);
        } else {
            for (int i = 0; i < n; i++) {
                col[dst + i] = x[src + i];
            }
        }
    }

    /**
     * {@code rows} runs of {@code n} (one to two vectors) of {@code col} at {@code src} (runs {@code colStep} apart)
     * added to {@code x} at {@code dst} (runs {@code step} apart), with no scalar tail: the two vectors of a run, the
     * second ending at the run's end, are both loaded before either is stored, so the lanes they share hold the same
     * sum in both and every element gets its one addition. LeNet's second
     * layer (runs of 10) folds 64 samples back in 0.43 instead of 0.72 ms.
     */
    private static void addShortRuns(float[] col, int src, int colStep, float[] x, int dst, int step, int n, int rows) {
        int last = n - F.length();
        for (int r = 0; r < rows; r++) {
            int from = src + r * colStep, to = dst + r * step;
            FloatVector head = FloatVector.fromArray(F, x, to).add(FloatVector.fromArray(F, col, from));
            FloatVector tail = FloatVector.fromArray(F, x, to + last).add(FloatVector.fromArray(F, col, from + last));
            head.intoArray(x, to);
            tail.intoArray(x, to + last);
        }
    }

    /**
     * {@code x[dst + i] += col[src + i]} for {@code i < n}: whole vectors, then element by element. A run of
     * one or two vectors takes no loop (as in {@link #copy}).
     */
    private static void addRun(float[] col, int src, float[] x, int dst, int n) {
        int lanes = F.length(), i;
        if (n >= lanes && n < 2 * lanes) {
            FloatVector.fromArray(F, x, dst).add(FloatVector.fromArray(F, col, src)).intoArray(x, dst);
            i = lanes;
        } else {
            for (i = 0; i + lanes <= n; i += lanes) {
                FloatVector.fromArray(F, x, dst + i).add(FloatVector.fromArray(F, col, src + i)).intoArray(x, dst + i);
            }
        }
        for (; i < n; i++) {
            x[dst + i] += col[src + i];
        }
    }

    /** {@code col[dst + i] = x[src + i·stride]} for {@code i < n}: gathers through {@code map}, then a scalar tail. */
    private static void gather(float[] x, int src, int stride, int[] map, float[] col, int dst, int n) {
        int lanes = F.length(), i = 0;
        for (; i + lanes <= n; i += lanes) {
            FloatVector.fromArray(F, x, src + i * stride, map, 0).intoArray(col, dst + i);
        }
        for (; i < n; i++) {
            col[dst + i] = x[src + i * stride];
        }
    }

    /** Float64 {@link #gather(float[], int, int, int[], float[], int, int)}. */
    private static void gather(double[] x, int src, int stride, int[] map, double[] col, int dst, int n) {
        int lanes = D.length(), i = 0;
        for (; i + lanes <= n; i += lanes) {
            DoubleVector.fromArray(D, x, src + i * stride, map, 0).intoArray(col, dst + i);
        }
        for (; i < n; i++) {
            col[dst + i] = x[src + i * stride];
        }
    }

    /** {@code x[dst + i·stride] += col[src + i]} for {@code i < n}: gather-add-scatter through {@code map}, then a scalar tail. */
    private static void scatterAdd(float[] col, int src, float[] x, int dst, int stride, int[] map, int n) {
        int lanes = F.length(), i = 0;
        for (; i + lanes <= n; i += lanes) {
            FloatVector.fromArray(F, x, dst + i * stride, map, 0).add(FloatVector.fromArray(F, col, src + i))
                    .intoArray(x, dst + i * stride, map, 0);
        }
        for (; i < n; i++) {
            x[dst + i * stride] += col[src + i];
        }
    }

    /** Float64 {@link #scatterAdd(float[], int, float[], int, int, int[], int)}. */
    private static void scatterAdd(double[] col, int src, double[] x, int dst, int stride, int[] map, int n) {
        int lanes = D.length(), i = 0;
        for (; i + lanes <= n; i += lanes) {
            DoubleVector.fromArray(D, x, dst + i * stride, map, 0).add(DoubleVector.fromArray(D, col, src + i))
                    .intoArray(x, dst + i * stride, map, 0);
        }
        for (; i < n; i++) {
            x[dst + i * stride] += col[src + i];
        }
    }

    /** {@code col[from, to) = 0}: a plain loop for the few-element padding runs, Arrays.fill for long ones. */
    private static void zero(float[] col, int from, int to) {
        if (to - from > 32) {
            Arrays.fill(col, from, to, 0f);
            return;
        }
        for (int i = from; i < to; i++) {
            col[i] = 0f;
        }
    }

    /** Float64 {@link #zero(float[], int, int)}. */
    private static void zero(double[] col, int from, int to) {
        if (to - from > 32) {
            Arrays.fill(col, from, to, 0.0);
            return;
        }
        for (int i = from; i < to; i++) {
            col[i] = 0.0;
        }
    }
}

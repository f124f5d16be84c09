package dev.panagrad.core.kernels;

/**
 * The data movement of convolution by GEMM: {@code im2col} unfolds the receptive fields of a block of
 * channel planes into a column matrix, {@code col2im} folds a column matrix back, adding overlapping
 * contributions. Both follow a {@link ConvGeometry}; the column matrix has {@code channels·kh·kw} rows
 * (row {@code (c·kh + ky)·kw + kx}) and {@code oh·ow} columns, row-major with a row stride {@code ldCol ≥ oh·ow}:
 * with {@code ldCol = nb·oh·ow} and {@code colOff = j·oh·ow}, the column matrices of {@code nb} samples sit side by
 * side and one GEMM convolves them all. {@code convolveDirect} convolves, and {@code weightGradDirect} computes its weight gradient,
 * without a column matrix, for the layers whose column matrix is short (few input channels, such as an image's 1 or 3).
 */
public interface ConvKernels {
    /** The implementation chosen at start-up. */
    ConvKernels INSTANCE = Kernels.choose(ConvKernels.class, new ScalarConv(), "VectorConv");

    /**
     * Reads {@code channels} planes of {@code g.h()·g.w()} values from {@code x} at {@code xOff} and writes
     * the column matrix at {@code col[colOff…]}, row r at {@code colOff + r·ldCol} (padding positions become 0;
     * the {@code ldCol − oh·ow} entries between rows are not touched).
     */
    void im2col(float[] x, int xOff, int channels, ConvGeometry g, float[] col, int colOff, int ldCol);

    /** Float64 {@link #im2col(float[], int, int, ConvGeometry, float[], int, int)}. */
    void im2col(double[] x, int xOff, int channels, ConvGeometry g, double[] col, int colOff, int ldCol);

    /**
     * Reads the column matrix at {@code col[colOff…]} (row stride {@code ldCol}) and adds each entry to the big-plane position it was
     * unfolded from, in {@code channels} planes of {@code x} at {@code xOff}; padding entries are dropped.
     * Contributions are added in row order of the column matrix.
     */
    void col2im(float[] col, int colOff, int channels, ConvGeometry g, float[] x, int xOff, int ldCol);

    /** Float64 {@link #col2im(float[], int, int, ConvGeometry, float[], int, int)}. */
    void col2im(double[] col, int colOff, int channels, ConvGeometry g, double[] x, int xOff, int ldCol);

    /**
     * Direct float32 convolution of one sample with stride 1 (any padding and dilation; {@code g.sh() = g.sw() = 1}):
     * {@code out[outOff + (o·oh + oy)·ow + ox] = Σ_{c,ky,kx} w[wOff + o·K + (c·kh + ky)·kw + kx] ·
     * x[xOff + c·h·w + iy·w + ix] (+ bias[biasOff + o])} for the {@code outChannels} channels o, with {@code K =
     * channels·kh·kw}, {@code iy = oy + ky·dh − ph}, {@code ix = ox + kx·dw − pw} and padding positions read as 0. The
     * sum runs over the taps in column-matrix row order, from 0, and the bias is added last: bitwise what {@link #im2col},
     * the same family's GEMM ({@code W·col}) and the element-wise bias add give. {@code bias} may be null. {@code pad}
     * is working space of at least {@link #directScratch} elements. Convolution uses it where
     * {@link #convolvesDirectly}.
     */
    void convolveDirect(float[] x, int xOff, int channels, ConvGeometry g, float[] w, int wOff, int outChannels,
            float[] bias, int biasOff, float[] out, int outOff, float[] pad);

    /**
     * The weight gradient of {@link #convolveDirect} for one sample, without a column matrix: {@code dw[dwOff + o·K + t] =
     * Σ_{oy,ox} grad[gOff + (o·oh + oy)·ow + ox] · x(c, oy + ky·dh − ph, ox + kx·dw − pw)} for tap {@code t = (c·kh + ky)·kw
     * + kx} and the {@code outChannels} channels o, padding positions read as 0; {@code dw} is written, not added to.
     * The order of the sum over output positions is the kernel's own (not the GEMM's); {@code pad} is working space of
     * at least {@link #directScratch} elements. Convolution uses it where {@link #weightGradDirectly}.
     */
    void weightGradDirect(float[] x, int xOff, int channels, ConvGeometry g, float[] grad, int gOff, int outChannels,
            float[] dw, int dwOff, float[] pad);

    /**
     * Whether {@link #convolveDirect} is the faster way to convolve {@code channels} input planes of {@code g}: stride 1,
     * a column matrix of at most 32 rows (so short that the GEMM over it is bound by packing and the unfolding itself,
     * as in a network's first layer on 1 or 3 image channels) and output rows at least {@link #directRowWidth} wide.
     */
    default boolean convolvesDirectly(int channels, ConvGeometry g) {
        return g.sh() == 1 && g.sw() == 1 && channels * g.kernelArea() <= 32 && g.ow() >= directRowWidth();
    }

    /**
     * The narrowest output row {@link #convolveDirect} runs at full speed: one vector for the SIMD kernels (narrower rows
     * go element by element there), 8 for the scalar ones.
     */
    default int directRowWidth() {
        return 8;
    }

    /**
     * Whether {@link #weightGradDirect} is the faster way to the weight gradient: where {@link #convolvesDirectly} and
     * for at most 16 output channels. With more, the GEMM over the column matrix amortizes its packing over enough
     * rows to be faster: 3 → 64 channels, 3 × 3 on 32 × 32, ran 12.5–13.5 ms per forward and backward with the GEMM
     * and 13.9–15.4 ms with the direct kernel, while LeNet's first layer (8 channels) gains 0.83 → 0.72 ms.
     */
    default boolean weightGradDirectly(int channels, int outChannels, ConvGeometry g) {
        return convolvesDirectly(channels, g) && outChannels <= 16;
    }

    /**
     * The working space {@link #convolveDirect} needs for {@code channels} input planes of geometry {@code g} and
     * {@code outChannels} output channels.
     */
    static int directScratch(int channels, ConvGeometry g, int outChannels) {
        return channels * (g.h() + 2 * g.ph()) * (g.w() + 2 * g.pw()) + (outChannels + 3) / 4 * 4 * (channels * g.kernelArea() + 1);
    }
}

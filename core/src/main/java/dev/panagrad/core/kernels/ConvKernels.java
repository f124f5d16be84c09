package dev.panagrad.core.kernels;

/**
 * The data movement of convolution by GEMM: {@code im2col} unfolds the receptive fields of a block of
 * channel planes into a column matrix, {@code col2im} folds a column matrix back, adding overlapping
 * contributions. Both follow a {@link ConvGeometry}; the column matrix has {@code channels·kh·kw} rows
 * (row {@code (c·kh + ky)·kw + kx}) and {@code oh·ow} columns, row-major with a row stride {@code ldCol ≥ oh·ow}:
 * with {@code ldCol = nb·oh·ow} and {@code colOff = j·oh·ow}, the column matrices of {@code nb} samples sit side by
 * side and one GEMM convolves them all.
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
}

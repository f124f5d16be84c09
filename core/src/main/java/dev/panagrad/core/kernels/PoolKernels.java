package dev.panagrad.core.kernels;

/**
 * Pooling over {@code planes} contiguous channel planes of {@code rows.in() × cols.in()} inputs and
 * {@code rows.out() × cols.out()} outputs (plane {@code p} starts at {@code p·area}). Windows are
 * separable ({@link PoolWindows} per axis; a dilated window steps over the positions between its
 * taps), so both kernels reduce along a row first, then along the column of row results, where whole
 * vectors of output columns are processed at once.
 */
public interface PoolKernels {
    /** The implementation chosen at start-up. */
    PoolKernels INSTANCE = Kernels.choose(PoolKernels.class, new ScalarPool(), "VectorPool");

    /**
     * Writes each window's maximum to {@code out} and its position (flat index in the input plane) to
     * {@code argmax}. Ties go to the first maximum in row-major order; a NaN wins over numbers (the first NaN).
     */
    void maxPool(int planes, float[] x, PoolWindows rows, PoolWindows cols, float[] out, int[] argmax);

    /** Float64 {@link #maxPool(int, float[], PoolWindows, PoolWindows, float[], int[])}. */
    void maxPool(int planes, double[] x, PoolWindows rows, PoolWindows cols, double[] out, int[] argmax);

    /** Writes each window's sum divided by {@code rows.divisor()[i]·cols.divisor()[j]} to {@code out}. */
    void avgPool(int planes, float[] x, PoolWindows rows, PoolWindows cols, float[] out);

    /** Float64 {@link #avgPool(int, float[], PoolWindows, PoolWindows, float[])}. */
    void avgPool(int planes, double[] x, PoolWindows rows, PoolWindows cols, double[] out);

    /**
     * The adjoint of {@link #avgPool}: overwrites {@code dx} (input-plane sized) with each output
     * gradient in {@code g}, divided by its window's divisor, spread over the window and summed.
     */
    void avgPoolAdjoint(int planes, float[] g, PoolWindows rows, PoolWindows cols, float[] dx);

    /** Float64 {@link #avgPoolAdjoint(int, float[], PoolWindows, PoolWindows, float[])}. */
    void avgPoolAdjoint(int planes, double[] g, PoolWindows rows, PoolWindows cols, double[] dx);

    /** {@code out[p·idxArea + o] = src[p·srcArea + idx[p·idxArea + o]]} for every plane {@code p} and {@code o < idxArea}. */
    void gather(int planes, float[] src, int srcArea, int[] idx, int idxArea, float[] out);

    /** Float64 {@link #gather(int, float[], int, int[], int, float[])}. */
    void gather(int planes, double[] src, int srcArea, int[] idx, int idxArea, double[] out);

    /** {@code out[p·outArea + idx[p·idxArea + o]] += src[p·idxArea + o]}, in increasing {@code o}. */
    void scatterAdd(int planes, float[] src, int[] idx, int idxArea, float[] out, int outArea);

    /** Float64 {@link #scatterAdd(int, float[], int[], int, float[], int)}. */
    void scatterAdd(int planes, double[] src, int[] idx, int idxArea, double[] out, int outArea);
}

package dev.panagrad.core.kernels;

/**
 * Reduction loops over arrays. Every reduction of a contiguous tensor over any set of dims comes down
 * to one or more passes over an {@code [outer, r, inner]} layout: the element {@code (o, k, j)} is
 * read at {@code x[xo + (o*r + k)*inner + j]} and the slice {@code (o, ·, j)} is reduced into
 * {@code out[oo + o*inner + j]}. With {@code inner == 1} the slices are contiguous runs; with
 * {@code inner > 1} a pass is a lane-wise combination of {@code r} rows of length {@code inner}.
 * Only the listed output ranges are written; inputs are never modified.
 *
 * <p>Float32 sums are accumulated in float over blocks of at most {@link #BLOCK} terms and the
 * blocks combined in double, so the error stays below about BLOCK·ε₃₂·Σ|xᵢ| however long the input
 * (in practice far less: a sum of 10^6 values of U(0, 1) lands within 1e-6 relative of the exact
 * one); the scalar implementation accumulates in double throughout.
 *
 * <p>Extremes follow one convention everywhere: the index is the <em>first</em> position of the
 * extreme value in the slice, a NaN wins over every number (the first NaN's index is reported, as in
 * PyTorch), and the value written is {@code x} at that index (so {@code -0.0} and {@code 0.0} are
 * reported as stored).
 */
public interface ReductionKernels {
    /** The implementation chosen at start-up. */
    ReductionKernels INSTANCE = Kernels.choose(ReductionKernels.class, new ScalarReductions(), "VectorReductions");

    /** Largest number of float32 terms accumulated in float before the partial sum moves to double. */
    int BLOCK = 4096;

    /** What an accumulating pass computes per slice. */
    enum Accumulate {
        /** Σ xₖ (0 for an empty slice). */
        SUM,
        /** Σ |xₖ|. */
        SUM_ABS,
        /** Σ xₖ². */
        SUM_SQUARES,
        /** Π xₖ (1 for an empty slice). */
        PROD
    }

    /** Which extreme a pass looks for. */
    enum Extreme {
        /** The largest value. */
        MAX,
        /** The smallest value. */
        MIN,
        /** The largest absolute value; the value written is that absolute value. */
        MAX_ABS
    }

    /** Σ x[xo + i] for i &lt; n, in float blocks combined in double (see the class comment). */
    double sum(float[] x, int xo, int n);

    /** Σ x[xo + i] for i &lt; n. */
    double sum(double[] x, int xo, int n);

    /** {@code out[oo + o*inner + j] = op over k of x[xo + (o*r + k)*inner + j]}. */
    void reduce(Accumulate op, float[] x, int xo, int outer, int r, int inner, float[] out, int oo);

    /** {@code out[oo + o*inner + j] = op over k of x[xo + (o*r + k)*inner + j]}. */
    void reduce(Accumulate op, double[] x, int xo, int outer, int r, int inner, double[] out, int oo);

    /**
     * The extreme of each slice and its first index {@code k}: {@code values[oo + o*inner + j]} and
     * {@code indices[oo + o*inner + j]}. Requires {@code r ≥ 1}.
     */
    void argExtreme(Extreme op, float[] x, int xo, int outer, int r, int inner, float[] values, int[] indices, int oo);

    /** The extreme of each slice and its first index; see the float overload. */
    void argExtreme(Extreme op, double[] x, int xo, int outer, int r, int inner, double[] values, int[] indices, int oo);

    /**
     * {@code out[oo + o*inner + j] = m + ln Σₖ exp(xₖ − m)} with m the slice's maximum (taken as 0
     * when it is infinite, so a slice of −∞ gives −∞ and one holding +∞ gives +∞, as PyTorch does).
     */
    void logSumExp(float[] x, int xo, int outer, int r, int inner, float[] out, int oo);

    /** Stable log-sum-exp of each slice; see the float overload. */
    void logSumExp(double[] x, int xo, int outer, int r, int inner, double[] out, int oo);

    /**
     * Softmax along k of each slice, written to {@code out[oo + (o*r + k)*inner + j]}:
     * {@code exp(xₖ − m) / Σ exp(xᵢ − m)} with m the slice's maximum, or, when {@code log},
     * {@code xₖ − m − ln Σ exp(xᵢ − m)}. A slice of only −∞ (or one holding NaN or +∞) gives NaN, as
     * in PyTorch.
     */
    void softmax(boolean log, float[] x, int xo, int outer, int r, int inner, float[] out, int oo);

    /** Softmax or log-softmax along k; see the float overload. */
    void softmax(boolean log, double[] x, int xo, int outer, int r, int inner, double[] out, int oo);
}

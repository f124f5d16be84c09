package dev.panagrad.core;

import dev.panagrad.core.kernels.ReductionKernels.Extreme;

/**
 * Max and min over all dims or any set of dims, with their indices (max, min, amax, amin, argmax,
 * argmin). Accepts FLOAT32, FLOAT64 and INT32 (compared exactly through float64; INT32 results are
 * not differentiable).
 *
 * <p><b>One convention everywhere.</b> Within each reduced slice the chosen element is the
 * <em>first</em> one, in row-major order over the reduced dims, holding the extreme value; a NaN wins
 * over every number (the first NaN is chosen, and the value is NaN, as in PyTorch). The returned
 * indices point at that element, and the gradient flows to it alone: ∂x = g at the chosen element of
 * each slice and 0 elsewhere, so ties send the whole gradient to one element and Σ∂x = Σg. (PyTorch's
 * {@code amax} splits it evenly among ties instead; its {@code max(dim)} routes it to the returned
 * index, as here.) The rule multiplies g by a constant one-hot mask built from the indices, so it is
 * itself differentiable in g; the second derivative in x is 0.
 */
final class Extremes {
    private Extremes() {}

    /** z = max (or min) over {@code dims}.  ∂x = g at each slice's first extreme element, 0 elsewhere. */
    static Tensor values(String name, Extreme op, Tensor x, int[] dims, boolean keepDim) {
        boolean[] reduced = Reductions.reducedDims(name, x.dim(), dims);
        requireNonEmpty(name, x, reduced);
        return recordValues(name, x, reduced, compute(op, x, reduced), keepDim);
    }

    private static Tensor recordValues(String name, Tensor x, boolean[] reduced, Tensor.ValuesAndIndices vi,
            boolean keepDim) {
        int[] kept = Reductions.keptShape(x.shapeRef(), reduced);
        Tensor z = Reductions.finish(vi.values(), reduced, keepDim);
        return Recorder.record(name, z, (g, grads) -> grads.add(x,
                ReductionPasses.sliceMask(x, reduced, vi.indices(), false).mul(g.reshape(kept))), x);
    }

    /**
     * Max (or min) along one dim with the index of the chosen element along that dim, like
     * {@code torch.max(x, dim)}. The values' gradient is that of {@link #values}; indices are INT32.
     */
    static Tensor.ValuesAndIndices withIndices(String name, Extreme op, Tensor x, int dim, boolean keepDim) {
        boolean[] reduced = Reductions.reducedDims(name, x.dim(), new int[] {dim});
        requireNonEmpty(name, x, reduced);
        Tensor.ValuesAndIndices vi = compute(op, x, reduced);
        return new Tensor.ValuesAndIndices(recordValues(name, x, reduced, vi, keepDim),
                Reductions.finish(vi.indices(), reduced, keepDim));
    }

    /**
     * The INT32 index of each slice's chosen element: over one dim, the position along it; over all
     * dims, the flat row-major index. Not differentiable.
     */
    static Tensor indices(String name, Extreme op, Tensor x, int[] dims, boolean keepDim) {
        boolean[] reduced = Reductions.reducedDims(name, x.dim(), dims);
        requireNonEmpty(name, x, reduced);
        Tensor indices = Reductions.finish(compute(op, x, reduced).indices(), reduced, keepDim);
        return Recorder.record(name, indices, null, x);
    }

    /** Rejects a reduction of an empty dim: an empty slice has no extreme. */
    static void requireNonEmpty(String name, Tensor x, boolean[] reduced) {
        int[] shape = x.shapeRef();
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d] && shape[d] == 0) {
                throw new IllegalArgumentException(name + ": cannot reduce dimension " + d + " of size 0 of a tensor of shape "
                        + Shapes.format(shape) + ": an empty slice has no " + (name.contains("min") ? "minimum" : "maximum"));
            }
        }
    }

    /** Kernel passes in x's dtype; INT32 goes through FLOAT64 (exact) and comes back as INT32. */
    private static Tensor.ValuesAndIndices compute(Extreme op, Tensor x, boolean[] reduced) {
        if (x.dtype().isFloatingPoint()) {
            return ReductionPasses.extreme(op, x, reduced);
        }
        Tensor.ValuesAndIndices vi = ReductionPasses.extreme(op, x.to(DType.FLOAT64), reduced);
        return new Tensor.ValuesAndIndices(vi.values().to(DType.INT32), vi.indices());
    }
}

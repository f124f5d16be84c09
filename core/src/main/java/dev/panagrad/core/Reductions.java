package dev.panagrad.core;

import java.util.Arrays;

/**
 * Reductions over all dims or any set of dims, with {@code keepDim}. Each op records its gradient
 * rule next to it; {@link #sumTo} is the one place broadcasting is undone.
 */
final class Reductions {
    private Reductions() {}

    /** z = Σ_dims x.  ∂x = g broadcast back over the reduced dims. */
    static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        Elementwise.requireFloating("sum", x);
        boolean[] reduced = reducedDims("sum", x.dim(), dims);
        int[] kept = keptShape(x.shapeRef(), reduced);
        Tensor z = sumKeepDims(x, kept);
        Tensor result = keepDim ? z : z.withShape(dropReduced(kept, reduced));
        return Recorder.record("sum", result, (g, grads) ->
                grads.add(x, g.reshape(kept).expand(x.shapeRef())), x);
    }

    /**
     * Sums the broadcast dimensions of {@code x} so the result has {@code target}, which must
     * broadcast to x's shape. Returns {@code x} itself when the shapes already agree.
     */
    static Tensor sumTo(Tensor x, int[] target) {
        int[] shape = x.shapeRef();
        if (Arrays.equals(shape, target)) {
            return x;
        }
        if (target.length > shape.length || !Arrays.equals(Shapes.broadcast("sumTo", target, shape), shape)) {
            throw new IllegalArgumentException("sumTo: shape " + Shapes.format(target) + " does not broadcast to "
                    + Shapes.format(shape));
        }
        int lead = shape.length - target.length;
        int count = 0;
        int[] dims = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            if (d < lead || (target[d - lead] == 1 && shape[d] != 1)) {
                dims[count++] = d;
            }
        }
        return x.sum(Arrays.copyOf(dims, count), true).reshape(target);
    }

    // ------------------------------------------------------------------ shared machinery

    /** Marks the dims to reduce, validating range and duplicates. */
    static boolean[] reducedDims(String op, int rank, int[] dims) {
        boolean[] reduced = new boolean[rank];
        for (int d : dims) {
            int k = Shapes.dim(op, d, rank);
            if (rank == 0) {
                continue;
            }
            if (reduced[k]) {
                throw new IllegalArgumentException(op + ": dimension " + d + " appears more than once in " + Arrays.toString(dims));
            }
            reduced[k] = true;
        }
        return reduced;
    }

    /** The input shape with reduced dims set to 1. */
    static int[] keptShape(int[] shape, boolean[] reduced) {
        int[] kept = shape.clone();
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) {
                kept[d] = 1;
            }
        }
        return kept;
    }

    /** The input shape with reduced dims removed. */
    static int[] dropReduced(int[] shape, boolean[] reduced) {
        int n = 0;
        int[] out = new int[shape.length];
        for (int d = 0; d < shape.length; d++) {
            if (!reduced[d]) {
                out[n++] = shape[d];
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Sums x into a tensor of shape {@code kept} (x's shape with reduced dims set to 1), accumulating in double. */
    private static Tensor sumKeepDims(Tensor x, int[] kept) {
        int[] shape = x.shapeRef();
        int[] outStrides = Shapes.broadcastStrides(kept, shape);
        double[] acc = new double[Shapes.numel(kept)];
        int n = x.numel();
        int rank = shape.length;
        int[] counter = new int[rank];
        int o = 0;
        for (int i = 0; i < n; i++) {
            acc[o] += x.flatDouble(i);
            for (int d = rank - 1; d >= 0; d--) {
                if (++counter[d] < shape[d]) {
                    o += outStrides[d];
                    break;
                }
                o -= outStrides[d] * (shape[d] - 1);
                counter[d] = 0;
            }
        }
        Tensor z = Tensor.empty(x.dtype(), kept);
        if (x.dtype() == DType.FLOAT32) {
            float[] out = z.f32();
            for (int i = 0; i < acc.length; i++) {
                out[i] = (float) acc[i];
            }
        } else {
            System.arraycopy(acc, 0, z.f64(), 0, acc.length);
        }
        return z;
    }
}

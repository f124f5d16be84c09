package dev.panagrad.core;

import dev.panagrad.core.kernels.Parallel;
import dev.panagrad.core.kernels.ReductionKernels;
import dev.panagrad.core.kernels.ReductionKernels.Accumulate;
import dev.panagrad.core.kernels.ReductionKernels.Extreme;
import java.util.Arrays;

/**
 * Turns a reduction over any set of dims into kernel passes over {@code [outer, r, inner]} layouts.
 * Size-1 dims are dropped and adjacent dims of the same kind (reduced or kept) merged, which leaves
 * alternating groups; each reduced group, innermost first, is one kernel pass. Reducing the trailing
 * dims is one pass over contiguous runs, reducing a leading dim one lane-wise sum of rows, and
 * {@code [a, b, c, d]} over {0, 2} two passes — never per-element index arithmetic.
 *
 * <p>Results have the "kept" shape: the input's shape with the reduced dims set to 1. Float32 data is
 * reduced in float32 passes whose kernels accumulate in blocks combined in double.
 */
final class ReductionPasses {
    private static final ReductionKernels K = ReductionKernels.INSTANCE;

    private ReductionPasses() {}

    /** The {@code [outer, r, inner]} passes reducing {@code reduced} dims of {@code shape}, innermost group first. */
    static int[][] passes(int[] shape, boolean[] reduced) {
        int[] sizes = new int[shape.length];
        boolean[] kinds = new boolean[shape.length];
        int groups = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (groups > 0 && kinds[groups - 1] == reduced[d]) {
                sizes[groups - 1] *= shape[d];
            } else {
                sizes[groups] = shape[d];
                kinds[groups] = reduced[d];
                groups++;
            }
        }
        int[][] passes = new int[groups][];
        int count = 0;
        int inner = 1;
        for (int g = groups - 1; g >= 0; g--) {
            if (!kinds[g]) {
                inner *= sizes[g];
                continue;
            }
            int outer = 1;
            for (int h = 0; h < g; h++) {
                outer *= sizes[h];
            }
            passes[count++] = new int[] {outer, sizes[g], inner};
        }
        if (count == 0) {
            return new int[][] {{Shapes.numel(shape), 1, 1}};
        }
        return Arrays.copyOf(passes, count);
    }

    /**
     * {@code op} over each slice, as a tensor of the kept shape. The first pass applies {@code op};
     * later passes combine partial results (a sum of partial sums, a product of partial products).
     */
    static Tensor accumulate(Accumulate op, Tensor x, boolean[] reduced) {
        int[] kept = Reductions.keptShape(x.shapeRef(), reduced);
        if (x.numel() == 0) {
            return Tensor.full(op == Accumulate.PROD ? 1 : 0, x.dtype(), kept);
        }
        Accumulate rest = op == Accumulate.PROD ? Accumulate.PROD : Accumulate.SUM;
        Object current = x.array();
        for (int[] p : passes(x.shapeRef(), reduced)) {
            int n = p[0] * p[2];
            if (current instanceof float[] in) {
                float[] out = new float[n];
                if (op == Accumulate.SUM && p[2] == 1 && (long) p[0] * p[1] >= PARALLEL_SUM) {
                    sumRunsInBlocks(in, p[0], p[1], out);
                } else {
                    K.reduce(op, in, 0, p[0], p[1], p[2], out, 0);
                }
                current = out;
            } else {
                double[] out = new double[n];
                K.reduce(op, (double[]) current, 0, p[0], p[1], p[2], out, 0);
                current = out;
            }
            op = rest;
        }
        return Tensor.wrap(x.dtype(), kept, current);
    }

    /** Float32 elements from which a sum of contiguous runs is split across the pool (it is memory-bound). */
    private static final int PARALLEL_SUM = 1 << 20;

    /**
     * {@code out[o] = Σ x[o·r … o·r + r − 1]} as the kernel sums a run — in float over blocks of
     * {@link ReductionKernels#BLOCK}, the blocks added in double in order — with the blocks summed in parallel:
     * the same additions in the same order, so bitwise the one-thread result of the vector kernel (the scalar
     * kernel, which accumulates the whole run in double, rounds differently only in double).
     */
    private static void sumRunsInBlocks(float[] x, int outer, int r, float[] out) {
        int blocks = Math.ceilDiv(r, ReductionKernels.BLOCK);
        double[] partial = new double[outer * blocks];
        Parallel.forRange(partial.length, 16, (from, to) -> {
            for (int i = from; i < to; i++) {
                int start = i % blocks * ReductionKernels.BLOCK;
                partial[i] = K.sum(x, i / blocks * r + start, Math.min(ReductionKernels.BLOCK, r - start));
            }
        });
        for (int o = 0; o < outer; o++) {
            double total = 0;
            for (int b = 0; b < blocks; b++) {
                total += partial[o * blocks + b];
            }
            out[o] = (float) total;
        }
    }

    /** Stable {@code ln Σ exp} over each slice, as a tensor of the kept shape (−∞ for empty slices). */
    static Tensor logSumExp(Tensor x, boolean[] reduced) {
        int[] kept = Reductions.keptShape(x.shapeRef(), reduced);
        if (x.numel() == 0) {
            return Tensor.full(Double.NEGATIVE_INFINITY, x.dtype(), kept);
        }
        Object current = x.array();
        for (int[] p : passes(x.shapeRef(), reduced)) {
            int n = p[0] * p[2];
            if (current instanceof float[] in) {
                float[] out = new float[n];
                K.logSumExp(in, 0, p[0], p[1], p[2], out, 0);
                current = out;
            } else {
                double[] out = new double[n];
                K.logSumExp((double[]) current, 0, p[0], p[1], p[2], out, 0);
                current = out;
            }
        }
        return Tensor.wrap(x.dtype(), kept, current);
    }

    /**
     * The extreme of each slice (kept shape) and its index within the slice: the row-major position
     * among the reduced dims, first occurrence, NaN first (the kernels' convention). The caller checks
     * that no reduced dim is empty.
     */
    static Tensor.ValuesAndIndices extreme(Extreme op, Tensor x, boolean[] reduced) {
        int[] kept = Reductions.keptShape(x.shapeRef(), reduced);
        Object current = x.array();
        int[] index = null;
        int span = 1;
        for (int[] p : passes(x.shapeRef(), reduced)) {
            int outer = p[0], r = p[1], inner = p[2];
            int[] local = new int[outer * inner];
            if (current instanceof float[] in) {
                float[] out = new float[outer * inner];
                K.argExtreme(op, in, 0, outer, r, inner, out, local, 0);
                current = out;
            } else {
                double[] out = new double[outer * inner];
                K.argExtreme(op, (double[]) current, 0, outer, r, inner, out, local, 0);
                current = out;
            }
            if (index != null) {
                for (int o = 0; o < outer; o++) {
                    for (int j = 0; j < inner; j++) {
                        int at = o * inner + j;
                        local[at] = local[at] * span + index[(o * r + local[at]) * inner + j];
                    }
                }
            }
            index = local;
            span *= r;
        }
        return new Tensor.ValuesAndIndices(Tensor.wrap(x.dtype(), kept, current), Tensor.wrap(DType.INT32, kept, index));
    }

    /**
     * A constant tensor of x's shape and dtype that is 0 except, in each slice, at the element whose
     * in-slice index {@code sliceIndex} (kept shape) gives: there it is 1, or the sign of x there when
     * {@code signed}. Gradient rules of max, min and the ∞-norm multiply by it (it is not recorded).
     */
    static Tensor sliceMask(Tensor x, boolean[] reduced, Tensor sliceIndex, boolean signed) {
        int[] shape = x.shapeRef();
        int[] strides = Shapes.strides(shape);
        int[] idx = sliceIndex.i32();
        Tensor mask = Tensor.empty(x.dtype(), shape.clone());
        int rank = shape.length;
        for (int o = 0; o < idx.length; o++) {
            int pos = 0;
            int rest = o;
            int s = idx[o];
            for (int d = rank - 1; d >= 0; d--) {
                if (reduced[d]) {
                    pos += (s % shape[d]) * strides[d];
                    s /= shape[d];
                } else {
                    pos += (rest % shape[d]) * strides[d];
                    rest /= shape[d];
                }
            }
            double v = signed ? Math.signum(x.flatDouble(pos)) : 1;
            if (x.dtype() == DType.FLOAT32) {
                mask.f32()[pos] = (float) v;
            } else {
                mask.f64()[pos] = v;
            }
        }
        return mask;
    }
}

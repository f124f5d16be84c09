package dev.panagrad.core;

/**
 * Walks a broadcast element-wise op as a sequence of contiguous runs. Dimensions are first coalesced
 * where every operand steps through them uniformly, so the common cases (equal shapes, a scalar
 * operand, a bias row) become one or a few long runs that kernels vectorize.
 */
final class BroadcastLoop {
    /** One run of a two-operand op: {@code n} outputs from {@code out[oo]}, operands at {@code ao}/{@code bo} stepping by {@code as}/{@code bs} (0 or 1). */
    @FunctionalInterface
    interface Run {
        void apply(int ao, int as, int bo, int bs, int oo, int n);
    }

    /**
     * One run of an op with any number of operands: operand {@code k} starts at {@code offsets[k]} and
     * steps by {@code steps[k]} (0 or 1); {@code n} outputs from {@code out[oo]}. The arrays are reused
     * between runs: read them, don't keep them.
     */
    @FunctionalInterface
    interface RunN {
        void apply(int[] offsets, int[] steps, int oo, int n);
    }

    private BroadcastLoop() {}

    /** Calls {@code run} for every run covering the broadcast of shapes {@code a} and {@code b} into {@code out}. */
    static void forEachRun(int[] a, int[] b, int[] out, Run run) {
        forEachRun(new int[][] {a, b}, out, (off, step, oo, n) -> run.apply(off[0], step[0], off[1], step[1], oo, n));
    }

    /** Calls {@code run} for every run covering the broadcast of all {@code shapes} into {@code out}. */
    static void forEachRun(int[][] shapes, int[] out, RunN run) {
        int total = Shapes.numel(out);
        if (total == 0) {
            return;
        }
        int k = shapes.length;
        int[][] strides = new int[k][];
        for (int i = 0; i < k; i++) {
            strides[i] = Shapes.broadcastStrides(shapes[i], out);
        }
        // Coalesce: drop size-1 dims, merge neighbours that every operand traverses uniformly.
        int rank = 0;
        int[] dims = new int[out.length];
        int[][] c = new int[k][out.length];
        for (int d = 0; d < out.length; d++) {
            if (out[d] == 1) {
                continue;
            }
            boolean merge = rank > 0;
            for (int i = 0; i < k && merge; i++) {
                merge = c[i][rank - 1] == strides[i][d] * out[d];
            }
            if (merge) {
                dims[rank - 1] *= out[d];
            } else {
                dims[rank++] = out[d];
            }
            for (int i = 0; i < k; i++) {
                c[i][rank - 1] = strides[i][d];
            }
        }
        int[] offsets = new int[k];
        int[] steps = new int[k];
        if (rank == 0) {
            run.apply(offsets, steps, 0, 1);
            return;
        }
        // The innermost kept dim is an operand's own last dim (stride 1) or broadcast (stride 0).
        for (int i = 0; i < k; i++) {
            steps[i] = c[i][rank - 1];
        }
        int inner = dims[rank - 1];
        int outer = total / inner;
        int[] counter = new int[rank - 1];
        for (int r = 0; r < outer; r++) {
            run.apply(offsets, steps, r * inner, inner);
            for (int d = rank - 2; d >= 0; d--) {
                if (++counter[d] < dims[d]) {
                    for (int i = 0; i < k; i++) {
                        offsets[i] += c[i][d];
                    }
                    break;
                }
                for (int i = 0; i < k; i++) {
                    offsets[i] -= c[i][d] * (dims[d] - 1);
                }
                counter[d] = 0;
            }
        }
    }
}

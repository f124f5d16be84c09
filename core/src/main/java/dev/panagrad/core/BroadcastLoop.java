package dev.panagrad.core;

import dev.panagrad.core.kernels.Parallel;

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
        Plan plan = Plan.of(shapes, out);
        if (plan != null) {
            plan.runs(0, plan.outer, run);
        }
    }

    /**
     * As {@link #forEachRun(int[], int[], int[], Run)}, split over the shared pool in chunks of at least
     * {@code grain} outputs: one long run is cut into pieces, many runs are dealt out whole, a block of
     * consecutive runs per chunk (so a bias row added to {@code [N, C]} is N calls of {@code run}, not
     * N parallel loops). Each output is written by exactly one call, so results do not depend on the
     * thread count. {@code run} may be called concurrently from several threads.
     */
    static void forEachRunParallel(int[] a, int[] b, int[] out, int grain, Run run) {
        forEachRunParallel(new int[][] {a, b}, out, grain, (off, st, oo, n) -> run.apply(off[0], st[0], off[1], st[1], oo, n));
    }

    /** As {@link #forEachRunParallel(int[], int[], int[], int, Run)}, for any number of operands; each chunk has its own arrays. */
    static void forEachRunParallel(int[][] shapes, int[] out, int grain, RunN run) {
        Plan plan = Plan.of(shapes, out);
        if (plan == null) {
            return;
        }
        if (plan.outer == 1) {
            Parallel.forRange(plan.inner, grain, (from, to) -> {
                int[] offsets = new int[plan.steps.length];
                for (int i = 0; i < offsets.length; i++) {
                    offsets[i] = from * plan.steps[i];
                }
                run.apply(offsets, plan.steps.clone(), from, to - from);
            });
        } else {
            Parallel.forRange(plan.outer, Math.max(1, grain / plan.inner), (from, to) -> plan.runs(from, to, run));
        }
    }

    /**
     * The coalesced iteration space of a broadcast: {@code outer} runs of {@code inner} outputs each;
     * {@code dims[0..rank-1)} are the outer dims and {@code c[k][d]} operand k's element stride along dim d.
     */
    private record Plan(int rank, int[] dims, int[][] c, int[] steps, int inner, int outer) {
        /** The plan of broadcasting {@code shapes} into {@code out}; null when {@code out} is empty. */
        static Plan of(int[][] shapes, int[] out) {
            int total = Shapes.numel(out);
            if (total == 0) {
                return null;
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
            // The innermost kept dim is an operand's own last dim (stride 1) or broadcast (stride 0).
            int[] steps = new int[k];
            int inner = 1;
            if (rank > 0) {
                for (int i = 0; i < k; i++) {
                    steps[i] = c[i][rank - 1];
                }
                inner = dims[rank - 1];
            }
            return new Plan(rank, dims, c, steps, inner, total / inner);
        }

        /** Calls {@code run} for the runs {@code from} (inclusive) to {@code to} (exclusive), in order. */
        void runs(int from, int to, RunN run) {
            int k = c.length;
            int[] offsets = new int[k];
            int[] counter = new int[Math.max(0, rank - 1)];
            // the multi-index of run `from`, outer dims last-fastest
            for (int d = rank - 2, rest = from; d >= 0; d--) {
                counter[d] = rest % dims[d];
                rest /= dims[d];
                for (int i = 0; i < k; i++) {
                    offsets[i] += counter[d] * c[i][d];
                }
            }
            int[] st = steps.clone();
            for (int r = from; r < to; r++) {
                run.apply(offsets, st, r * inner, inner);
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
}

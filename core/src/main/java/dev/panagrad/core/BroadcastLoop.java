package dev.panagrad.core;

/**
 * Walks a broadcast binary op as a sequence of contiguous runs. Dimensions are first coalesced where
 * both operands step through them uniformly, so the common cases (equal shapes, a scalar operand, a
 * bias row) become one or a few long runs that kernels vectorize.
 */
final class BroadcastLoop {
    /** One run: {@code n} outputs from {@code out[oo]}, operands at {@code ao}/{@code bo} stepping by {@code as}/{@code bs} (0 or 1). */
    @FunctionalInterface
    interface Run {
        void apply(int ao, int as, int bo, int bs, int oo, int n);
    }

    private BroadcastLoop() {}

    /** Calls {@code run} for every run covering the broadcast of shapes {@code a} and {@code b} into {@code out}. */
    static void forEachRun(int[] a, int[] b, int[] out, Run run) {
        int total = Shapes.numel(out);
        if (total == 0) {
            return;
        }
        int[] sa = Shapes.broadcastStrides(a, out);
        int[] sb = Shapes.broadcastStrides(b, out);
        // Coalesce: drop size-1 dims, merge neighbours that both operands traverse uniformly.
        int rank = 0;
        int[] dims = new int[out.length];
        int[] ca = new int[out.length];
        int[] cb = new int[out.length];
        for (int d = 0; d < out.length; d++) {
            if (out[d] == 1) {
                continue;
            }
            if (rank > 0 && ca[rank - 1] == sa[d] * out[d] && cb[rank - 1] == sb[d] * out[d]) {
                dims[rank - 1] *= out[d];
                ca[rank - 1] = sa[d];
                cb[rank - 1] = sb[d];
            } else {
                dims[rank] = out[d];
                ca[rank] = sa[d];
                cb[rank] = sb[d];
                rank++;
            }
        }
        if (rank == 0) {
            run.apply(0, 0, 0, 0, 0, 1);
            return;
        }
        // The innermost kept dim is an operand's own last dim (stride 1) or broadcast (stride 0).
        int inner = dims[rank - 1];
        int ia = ca[rank - 1];
        int ib = cb[rank - 1];
        int outer = total / inner;
        int[] counter = new int[rank - 1];
        int ao = 0;
        int bo = 0;
        for (int r = 0; r < outer; r++) {
            run.apply(ao, ia, bo, ib, r * inner, inner);
            for (int d = rank - 2; d >= 0; d--) {
                if (++counter[d] < dims[d]) {
                    ao += ca[d];
                    bo += cb[d];
                    break;
                }
                ao -= ca[d] * (dims[d] - 1);
                bo -= cb[d] * (dims[d] - 1);
                counter[d] = 0;
            }
        }
    }
}

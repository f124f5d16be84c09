package dev.panagrad.core;

import dev.panagrad.core.kernels.ElementwiseKernels;
import dev.panagrad.core.kernels.Parallel;
import java.util.Arrays;

/**
 * The data-movement engine behind the shape ops: copies an n-dimensional block between two
 * row-major arrays of one element type ({@code float[]}, {@code double[]} or {@code int[]}), each
 * read or written through its own offset and strides. Strides may be 0 (broadcast) or negative
 * (flip).
 *
 * <p>Dimensions of size 1 are dropped and neighbours that both sides traverse uniformly are merged,
 * so permutes that keep the last dim, narrows, pads, concats and tilings become a few long runs that
 * move with {@link System#arraycopy}; only a strided innermost run falls back to an element loop.
 */
final class StridedCopy {
    private static final ElementwiseKernels ADD_KERNELS = ElementwiseKernels.INSTANCE;

    private StridedCopy() {}

    /**
     * Copies {@code dst[dstOffset + Σ iₖ·dstStrides[k]] = src[srcOffset + Σ iₖ·srcStrides[k]]} for
     * every index {@code i} of {@code shape}. Reads {@code src}, writes {@code dst}; the two must not
     * overlap.
     */
    static void copy(int[] shape, Object src, int srcOffset, int[] srcStrides, Object dst, int dstOffset, int[] dstStrides) {
        int rank = shape.length;
        int[] dims = new int[rank];
        int[] ss = new int[rank];
        int[] ds = new int[rank];
        int kept = coalesce(shape, srcStrides, dstStrides, dims, ss, ds);
        if (kept < 0) {
            return;
        }
        if (kept == 0) {
            System.arraycopy(src, srcOffset, dst, dstOffset, 1);
            return;
        }
        int innerSrc = ss[kept - 1];
        int innerDst = ds[kept - 1];
        Run run;
        boolean tiled = false;
        if (innerSrc == 1 && innerDst == 1) {
            run = (so, dOff, n) -> System.arraycopy(src, so, dst, dOff, n);
        } else {
            run = stridedRun(src, innerSrc, dst, innerDst);
            int across = acrossDim(ss, kept);
            if (across >= 0 && dims[across] >= TILE && dims[kept - 1] >= TILE) {
                // A transpose: the source runs along another dim. Make that dim the second-innermost
                // (copy order is free) and move TILE × TILE blocks so both sides stay in cache.
                moveToSecondInnermost(across, kept, dims, ss, ds);
                run = tiled(run, dims[kept - 2], ss[kept - 2], ds[kept - 2], innerSrc, innerDst);
                dims[kept - 2] = dims[kept - 1]; // the tiled run spans both; forEachRun sees the inner length
                kept--;
                tiled = true;
            }
        }
        if (tiled && kept == 1) { // one tiled block: its strides are not those of a run, so it is not split
            forEachRun(kept, dims, ss, ds, srcOffset, dstOffset, run);
        } else {
            forEachRunParallel(kept, dims, ss, ds, srcOffset, dstOffset, run);
        }
    }

    /**
     * Elements from which a copy or fill is split across the pool: it is memory-bound, and from a few MiB on a
     * second core adds bandwidth worth the hand-off (a 16.8 MB fill, the expanded gradient of a large sum, took
     * about 1.3 ms on one core).
     */
    private static final int PARALLEL_ELEMENTS = 1 << 20;

    /**
     * {@link #forEachRun}, split across the pool for large blocks: along the outermost dim, or along the run itself
     * when there is only one (then a plain run: {@code ss[0]} and {@code ds[0]} its element strides). Every element
     * is moved once whatever the split, so it changes nothing but the speed.
     */
    private static void forEachRunParallel(int kept, int[] dims, int[] ss, int[] ds, int srcOffset, int dstOffset,
            Run run) {
        long total = 1;
        for (int d = 0; d < kept; d++) {
            total *= dims[d];
        }
        if (total < PARALLEL_ELEMENTS || Parallel.threads() == 1) {
            forEachRun(kept, dims, ss, ds, srcOffset, dstOffset, run);
            return;
        }
        int outer = dims[0];
        int grain = (int) Math.max(1, PARALLEL_ELEMENTS / 2 / (total / outer));
        Parallel.forRange(outer, grain, (from, to) -> {
            int[] part = dims.clone();
            part[0] = to - from;
            forEachRun(kept, part, ss, ds, srcOffset + from * ss[0], dstOffset + from * ds[0], run);
        });
    }

    /**
     * Adds {@code dst[dstOffset + Σ iₖ·dstStrides[k]] += src[Σ iₖ·srcStrides[k]]} for every index
     * {@code i} of {@code shape}, {@code src} being a whole contiguous tensor of that shape, each
     * element once. Reads {@code src}, reads and writes {@code dst}; the two must not overlap. The
     * destination positions must be distinct (a slice, never a broadcast).
     */
    static void addInto(int[] shape, Object src, Object dst, int dstOffset, int[] dstStrides) {
        int rank = shape.length;
        int[] dims = new int[rank];
        int[] ss = new int[rank];
        int[] ds = new int[rank];
        int kept = coalesce(shape, Shapes.strides(shape), dstStrides, dims, ss, ds);
        if (kept < 0) {
            return;
        }
        if (kept == 0) {
            addRun(src, 0, dst, dstOffset, 1);
            return;
        }
        int innerDst = ds[kept - 1];
        Run run = innerDst == 1 ? (so, dOff, n) -> addRun(src, so, dst, dOff, n) : stridedAddRun(src, dst, innerDst);
        forEachRun(kept, dims, ss, ds, 0, dstOffset, run);
    }

    /**
     * Drops the dims of size 1 of {@code shape} and merges neighbours that both sides traverse
     * uniformly, writing the result to {@code dims}, {@code ss}, {@code ds}.
     *
     * @return the number of dims kept, or -1 if the block is empty
     */
    private static int coalesce(int[] shape, int[] srcStrides, int[] dstStrides, int[] dims, int[] ss, int[] ds) {
        int kept = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 0) {
                return -1;
            }
            if (shape[d] == 1) {
                continue;
            }
            if (kept > 0 && ss[kept - 1] == srcStrides[d] * shape[d] && ds[kept - 1] == dstStrides[d] * shape[d]) {
                dims[kept - 1] *= shape[d];
                ss[kept - 1] = srcStrides[d];
                ds[kept - 1] = dstStrides[d];
            } else {
                dims[kept] = shape[d];
                ss[kept] = srcStrides[d];
                ds[kept] = dstStrides[d];
                kept++;
            }
        }
        return kept;
    }

    /** Applies {@code run} to each innermost run ({@code dims[kept-1]} long) of the coalesced block, in row-major order. */
    private static void forEachRun(int kept, int[] dims, int[] ss, int[] ds, int srcOffset, int dstOffset, Run run) {
        int inner = dims[kept - 1];
        int outerRank = kept - 1;
        int[] counter = new int[outerRank];
        int so = srcOffset;
        int dOff = dstOffset;
        while (true) {
            run.apply(so, dOff, inner);
            int d = outerRank - 1;
            for (; d >= 0; d--) {
                if (++counter[d] < dims[d]) {
                    so += ss[d];
                    dOff += ds[d];
                    break;
                }
                so -= ss[d] * (dims[d] - 1);
                dOff -= ds[d] * (dims[d] - 1);
                counter[d] = 0;
            }
            if (d < 0) {
                return;
            }
        }
    }

    /** Copies a whole contiguous tensor of {@code shape} into {@code dst} at {@code dstOffset} through {@code dstStrides}. */
    static void copyInto(int[] shape, Object src, Object dst, int dstOffset, int[] dstStrides) {
        copy(shape, src, 0, Shapes.strides(shape), dst, dstOffset, dstStrides);
    }

    /**
     * Sets every element of {@code array} to {@code value} (truncated toward zero for {@code int[]}), split across
     * the pool for large arrays as copies are.
     */
    static void fill(Object array, double value) {
        int n = java.lang.reflect.Array.getLength(array);
        if (n < PARALLEL_ELEMENTS || Parallel.threads() == 1) {
            fill(array, 0, n, value);
            return;
        }
        Parallel.forRange(n, PARALLEL_ELEMENTS / 2, (from, to) -> fill(array, from, to, value));
    }

    private static void fill(Object array, int from, int to, double value) {
        switch (array) {
            case float[] a -> Arrays.fill(a, from, to, (float) value);
            case double[] a -> Arrays.fill(a, from, to, value);
            case int[] a -> Arrays.fill(a, from, to, (int) value);
            default -> throw unknown(array);
        }
    }

    /** {@code dst[dstOffset + i] += src[srcOffset + i]} for {@code i < n}. */
    static void addRun(Object src, int srcOffset, Object dst, int dstOffset, int n) {
        switch (src) { // the element-wise kernel: vectorized, and bitwise the scalar sum (one rounding per element)
            case float[] s -> {
                float[] d = (float[]) dst;
                ADD_KERNELS.binary(ElementwiseKernels.Binary.ADD, d, dstOffset, 1, s, srcOffset, 1, d, dstOffset, n);
            }
            case double[] s -> {
                double[] d = (double[]) dst;
                ADD_KERNELS.binary(ElementwiseKernels.Binary.ADD, d, dstOffset, 1, s, srcOffset, 1, d, dstOffset, n);
            }
            case int[] s -> {
                int[] d = (int[]) dst;
                for (int i = 0; i < n; i++) d[dstOffset + i] += s[srcOffset + i];
            }
            default -> throw unknown(src);
        }
    }

    /** {@code dst[i] = src[positions[i]]} for every {@code i} of {@code positions}. */
    static void take(Object src, int[] positions, Object dst) {
        switch (src) {
            case float[] s -> {
                float[] d = (float[]) dst;
                for (int i = 0; i < positions.length; i++) d[i] = s[positions[i]];
            }
            case double[] s -> {
                double[] d = (double[]) dst;
                for (int i = 0; i < positions.length; i++) d[i] = s[positions[i]];
            }
            case int[] s -> {
                int[] d = (int[]) dst;
                for (int i = 0; i < positions.length; i++) d[i] = s[positions[i]];
            }
            default -> throw unknown(src);
        }
    }

    /** {@code dst[to[i]] += src[from[i]]} for every {@code i} (sequentially, so repeated targets accumulate). */
    static void accumulate(Object src, int[] from, Object dst, int[] to) {
        switch (src) {
            case float[] s -> {
                float[] d = (float[]) dst;
                for (int i = 0; i < from.length; i++) d[to[i]] += s[from[i]];
            }
            case double[] s -> {
                double[] d = (double[]) dst;
                for (int i = 0; i < from.length; i++) d[to[i]] += s[from[i]];
            }
            case int[] s -> {
                int[] d = (int[]) dst;
                for (int i = 0; i < from.length; i++) d[to[i]] += s[from[i]];
            }
            default -> throw unknown(src);
        }
    }

    /** Side of the square blocks a transposing copy moves at a time. */
    private static final int TILE = 32;

    /** An outer dim (of the {@code kept} coalesced ones) along which the source is contiguous, or -1. */
    private static int acrossDim(int[] ss, int kept) {
        for (int d = kept - 2; d >= 0; d--) {
            if (ss[d] == 1) {
                return d;
            }
        }
        return -1;
    }

    private static void moveToSecondInnermost(int d, int kept, int[] dims, int[] ss, int[] ds) {
        int size = dims[d];
        int s = ss[d];
        int t = ds[d];
        for (int k = d; k < kept - 2; k++) {
            dims[k] = dims[k + 1];
            ss[k] = ss[k + 1];
            ds[k] = ds[k + 1];
        }
        dims[kept - 2] = size;
        ss[kept - 2] = s;
        ds[kept - 2] = t;
    }

    /**
     * A run over a {@code rows × n} block (rows stepping by {@code rowSrc}/{@code rowDst}, entries by
     * {@code colSrc}/{@code colDst}) done tile by tile with {@code row}.
     */
    private static Run tiled(Run row, int rows, int rowSrc, int rowDst, int colSrc, int colDst) {
        return (so, dOff, n) -> {
            for (int c0 = 0; c0 < n; c0 += TILE) {
                int width = Math.min(TILE, n - c0);
                for (int r0 = 0; r0 < rows; r0 += TILE) {
                    int end = Math.min(rows, r0 + TILE);
                    for (int r = r0; r < end; r++) {
                        row.apply(so + r * rowSrc + c0 * colSrc, dOff + r * rowDst + c0 * colDst, width);
                    }
                }
            }
        };
    }

    /** One innermost run of {@code n} elements starting at the given source and destination offsets. */
    @FunctionalInterface
    private interface Run {
        void apply(int srcOffset, int dstOffset, int n);
    }

    private static Run stridedRun(Object src, int ss, Object dst, int ds) {
        if (ss == 0 && ds == 1) { // a broadcast (expand) into a contiguous run: one value, filled
            return switch (src) {
                case float[] s -> (so, dOff, n) -> Arrays.fill((float[]) dst, dOff, dOff + n, s[so]);
                case double[] s -> (so, dOff, n) -> Arrays.fill((double[]) dst, dOff, dOff + n, s[so]);
                case int[] s -> (so, dOff, n) -> Arrays.fill((int[]) dst, dOff, dOff + n, s[so]);
                default -> throw unknown(src);
            };
        }
        return switch (src) {
            case float[] s -> {
                float[] d = (float[]) dst;
                yield (so, dOff, n) -> {
                    for (int i = 0; i < n; i++) d[dOff + i * ds] = s[so + i * ss];
                };
            }
            case double[] s -> {
                double[] d = (double[]) dst;
                yield (so, dOff, n) -> {
                    for (int i = 0; i < n; i++) d[dOff + i * ds] = s[so + i * ss];
                };
            }
            case int[] s -> {
                int[] d = (int[]) dst;
                yield (so, dOff, n) -> {
                    for (int i = 0; i < n; i++) d[dOff + i * ds] = s[so + i * ss];
                };
            }
            default -> throw unknown(src);
        };
    }

    /** A run adding a contiguous source into a destination {@code ds} apart. */
    private static Run stridedAddRun(Object src, Object dst, int ds) {
        return switch (src) {
            case float[] s -> {
                float[] d = (float[]) dst;
                yield (so, dOff, n) -> {
                    for (int i = 0; i < n; i++) d[dOff + i * ds] += s[so + i];
                };
            }
            case double[] s -> {
                double[] d = (double[]) dst;
                yield (so, dOff, n) -> {
                    for (int i = 0; i < n; i++) d[dOff + i * ds] += s[so + i];
                };
            }
            case int[] s -> {
                int[] d = (int[]) dst;
                yield (so, dOff, n) -> {
                    for (int i = 0; i < n; i++) d[dOff + i * ds] += s[so + i];
                };
            }
            default -> throw unknown(src);
        };
    }

    private static IllegalStateException unknown(Object array) {
        return new IllegalStateException("unknown storage " + array.getClass());
    }
}

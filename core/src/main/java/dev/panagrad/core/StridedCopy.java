package dev.panagrad.core;

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
        int kept = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 0) {
                return;
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
        if (kept == 0) {
            System.arraycopy(src, srcOffset, dst, dstOffset, 1);
            return;
        }
        int inner = dims[kept - 1];
        int innerSrc = ss[kept - 1];
        int innerDst = ds[kept - 1];
        Run run = innerSrc == 1 && innerDst == 1
                ? (so, dOff, n) -> System.arraycopy(src, so, dst, dOff, n)
                : stridedRun(src, innerSrc, dst, innerDst);
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

    /** Sets every element of {@code array} to {@code value} (truncated toward zero for {@code int[]}). */
    static void fill(Object array, double value) {
        switch (array) {
            case float[] a -> Arrays.fill(a, (float) value);
            case double[] a -> Arrays.fill(a, value);
            case int[] a -> Arrays.fill(a, (int) value);
            default -> throw unknown(array);
        }
    }

    /** {@code dst[dstOffset + i] += src[srcOffset + i]} for {@code i < n}. */
    static void addRun(Object src, int srcOffset, Object dst, int dstOffset, int n) {
        switch (src) {
            case float[] s -> {
                float[] d = (float[]) dst;
                for (int i = 0; i < n; i++) d[dstOffset + i] += s[srcOffset + i];
            }
            case double[] s -> {
                double[] d = (double[]) dst;
                for (int i = 0; i < n; i++) d[dstOffset + i] += s[srcOffset + i];
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

    /** One innermost run of {@code n} elements starting at the given source and destination offsets. */
    @FunctionalInterface
    private interface Run {
        void apply(int srcOffset, int dstOffset, int n);
    }

    private static Run stridedRun(Object src, int ss, Object dst, int ds) {
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

    private static IllegalStateException unknown(Object array) {
        return new IllegalStateException("unknown storage " + array.getClass());
    }
}

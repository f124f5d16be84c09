package dev.panagrad.core;

import java.util.Arrays;

/**
 * Ops that cut, pad, mirror and tile: narrow, slice, pad, flip, repeat. Their gradients pair up in
 * closed loops so every order of derivative stays in this family: slice ↔ {@link #sliceBackward}
 * (scatter into zeros), pad ↔ pad with the negated widths, flip ↔ flip, repeat ↔ sum of tiles.
 * A first-order reverse pass that nothing records skips the zeros of slice's gradient and adds it
 * straight into the sliced tensor's gradient ({@link GradientAccumulator#addSlice}).
 */
final class Slicing {
    private Slicing() {}

    /** z = x[…, start : start+length, …] along {@code dim}; start may be negative.  ∂x = g placed back into zeros. */
    static Tensor narrow(Tensor x, int dim, int start, int length) {
        int d = ShapeOps.axis("narrow", dim, x);
        int size = x.shapeRef()[d];
        int s = start < 0 ? start + size : start;
        if (s < 0 || s > size || length < 0 || (long) s + length > size) {
            throw new IllegalArgumentException("narrow: start " + start + " and length " + length
                    + " do not fit dimension " + d + " of size " + size + " of shape " + Shapes.format(x.shapeRef()));
        }
        return slice("narrow", x, d, s, length, 1);
    }

    /**
     * z = x[…, start:end:step, …] along {@code dim}, clamping start and end as Python does (negative
     * values count from the end).  ∂x = g scattered into zeros at the selected positions.
     */
    static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        int d = ShapeOps.axis("slice", dim, x);
        if (step < 1) {
            throw new IllegalArgumentException("slice: step must be at least 1, got " + step);
        }
        int size = x.shapeRef()[d];
        int s = clamp(start, size);
        int e = clamp(end, size);
        int count = e <= s ? 0 : (int) (((long) e - s + step - 1) / step);
        return slice("slice", x, d, s, count, step);
    }

    private static int clamp(int index, int size) {
        long i = index < 0 ? (long) index + size : index;
        return (int) Math.max(0, Math.min(size, i));
    }

    /** z = {@code count} entries of x along {@code d} from {@code start}, {@code step} apart (all in range). */
    private static Tensor slice(String name, Tensor x, int d, int start, int count, int step) {
        int[] shape = x.shapeRef();
        int[] out = shape.clone();
        out[d] = count;
        int[] strides = Shapes.strides(shape);
        int[] srcStrides = strides.clone();
        srcStrides[d] *= step;
        Tensor z = Tensor.empty(x.dtype(), out);
        StridedCopy.copy(out, x.array(), start * strides[d], srcStrides, z.array(), 0, Shapes.strides(out));
        int size = shape[d];
        return Recorder.record(name, z, (g, grads) -> {
            if (grads instanceof Tape.Sink sink) {
                sink.addSlice(x, g, d, start, step); // in place, O(slice), when the reverse pass is not recorded
            } else {
                grads.add(x, sliceBackward(g, d, size, start, step));
            }
        }, x);
    }

    /**
     * The adjoint of slicing: zeros of g's shape but with {@code size} entries along {@code d}, holding
     * g's entries at {@code start, start+step, …}.  ∂g = gg sliced at those positions again.
     */
    static Tensor sliceBackward(Tensor g, int d, int size, int start, int step) {
        int[] shape = g.shapeRef();
        int count = shape[d];
        int[] out = shape.clone();
        out[d] = size;
        Tensor z = Tensor.empty(g.dtype(), out);
        int[] strides = Shapes.strides(out);
        int[] dstStrides = strides.clone();
        dstStrides[d] *= step;
        StridedCopy.copyInto(shape, g.array(), z.array(), start * strides[d], dstStrides);
        int end = count == 0 ? start : start + (count - 1) * step + 1;
        return Recorder.record("sliceBackward", z, (gg, grads) -> grads.add(g, gg.slice(d, start, end, step)), g);
    }

    /**
     * z = x padded with {@code value}, as PyTorch's constant {@code F.pad}: {@code pad} holds
     * (before, after) pairs starting from the last dim and going backwards; negative widths crop.
     * ∂x = g padded with the negated widths and zeros (which crops the padding and zero-fills the cropped part).
     */
    static Tensor pad(Tensor x, int[] pad, double value) {
        int[] shape = x.shapeRef();
        int rank = shape.length;
        if (pad.length % 2 != 0 || pad.length > 2 * rank) {
            throw new IllegalArgumentException("pad: expects an even number of widths, at most 2 per dimension, got "
                    + Arrays.toString(pad) + " for a tensor of shape " + Shapes.format(shape));
        }
        int[] out = shape.clone();
        int[] before = new int[rank];
        int[] after = new int[rank];
        for (int k = 0; k < pad.length / 2; k++) {
            int d = rank - 1 - k;
            before[d] = pad[2 * k];
            after[d] = pad[2 * k + 1];
            long size = (long) shape[d] + before[d] + after[d];
            if (size < 0 || size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("pad: widths " + Arrays.toString(pad) + " give dimension " + d
                        + " of shape " + Shapes.format(shape) + " the invalid size " + size);
            }
            out[d] = (int) size;
        }
        Tensor z = Tensor.empty(x.dtype(), Shapes.checkShape("pad", out));
        if (value != 0) {
            StridedCopy.fill(z.array(), value);
        }
        int[] srcStrides = Shapes.strides(shape);
        int[] dstStrides = Shapes.strides(out);
        int[] kept = new int[rank];
        int srcOffset = 0;
        int dstOffset = 0;
        for (int d = 0; d < rank; d++) {
            int skip = Math.max(0, -before[d]);
            kept[d] = Math.max(0, shape[d] - skip - Math.max(0, -after[d]));
            srcOffset += skip * srcStrides[d];
            dstOffset += Math.max(0, before[d]) * dstStrides[d];
        }
        StridedCopy.copy(kept, x.array(), srcOffset, srcStrides, z.array(), dstOffset, dstStrides);
        int[] negated = Arrays.stream(pad).map(p -> -p).toArray();
        return Recorder.record("pad", z, (g, grads) -> grads.add(x, g.pad(negated, 0)), x);
    }

    /** z = x with the order of entries reversed along each of {@code dims}.  ∂x = g flipped the same way. */
    static Tensor flip(Tensor x, int[] dims) {
        int[] shape = x.shapeRef();
        boolean[] flipped = Reductions.reducedDims("flip", shape.length, dims);
        int[] strides = Shapes.strides(shape);
        int[] srcStrides = strides.clone();
        int srcOffset = 0;
        for (int d = 0; d < shape.length; d++) {
            if (flipped[d] && shape[d] > 0) {
                srcOffset += (shape[d] - 1) * strides[d];
                srcStrides[d] = -strides[d];
            }
        }
        Tensor z = Tensor.empty(x.dtype(), shape.clone());
        StridedCopy.copy(shape, x.array(), srcOffset, srcStrides, z.array(), 0, strides);
        int[] copy = dims.clone();
        return Recorder.record("flip", z, (g, grads) -> grads.add(x, g.flip(copy)), x);
    }

    /**
     * z = x tiled {@code repeats[k]} times along each dim (extra leading counts add new dims), as
     * PyTorch's {@code repeat}.  ∂x = g viewed as [r₀, s₀, r₁, s₁, …] and summed over the tile axes rₖ.
     */
    static Tensor repeat(Tensor x, int[] repeats) {
        int[] shape = x.shapeRef();
        int rank = repeats.length;
        if (rank < shape.length) {
            throw new IllegalArgumentException("repeat: " + rank + " repeat counts " + Arrays.toString(repeats)
                    + " for a tensor of shape " + Shapes.format(shape) + "; give at least one per dimension");
        }
        int[] padded = new int[rank];
        Arrays.fill(padded, 1);
        System.arraycopy(shape, 0, padded, rank - shape.length, shape.length);
        int[] out = new int[rank];
        int[] tiles = new int[2 * rank];
        for (int d = 0; d < rank; d++) {
            if (repeats[d] < 0) {
                throw new IllegalArgumentException("repeat: negative repeat count in " + Arrays.toString(repeats));
            }
            long size = (long) padded[d] * repeats[d];
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("repeat: repeating " + Shapes.format(shape) + " by "
                        + Arrays.toString(repeats) + " overflows dimension " + d);
            }
            out[d] = (int) size;
            tiles[2 * d] = repeats[d];
            tiles[2 * d + 1] = padded[d];
        }
        Tensor z = Tensor.empty(x.dtype(), Shapes.checkShape("repeat", out));
        int[] own = Shapes.strides(padded);
        int[] outStrides = Shapes.strides(out);
        int[] srcStrides = new int[2 * rank];
        int[] dstStrides = new int[2 * rank];
        int[] tileAxes = new int[rank];
        for (int d = 0; d < rank; d++) {
            srcStrides[2 * d + 1] = own[d];
            dstStrides[2 * d] = padded[d] * outStrides[d];
            dstStrides[2 * d + 1] = outStrides[d];
            tileAxes[d] = 2 * d;
        }
        StridedCopy.copy(tiles, x.array(), 0, srcStrides, z.array(), 0, dstStrides);
        return Recorder.record("repeat", z, (g, grads) -> grads.add(x,
                rank == 0 ? g.reshape(shape) : g.reshape(tiles).sum(tileAxes, false).reshape(shape)), x);
    }
}

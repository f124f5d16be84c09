package dev.panagrad.core;

import java.util.Arrays;

/**
 * Ops driven by INT32 index tensors: indexSelect ↔ indexAdd and gather ↔ scatterAdd are adjoint
 * pairs, so each one's gradient is the other and every order of derivative stays in this family;
 * oneHot builds INT32 encodings. An index outside its dimension throws an IllegalArgumentException
 * naming the op, the index value, its position and the size.
 */
final class Indexing {
    private Indexing() {}

    /**
     * z = the slices of x at {@code index} along {@code dim}: {@code z[…, j, …] = x[…, index[j], …]}.
     * ∂x = zeros of x's shape with g's slices added back at {@code index} (indexAdd).
     */
    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        int d = ShapeOps.axis("indexSelect", dim, x);
        int[] idx = vectorIndex("indexSelect", index, x, d);
        int[] shape = x.shapeRef();
        int[] out = shape.clone();
        out[d] = idx.length;
        Tensor z = Tensor.empty(x.dtype(), out);
        int inner = Shapes.numel(Arrays.copyOfRange(shape, d + 1, shape.length));
        int outer = Shapes.numel(Arrays.copyOfRange(shape, 0, d));
        if (inner > 0) {
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < idx.length; j++) {
                    System.arraycopy(x.array(), (o * shape[d] + idx[j]) * inner, z.array(), (o * idx.length + j) * inner, inner);
                }
            }
        }
        return Recorder.record("indexSelect", z, (g, grads) ->
                grads.add(x, Tensor.zerosLike(x).indexAdd(d, index, g)), x);
    }

    /**
     * z = x with the slices of {@code src} added at {@code index} along {@code dim}:
     * {@code z[…, index[j], …] += src[…, j, …]} (repeated indices accumulate), as PyTorch's {@code index_add}.
     * ∂x = g, ∂src = g's slices at {@code index} (indexSelect).
     */
    static Tensor indexAdd(Tensor x, int dim, Tensor index, Tensor src) {
        int d = ShapeOps.axis("indexAdd", dim, x);
        int[] idx = vectorIndex("indexAdd", index, x, d);
        int[] shape = x.shapeRef();
        int[] expected = shape.clone();
        expected[d] = idx.length;
        if (src.dtype() != x.dtype() || !Arrays.equals(src.shapeRef(), expected)) {
            throw new IllegalArgumentException("indexAdd: src is " + Shapes.format(src.shapeRef()) + " " + src.dtype()
                    + " but adding " + idx.length + " slices along dimension " + d + " of " + Shapes.format(shape) + " "
                    + x.dtype() + " needs " + Shapes.format(expected) + " " + x.dtype());
        }
        Tensor z = Tensor.empty(x.dtype(), shape.clone());
        System.arraycopy(x.array(), 0, z.array(), 0, x.numel());
        int inner = Shapes.numel(Arrays.copyOfRange(shape, d + 1, shape.length));
        int outer = Shapes.numel(Arrays.copyOfRange(shape, 0, d));
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < idx.length; j++) {
                StridedCopy.addRun(src.array(), (o * idx.length + j) * inner, z.array(), (o * shape[d] + idx[j]) * inner, inner);
            }
        }
        return Recorder.record("indexAdd", z, (g, grads) -> {
            if (grads.needs(x)) grads.add(x, g);
            if (grads.needs(src)) grads.add(src, g.indexSelect(d, index));
        }, x, src);
    }

    /**
     * z = entries of x picked along {@code dim} by {@code index} (same rank as x; z has index's shape):
     * {@code z[i][j][k] = x[index[i][j][k]][j][k]} for dim 0, likewise for other dims.
     * ∂x = zeros of x's shape with g scattered back (scatterAdd).
     */
    static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = ShapeOps.axis("gather", dim, x);
        checkIndexShape("gather", index, x, d, null);
        int[] positions = positions("gather", index, x.shapeRef(), d);
        Tensor z = Tensor.empty(x.dtype(), index.shape());
        StridedCopy.take(x.array(), positions, z.array());
        return Recorder.record("gather", z, (g, grads) ->
                grads.add(x, Tensor.zerosLike(x).scatterAdd(d, index, g)), x);
    }

    /**
     * z = x with {@code src}'s entries added where {@code index} sends them along {@code dim}:
     * {@code z[index[i][j][k]][j][k] += src[i][j][k]} for dim 0 (repeated targets accumulate); index
     * has x's rank and fits inside src (and inside x off {@code dim}).
     * ∂x = g, ∂src = g gathered at {@code index}, zero-padded to src's shape where src extends past index.
     */
    static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
        int d = ShapeOps.axis("scatterAdd", dim, x);
        if (src.dtype() != x.dtype()) {
            throw new IllegalArgumentException("scatterAdd: dtype mismatch, self is " + x.dtype() + " but src is "
                    + src.dtype() + "; convert with to(...)");
        }
        checkIndexShape("scatterAdd", index, x, d, src);
        int[] to = positions("scatterAdd", index, x.shapeRef(), d);
        int[] from = offsets(index.shapeRef(), Shapes.strides(src.shapeRef()));
        Tensor z = Tensor.empty(x.dtype(), x.shape());
        System.arraycopy(x.array(), 0, z.array(), 0, x.numel());
        StridedCopy.accumulate(src.array(), from, z.array(), to);
        int[] srcShape = src.shapeRef();
        int[] indexShape = index.shapeRef();
        int[] widths = new int[2 * srcShape.length];
        for (int k = 0; k < srcShape.length; k++) {
            widths[2 * k + 1] = srcShape[srcShape.length - 1 - k] - indexShape[srcShape.length - 1 - k];
        }
        boolean padded = !Arrays.equals(srcShape, indexShape);
        return Recorder.record("scatterAdd", z, (g, grads) -> {
            if (grads.needs(x)) grads.add(x, g);
            if (grads.needs(src)) {
                Tensor picked = g.gather(d, index);
                grads.add(src, padded ? picked.pad(widths, 0) : picked);
            }
        }, x, src);
    }

    /**
     * z[…, c] = 1 where x[…] = c, else 0: INT32 class indices to an INT32 one-hot encoding with a new
     * last dim of {@code numClasses} (-1 infers max(x) + 1). Not differentiable.
     */
    static Tensor oneHot(Tensor x, int numClasses) {
        if (x.dtype() != DType.INT32) {
            throw new IllegalArgumentException("oneHot: expects INT32 class indices, got " + x.dtype() + " of shape "
                    + Shapes.format(x.shapeRef()) + "; convert with to(DType.INT32)");
        }
        int[] values = x.i32();
        int classes = numClasses;
        if (numClasses == -1) {
            if (values.length == 0) {
                throw new IllegalArgumentException("oneHot: cannot infer the number of classes of an empty tensor; pass numClasses");
            }
            classes = Arrays.stream(values).max().getAsInt() + 1;
        } else if (numClasses < 0) {
            throw new IllegalArgumentException("oneHot: numClasses must be non-negative or -1 (infer), got " + numClasses);
        }
        int[] shape = x.shapeRef();
        int[] out = Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = Math.max(classes, 0);
        Tensor z = Tensor.empty(DType.INT32, Shapes.checkShape("oneHot", out));
        int[] o = z.i32();
        for (int i = 0; i < values.length; i++) {
            int c = values[i];
            if (c < 0 || c >= classes) {
                throw new IllegalArgumentException("oneHot: class index " + c + " at position " + i
                        + " is out of range for " + classes + " classes");
            }
            o[i * classes + c] = 1;
        }
        return Recorder.record("oneHot", z, null, x);
    }

    // ------------------------------------------------------------------ validation and addressing

    /** The values of a rank-0 or rank-1 INT32 index, each checked to lie in [0, size of dim d of x). */
    private static int[] vectorIndex(String op, Tensor index, Tensor x, int d) {
        requireInt(op, index);
        if (index.dim() > 1) {
            throw new IllegalArgumentException(op + ": index must be a vector (rank 0 or 1), got shape "
                    + Shapes.format(index.shapeRef()));
        }
        int[] idx = index.i32();
        int size = x.shapeRef()[d];
        for (int j = 0; j < idx.length; j++) {
            if (idx[j] < 0 || idx[j] >= size) {
                throw outOfRange(op, idx[j], "position " + j, d, size);
            }
        }
        return idx;
    }

    /**
     * Checks a gather/scatter index: INT32, the rank of x, and no larger than x off {@code dim} (and
     * than src everywhere, when src is given).
     */
    private static void checkIndexShape(String op, Tensor index, Tensor x, int d, Tensor src) {
        requireInt(op, index);
        int[] is = index.shapeRef();
        int[] xs = x.shapeRef();
        boolean ok = is.length == xs.length && (src == null || src.dim() == xs.length);
        for (int k = 0; ok && k < is.length; k++) {
            ok = (k == d || is[k] <= xs[k]) && (src == null || is[k] <= src.shapeRef()[k]);
        }
        if (!ok) {
            throw new IllegalArgumentException(op + ": index of shape " + Shapes.format(is) + " does not fit self of shape "
                    + Shapes.format(xs) + (src == null ? "" : " and src of shape " + Shapes.format(src.shapeRef()))
                    + " along dimension " + d + "; index needs the same rank, at most self's size off dimension " + d
                    + (src == null ? "" : " and at most src's size everywhere"));
        }
    }

    private static void requireInt(String op, Tensor index) {
        if (index.dtype() != DType.INT32) {
            throw new IllegalArgumentException(op + ": index must be INT32, got " + index.dtype() + " of shape "
                    + Shapes.format(index.shapeRef()));
        }
    }

    /**
     * For each entry of {@code index} in row-major order, the flat offset into a tensor of
     * {@code target} shape at the entry's own position, with its value substituted along {@code d}.
     */
    private static int[] positions(String op, Tensor index, int[] target, int d) {
        int[] strides = Shapes.strides(target);
        int dimStride = strides[d];
        int[] base = strides.clone();
        base[d] = 0;
        int[] pos = offsets(index.shapeRef(), base);
        int[] idx = index.i32();
        int size = target[d];
        for (int i = 0; i < pos.length; i++) {
            if (idx[i] < 0 || idx[i] >= size) {
                throw outOfRange(op, idx[i], "position " + Shapes.format(unravel(i, index.shapeRef())), d, size);
            }
            pos[i] += idx[i] * dimStride;
        }
        return pos;
    }

    /** {@code Σ iₖ·strides[k]} for every index {@code i} of {@code shape}, in row-major order. */
    private static int[] offsets(int[] shape, int[] strides) {
        int n = Shapes.numel(shape);
        int[] out = new int[n];
        int rank = shape.length;
        int[] counter = new int[rank];
        int offset = 0;
        for (int i = 0; i < n; i++) {
            out[i] = offset;
            for (int k = rank - 1; k >= 0; k--) {
                if (++counter[k] < shape[k]) {
                    offset += strides[k];
                    break;
                }
                offset -= strides[k] * (shape[k] - 1);
                counter[k] = 0;
            }
        }
        return out;
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int k = shape.length - 1; k >= 0; k--) {
            idx[k] = flat % shape[k];
            flat /= shape[k];
        }
        return idx;
    }

    private static IllegalArgumentException outOfRange(String op, int value, String where, int d, int size) {
        return new IllegalArgumentException(op + ": index " + value + " at " + where + " is out of range for dimension "
                + d + " of size " + size);
    }
}

package dev.panagrad.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shape ops: views (reshape and its relatives share storage, since storage is always contiguous),
 * dtype conversion, broadcasting, permutation, concatenation and splitting. Slicing, padding, flips
 * and tiling live in {@link Slicing}; index-driven ops in {@link Indexing}. Data moves through
 * {@link StridedCopy}. Gradient rules sit next to each op and use only Tensor ops.
 */
final class ShapeOps {
    private ShapeOps() {}

    // ------------------------------------------------------------------ views

    /** z = x viewed as {@code newShape} (one entry may be -1).  ∂x = g reshaped back. */
    static Tensor reshape(Tensor x, int[] newShape) {
        return view("reshape", x, inferShape("reshape", x, newShape));
    }

    /** z = x with dims {@code startDim..endDim} merged into one.  ∂x = g reshaped back. */
    static Tensor flatten(Tensor x, int startDim, int endDim) {
        int rank = x.dim();
        int start = Shapes.dim("flatten", startDim, rank);
        int end = Shapes.dim("flatten", endDim, rank);
        if (rank == 0) {
            return view("flatten", x, new int[] {1});
        }
        if (start > end) {
            throw new IllegalArgumentException("flatten: startDim " + startDim + " comes after endDim " + endDim
                    + " for a tensor of shape " + Shapes.format(x.shapeRef()));
        }
        int[] shape = x.shapeRef();
        int[] out = new int[rank - (end - start)];
        System.arraycopy(shape, 0, out, 0, start);
        long merged = 1;
        for (int d = start; d <= end; d++) {
            merged *= shape[d];
        }
        out[start] = (int) merged;
        System.arraycopy(shape, end + 1, out, start + 1, rank - end - 1);
        return view("flatten", x, out);
    }

    /** z = x without its size-1 dims.  ∂x = g reshaped back. */
    static Tensor squeeze(Tensor x) {
        int[] shape = x.shapeRef();
        return view("squeeze", x, Arrays.stream(shape).filter(s -> s != 1).toArray());
    }

    /** z = x without dim {@code dim} if it has size 1, else x's shape unchanged.  ∂x = g reshaped back. */
    static Tensor squeeze(Tensor x, int dim) {
        int[] shape = x.shapeRef();
        int d = Shapes.dim("squeeze", dim, shape.length);
        if (shape.length == 0 || shape[d] != 1) {
            return view("squeeze", x, shape.clone());
        }
        return view("squeeze", x, without(shape, d));
    }

    /** z = x with a size-1 dim inserted at {@code dim} (in [-rank-1, rank]).  ∂x = g reshaped back. */
    static Tensor unsqueeze(Tensor x, int dim) {
        int[] shape = x.shapeRef();
        int d = insertionDim("unsqueeze", dim, shape.length);
        int[] out = new int[shape.length + 1];
        System.arraycopy(shape, 0, out, 0, d);
        out[d] = 1;
        System.arraycopy(shape, d, out, d + 1, shape.length - d);
        return view("unsqueeze", x, out);
    }

    /** A recorded view of x under {@code shape} (same element count, checked by the caller). */
    private static Tensor view(String name, Tensor x, int[] shape) {
        Tensor z = x.withShape(shape);
        return Recorder.record(name, z, (g, grads) -> grads.add(x, g.reshape(x.shapeRef())), x);
    }

    /** z = x in storage of its own.  ∂x = g. */
    static Tensor copy(Tensor x) {
        Tensor z = Tensor.empty(x.dtype(), x.shapeRef().clone());
        System.arraycopy(x.array(), 0, z.array(), 0, x.numel());
        return Recorder.record("clone", z, (g, grads) -> grads.add(x, g), x);
    }

    // ------------------------------------------------------------------ dtype and broadcasting

    /** z = x converted to {@code dtype}.  ∂x = g converted back (floating dtypes only). */
    static Tensor to(Tensor x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        int n = x.numel();
        Tensor z = Tensor.empty(dtype, x.shape());
        switch (dtype) {
            case FLOAT32 -> {
                float[] o = z.f32();
                for (int i = 0; i < n; i++) o[i] = (float) x.flatDouble(i);
            }
            case FLOAT64 -> {
                double[] o = z.f64();
                for (int i = 0; i < n; i++) o[i] = x.flatDouble(i);
            }
            case INT32 -> {
                int[] o = z.i32();
                for (int i = 0; i < n; i++) o[i] = (int) x.flatDouble(i);
            }
        }
        BackwardRule rule = x.dtype().isFloatingPoint() ? (g, grads) -> grads.add(x, g.to(x.dtype())) : null;
        return Recorder.record("to", z, rule, x);
    }

    /**
     * z = x broadcast to {@code target} (a -1 keeps an existing dim's size).  ∂x = g summed back to
     * x's shape.
     */
    static Tensor expand(Tensor x, int[] target) {
        int[] shape = x.shapeRef();
        int[] out = target.clone();
        int lead = out.length - shape.length;
        boolean ok = lead >= 0;
        for (int d = 0; ok && d < out.length; d++) {
            if (d >= lead && out[d] == -1) {
                out[d] = shape[d - lead];
            }
            ok = out[d] >= 0 && (d < lead || shape[d - lead] == out[d] || shape[d - lead] == 1);
        }
        if (!ok) {
            throw new IllegalArgumentException("expand: cannot expand shape " + Shapes.format(shape) + " to "
                    + Shapes.format(target) + " (each dimension must be 1 or equal the target; new dimensions go in front)");
        }
        Shapes.numel(out);
        if (Arrays.equals(shape, out)) {
            return view("expand", x, out);
        }
        Tensor z = Tensor.empty(x.dtype(), out);
        StridedCopy.copy(out, x.array(), 0, Shapes.broadcastStrides(shape, out), z.array(), 0, Shapes.strides(out));
        return Recorder.record("expand", z, (g, grads) -> grads.add(x, g.sumTo(x.shapeRef())), x);
    }

    // ------------------------------------------------------------------ permutations

    /** z = x with dims reordered: z's dim k is x's dim {@code perm[k]}.  ∂x = g permuted by the inverse. */
    static Tensor permute(Tensor x, int[] perm) {
        return permute("permute", x, checkPermutation(x, perm));
    }

    /** z = x with dims {@code d0} and {@code d1} swapped.  ∂x = g with them swapped back. */
    static Tensor transpose(Tensor x, int d0, int d1) {
        int rank = x.dim();
        int a = Shapes.dim("transpose", d0, rank);
        int b = Shapes.dim("transpose", d1, rank);
        int[] perm = identity(rank);
        if (rank > 0) {
            perm[a] = b;
            perm[b] = a;
        }
        return permute("transpose", x, perm);
    }

    /** z = xᵀ for a matrix; a vector or scalar is returned as is (PyTorch's {@code t}).  ∂x = gᵀ. */
    static Tensor t(Tensor x) {
        if (x.dim() > 2) {
            throw new IllegalArgumentException("t: expects a tensor with at most 2 dimensions, got shape "
                    + Shapes.format(x.shapeRef()) + "; use transpose(d0, d1) or permute(...)");
        }
        return permute("t", x, x.dim() == 2 ? new int[] {1, 0} : identity(x.dim()));
    }

    private static Tensor permute(String name, Tensor x, int[] perm) {
        int[] shape = x.shapeRef();
        int rank = shape.length;
        int[] inverse = new int[rank];
        int[] out = new int[rank];
        int[] srcStrides = new int[rank];
        int[] own = Shapes.strides(shape);
        for (int k = 0; k < rank; k++) {
            inverse[perm[k]] = k;
            out[k] = shape[perm[k]];
            srcStrides[k] = own[perm[k]];
        }
        if (Arrays.equals(perm, identity(rank))) {
            return view(name, x, out);
        }
        Tensor z = Tensor.empty(x.dtype(), out);
        StridedCopy.copy(out, x.array(), 0, srcStrides, z.array(), 0, Shapes.strides(out));
        return Recorder.record(name, z, (g, grads) -> grads.add(x, g.permute(inverse)), x);
    }

    private static int[] checkPermutation(Tensor x, int[] perm) {
        int rank = x.dim();
        boolean ok = perm.length == rank;
        int[] resolved = new int[perm.length];
        boolean[] seen = new boolean[rank];
        for (int k = 0; ok && k < perm.length; k++) {
            int p = perm[k] < 0 ? perm[k] + rank : perm[k];
            ok = p >= 0 && p < rank && !seen[p];
            if (ok) {
                seen[p] = true;
                resolved[k] = p;
            }
        }
        if (!ok) {
            throw new IllegalArgumentException("permute: " + Arrays.toString(perm) + " is not a permutation of the " + rank
                    + " dimensions of a tensor of shape " + Shapes.format(x.shapeRef()));
        }
        return resolved;
    }

    // ------------------------------------------------------------------ joining and splitting

    /**
     * z = the tensors joined along {@code dim}; their shapes must agree elsewhere.
     * ∂tᵢ = g narrowed to tᵢ's extent along {@code dim}.
     */
    static Tensor concat(int dim, Tensor[] ts) {
        if (ts.length == 0) {
            throw new IllegalArgumentException("concat: needs at least one tensor");
        }
        Tensor first = ts[0];
        int rank = first.dim();
        if (rank == 0) {
            throw new IllegalArgumentException("concat: cannot concatenate rank-0 tensors (tensor 0 has shape [])");
        }
        int d = axis("concat", dim, first);
        long total = 0;
        for (int i = 0; i < ts.length; i++) {
            Tensor t = ts[i];
            if (t.dtype() != first.dtype()) {
                throw new IllegalArgumentException("concat: dtype mismatch, tensor 0 is " + first.dtype() + " but tensor "
                        + i + " is " + t.dtype() + "; convert with to(...)");
            }
            if (!sameExcept(first.shapeRef(), t.shapeRef(), d)) {
                throw new IllegalArgumentException("concat: tensor " + i + " has shape " + Shapes.format(t.shapeRef())
                        + " but tensor 0 has shape " + Shapes.format(first.shapeRef())
                        + "; shapes must agree except in dimension " + d);
            }
            total += t.shapeRef()[d];
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("concat: the result would have " + total + " entries in dimension " + d);
        }
        int[] out = first.shape();
        out[d] = (int) total;
        Tensor z = Tensor.empty(first.dtype(), Shapes.checkShape("concat", out));
        int inner = Shapes.numel(Arrays.copyOfRange(out, d + 1, rank));
        int outer = Shapes.numel(Arrays.copyOfRange(out, 0, d));
        int outBlock = out[d] * inner;
        int[] starts = new int[ts.length];
        int offset = 0;
        for (int i = 0; i < ts.length; i++) {
            starts[i] = offset;
            int block = ts[i].shapeRef()[d] * inner;
            StridedCopy.copy(new int[] {outer, block}, ts[i].array(), 0, new int[] {block, 1},
                    z.array(), offset * inner, new int[] {outBlock, 1});
            offset += ts[i].shapeRef()[d];
        }
        Tensor[] inputs = ts.clone();
        return Recorder.record("concat", z, (g, grads) -> {
            for (int i = 0; i < inputs.length; i++) {
                if (grads.needs(inputs[i])) {
                    grads.add(inputs[i], g.narrow(d, starts[i], inputs[i].shapeRef()[d]));
                }
            }
        }, inputs);
    }

    /** z = the tensors, all of one shape, stacked along a new dim {@code dim}: concat of their unsqueezes. */
    static Tensor stack(int dim, Tensor[] ts) {
        if (ts.length == 0) {
            throw new IllegalArgumentException("stack: needs at least one tensor");
        }
        Tensor first = ts[0];
        int d = insertionDim("stack", dim, first.dim());
        Tensor[] parts = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            if (ts[i].dtype() != first.dtype() || !Arrays.equals(ts[i].shapeRef(), first.shapeRef())) {
                throw new IllegalArgumentException("stack: tensor " + i + " is " + Shapes.format(ts[i].shapeRef()) + " "
                        + ts[i].dtype() + " but tensor 0 is " + Shapes.format(first.shapeRef()) + " " + first.dtype()
                        + "; all tensors must have one shape and dtype");
            }
            parts[i] = ts[i].unsqueeze(d);
        }
        return concat(d, parts);
    }

    /** Consecutive pieces of {@code splitSize} along {@code dim} (the last may be smaller), as narrows. */
    static List<Tensor> split(Tensor x, int splitSize, int dim) {
        int d = axis("split", dim, x);
        int size = x.shapeRef()[d];
        if (splitSize < 0 || (splitSize == 0 && size > 0)) {
            throw new IllegalArgumentException("split: splitSize must be positive, got " + splitSize
                    + " for dimension " + d + " of size " + size);
        }
        int pieces = size == 0 ? 1 : (size + splitSize - 1) / splitSize;
        int[] sizes = new int[pieces];
        for (int i = 0; i < pieces; i++) {
            sizes[i] = Math.min(splitSize, size - i * splitSize);
        }
        return pieces(x, sizes, d);
    }

    /** Pieces of the given sizes along {@code dim}; the sizes must add up to that dim's size. */
    static List<Tensor> split(Tensor x, int[] sizes, int dim) {
        int d = axis("split", dim, x);
        long sum = 0;
        for (int s : sizes) {
            if (s < 0) {
                throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            }
            sum += s;
        }
        if (sum != x.shapeRef()[d]) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " add up to " + sum
                    + ", not to the size " + x.shapeRef()[d] + " of dimension " + d + " of shape " + Shapes.format(x.shapeRef()));
        }
        return pieces(x, sizes.clone(), d);
    }

    /** {@code chunks} pieces of equal size ⌈n/chunks⌉ along {@code dim} (fewer if n is too small), as PyTorch. */
    static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        int d = axis("chunk", dim, x);
        if (chunks <= 0) {
            throw new IllegalArgumentException("chunk: the number of chunks must be positive, got " + chunks);
        }
        int size = x.shapeRef()[d];
        if (size == 0) {
            return pieces(x, new int[chunks], d);
        }
        return split(x, (size + chunks - 1) / chunks, d);
    }

    private static List<Tensor> pieces(Tensor x, int[] sizes, int d) {
        List<Tensor> out = new ArrayList<>(sizes.length);
        int start = 0;
        for (int s : sizes) {
            out.add(x.narrow(d, start, s));
            start += s;
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------ shared helpers

    /** A dim of a tensor of rank ≥ 1 (negative counts from the end), or an exception naming the op. */
    static int axis(String op, int dim, Tensor x) {
        if (x.dim() == 0) {
            throw new IllegalArgumentException(op + ": a rank-0 tensor has no dimension " + dim);
        }
        return Shapes.dim(op, dim, x.dim());
    }

    /** Where a new dim goes in a tensor of {@code rank}: in [-rank-1, rank], negative counting from the end. */
    private static int insertionDim(String op, int dim, int rank) {
        if (dim < -rank - 1 || dim > rank) {
            throw new IllegalArgumentException(op + ": cannot insert a dimension at " + dim + " into a tensor of rank "
                    + rank + " (expected in [" + (-rank - 1) + ", " + rank + "])");
        }
        return dim < 0 ? dim + rank + 1 : dim;
    }

    /** {@code [0, 1, …, rank-1]}. */
    static int[] identity(int rank) {
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = i;
        }
        return p;
    }

    /** {@code shape} without dim {@code d}. */
    static int[] without(int[] shape, int d) {
        int[] out = new int[shape.length - 1];
        System.arraycopy(shape, 0, out, 0, d);
        System.arraycopy(shape, d + 1, out, d, shape.length - d - 1);
        return out;
    }

    private static boolean sameExcept(int[] a, int[] b, int d) {
        if (a.length != b.length) {
            return false;
        }
        for (int k = 0; k < a.length; k++) {
            if (k != d && a[k] != b[k]) {
                return false;
            }
        }
        return true;
    }

    /** Resolves one -1 entry and checks the element count. */
    static int[] inferShape(String op, Tensor x, int[] requested) {
        int[] shape = requested.clone();
        int unknown = -1;
        long known = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == -1) {
                if (unknown >= 0) {
                    throw new IllegalArgumentException(op + ": only one dimension can be -1, got " + Shapes.format(requested));
                }
                unknown = d;
            } else if (shape[d] < 0) {
                throw new IllegalArgumentException(op + ": invalid dimension " + shape[d] + " in " + Shapes.format(requested));
            } else {
                known *= shape[d];
            }
        }
        int n = x.numel();
        if (unknown >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException(op + ": cannot infer the -1 in " + Shapes.format(requested)
                        + " for a tensor of shape " + Shapes.format(x.shapeRef()) + " (" + n + " elements)");
            }
            shape[unknown] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException(op + ": shape " + Shapes.format(requested) + " (" + known
                    + " elements) does not fit a tensor of shape " + Shapes.format(x.shapeRef()) + " (" + n + " elements)");
        }
        return shape;
    }
}

package dev.panagrad.core;

import dev.panagrad.core.kernels.ReductionKernels.Accumulate;
import dev.panagrad.core.kernels.ReductionKernels.Extreme;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Reductions over all dims or any set of dims, with {@code keepDim}: sum, mean, prod, var, std,
 * logsumexp and the 1-, 2- and ∞-norms (max, min and their indices live in {@link Extremes}, softmax
 * in {@link Softmax}). Values come from kernel passes ({@link ReductionPasses}); each op records its
 * gradient rule next to it, written with Tensor ops so that it differentiates again. Floating-point
 * input only, except that {@link #sum} also counts INT32 masks and labels (an INT32 result); other
 * ops reject an INT32 tensor with a hint to convert it. {@link #sumTo} is the one place broadcasting
 * is undone.
 *
 * <p>Dims may be negative (counted from the end) and must not repeat. An empty {@code dims} array
 * reduces nothing, as NumPy's {@code axis=()}: each element is its own slice (unlike PyTorch's legacy
 * {@code dim=[]}, which reduces everything; use the no-argument overloads for that).
 */
final class Reductions {
    private Reductions() {}

    /**
     * z = Σ_dims x.  ∂x = g broadcast back over the reduced dims. An INT32 input gives an INT32 sum
     * (PyTorch gives int64): it is exact, and a sum beyond the int range throws rather than wrapping.
     */
    static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        if (x.dtype() == DType.INT32) {
            return integerSum(x, dims, keepDim);
        }
        boolean[] reduced = reducedDims("sum", x.dim(), dims);
        int[] kept = keptShape(x.shapeRef(), reduced);
        Tensor z = finish(ReductionPasses.accumulate(Accumulate.SUM, x, reduced), reduced, keepDim);
        return Recorder.record("sum", z, (g, grads) -> grads.add(x, spread(g, kept, x.shapeRef())), x);
    }

    /** Σ of INT32 values, computed in float64 (exact below 2^53) and checked against the int range. */
    private static Tensor integerSum(Tensor x, int[] dims, boolean keepDim) {
        double[] sums = x.to(DType.FLOAT64).sum(dims, keepDim).toDoubleArray();
        int[] shape = dropOrKeep(x, dims, keepDim);
        int[] out = new int[sums.length];
        for (int i = 0; i < sums.length; i++) {
            if (sums[i] > Integer.MAX_VALUE || sums[i] < Integer.MIN_VALUE) {
                throw new IllegalArgumentException("sum: the INT32 sum " + (long) sums[i] + " of a tensor of shape "
                        + Shapes.format(x.shapeRef()) + " does not fit in INT32; convert with to(DType.FLOAT64) first");
            }
            out[i] = (int) sums[i];
        }
        return Recorder.record("sum", Tensor.wrap(DType.INT32, shape, out), null, x);
    }

    /** The shape of a reduction of x over {@code dims}: reduced dims kept as 1 or dropped. */
    private static int[] dropOrKeep(Tensor x, int[] dims, boolean keepDim) {
        boolean[] reduced = reducedDims("sum", x.dim(), dims);
        int[] kept = keptShape(x.shapeRef(), reduced);
        return keepDim ? kept : dropReduced(kept, reduced);
    }

    /** z = Σ_dims x / N, N the number of elements per slice (NaN for empty slices).  ∂x = g / N broadcast back. */
    static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        Elementwise.requireFloating("mean", x);
        boolean[] reduced = reducedDims("mean", x.dim(), dims);
        int[] kept = keptShape(x.shapeRef(), reduced);
        double n = sliceSize(x.shapeRef(), reduced);
        Tensor z = ReductionPasses.accumulate(Accumulate.SUM, x, reduced);
        divide(z, n);
        return Recorder.record("mean", finish(z, reduced, keepDim),
                (g, grads) -> grads.add(x, spread(g, kept, x.shapeRef()).div(n)), x);
    }

    /**
     * z = Π_dims x (1 for empty slices).  ∂xᵢ = g · Π_{j≠i} xⱼ, the product of the <em>other</em>
     * elements of i's slice — never z / xᵢ, which is 0/0 at a zero. It is computed as the product of
     * the slice's non-zero elements divided by xᵢ (or not, when xᵢ is the zero), times the slice's
     * zero when xᵢ is not it; so a slice holding one zero gets exact first and higher derivatives, and
     * a slice holding several zeros an exact (zero) first derivative, but second derivatives taken as
     * 0. Like the forward product, the gradient under- or overflows when the non-zero product does.
     */
    static Tensor prod(Tensor x, int[] dims, boolean keepDim) {
        Elementwise.requireFloating("prod", x);
        boolean[] reduced = reducedDims("prod", x.dim(), dims);
        int[] kept = keptShape(x.shapeRef(), reduced);
        Tensor result = finish(ReductionPasses.accumulate(Accumulate.PROD, x, reduced), reduced, keepDim);
        int[] axes = dimsOf(reduced);
        return Recorder.record("prod", result, (g, grads) -> {
            Tensor others = productOfOthers(x, result.reshape(kept), axes);
            grads.add(x, spread(g, kept, x.shapeRef()).mul(others));
        }, x);
    }

    /** Π_{j≠i} xⱼ over each slice, as a differentiable function of x (see {@link #prod}). */
    private static Tensor productOfOthers(Tensor x, Tensor product, int[] dims) {
        int[] shape = x.shapeRef();
        if (!containsZero(x)) {
            return product.expand(shape).div(x);
        }
        Tensor isZero = constantMask(x, v -> v == 0 ? 1 : 0);
        Tensor zerosPerSlice = ReductionPasses.accumulate(Accumulate.SUM, isZero, reducedDims("prod", x.dim(), dims));
        Tensor nonZero = x.add(isZero);                                  // zeros replaced by 1
        Tensor productOfNonZeros = nonZero.prod(dims, true);
        Tensor oneZero = constantMask(zerosPerSlice, c -> c == 1 ? 1 : 0);
        Tensor noZero = constantMask(zerosPerSlice, c -> c == 0 ? 1 : 0);
        Tensor theZero = isZero.mul(x).sum(dims, true);                 // the slice's zero, as a function of x
        Tensor zeroFactor = theZero.mul(oneZero).add(noZero);            // Π of the zeros not at i, i non-zero
        Tensor factor = isZero.mul(oneZero).add(constantMask(isZero, v -> 1 - v).mul(zeroFactor));
        return productOfNonZeros.expand(shape).div(nonZero).mul(factor);
    }

    private static boolean containsZero(Tensor x) {
        for (int i = 0, n = x.numel(); i < n; i++) {
            if (x.flatDouble(i) == 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * z = Σ_dims (x − mean)² / max(0, N − correction), N the slice size (correction 1 is Bessel's,
     * PyTorch's default; a non-positive denominator gives NaN or ∞ as in PyTorch).
     * ∂x = g · 2(x − mean) / (N − correction).
     */
    static Tensor var(Tensor x, int[] dims, int correction, boolean keepDim) {
        Elementwise.requireFloating("var", x);
        boolean[] reduced = reducedDims("var", x.dim(), dims);
        int[] kept = keptShape(x.shapeRef(), reduced);
        double denominator = Math.max(0, sliceSize(x.shapeRef(), reduced) - correction);
        Tensor z = squaredDeviations(x, reduced);
        divide(z, denominator);
        int[] axes = dimsOf(reduced);
        return Recorder.record("var", finish(z, reduced, keepDim), (g, grads) -> grads.add(x,
                x.sub(x.mean(axes, true)).mul(g.reshape(kept)).mul(2 / denominator)), x);
    }

    /**
     * z = √var(x, dims, correction).  ∂x = g · (x − mean) / ((N − correction) · z), which is NaN
     * where z = 0 (a constant slice), as in PyTorch.
     */
    static Tensor std(Tensor x, int[] dims, int correction, boolean keepDim) {
        Elementwise.requireFloating("std", x);
        boolean[] reduced = reducedDims("std", x.dim(), dims);
        int[] kept = keptShape(x.shapeRef(), reduced);
        double denominator = Math.max(0, sliceSize(x.shapeRef(), reduced) - correction);
        Tensor z = squaredDeviations(x, reduced);
        divide(z, denominator);
        sqrt(z);
        Tensor result = finish(z, reduced, keepDim);
        int[] axes = dimsOf(reduced);
        return Recorder.record("std", result, (g, grads) -> grads.add(x,
                x.sub(x.mean(axes, true)).mul(g.div(result).reshape(kept)).div(denominator)), x);
    }

    /** Σ_dims (x − mean)², kept shape, computed from the kernel sum and a broadcast subtraction. */
    private static Tensor squaredDeviations(Tensor x, boolean[] reduced) {
        Tensor mean = ReductionPasses.accumulate(Accumulate.SUM, x, reduced);
        divide(mean, sliceSize(x.shapeRef(), reduced));
        Tensor deviations;
        try (NoGrad unused = NoGrad.enter()) {
            deviations = x.detach().sub(mean);
        }
        return ReductionPasses.accumulate(Accumulate.SUM_SQUARES, deviations, reduced);
    }

    /**
     * z = m + ln Σ_dims exp(x − m), m the slice maximum (0 when infinite): no overflow for any finite
     * input, −∞ for a slice of −∞ (or an empty one), +∞ when the slice holds +∞.
     * ∂x = g · exp(x − z), the softmax of the slice.
     */
    static Tensor logsumexp(Tensor x, int[] dims, boolean keepDim) {
        Elementwise.requireFloating("logsumexp", x);
        boolean[] reduced = reducedDims("logsumexp", x.dim(), dims);
        int[] kept = keptShape(x.shapeRef(), reduced);
        Tensor result = finish(ReductionPasses.logSumExp(x, reduced), reduced, keepDim);
        return Recorder.record("logsumexp", result, (g, grads) -> grads.add(x,
                x.sub(result.reshape(kept)).exp().mul(g.reshape(kept))), x);
    }

    /**
     * The vector p-norm over dims, p ∈ {1, 2, ∞}.
     * <ul>
     * <li>p = 1: z = Σ|x|; ∂x = g · sign(x), with sign(0) = 0 (a subgradient).
     * <li>p = 2: z = √Σx²; ∂x = g · x / z, and 0 where z = 0 (a subgradient, not NaN).
     * <li>p = ∞: z = max|x|; ∂x = g · sign(x) at the first element of largest |x| in each slice
     * (the convention of {@link Extremes}), 0 elsewhere. Empty slices are rejected.
     * </ul>
     */
    static Tensor norm(Tensor x, double p, int[] dims, boolean keepDim) {
        Elementwise.requireFloating("norm", x);
        boolean[] reduced = reducedDims("norm", x.dim(), dims);
        int[] kept = keptShape(x.shapeRef(), reduced);
        if (p == 1) {
            Tensor z = finish(ReductionPasses.accumulate(Accumulate.SUM_ABS, x, reduced), reduced, keepDim);
            return Recorder.record("norm", z, (g, grads) -> grads.add(x,
                    constantMask(x, Math::signum).mul(g.reshape(kept))), x);
        }
        if (p == 2) {
            Tensor z = ReductionPasses.accumulate(Accumulate.SUM_SQUARES, x, reduced);
            sqrt(z);
            Tensor result = finish(z, reduced, keepDim);
            return Recorder.record("norm", result, (g, grads) -> {
                Tensor safe = result.add(constantMask(result, v -> v == 0 ? 1 : 0)); // z, with 0 → 1
                grads.add(x, x.mul(g.div(safe).reshape(kept)));
            }, x);
        }
        if (p == Double.POSITIVE_INFINITY) {
            Extremes.requireNonEmpty("norm", x, reduced);
            Tensor.ValuesAndIndices vi = ReductionPasses.extreme(Extreme.MAX_ABS, x, reduced);
            return Recorder.record("norm", finish(vi.values(), reduced, keepDim), (g, grads) -> grads.add(x,
                    ReductionPasses.sliceMask(x, reduced, vi.indices(), true).mul(g.reshape(kept))), x);
        }
        throw new IllegalArgumentException("norm: p must be 1, 2 or infinity, got " + p + " for a tensor of shape "
                + Shapes.format(x.shapeRef()));
    }

    /**
     * Sums the broadcast dimensions of {@code x} so the result has {@code target}, which must
     * broadcast to x's shape. Returns {@code x} itself when the shapes already agree.
     */
    static Tensor sumTo(Tensor x, int[] target) {
        Elementwise.requireFloating("sumTo", x);
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
        boolean[] seen = new boolean[Math.max(rank, 1)];
        for (int d : dims) {
            int k = Shapes.dim(op, d, rank);
            if (seen[k]) {
                throw new IllegalArgumentException(op + ": dimension " + d + " appears more than once in " + Arrays.toString(dims));
            }
            seen[k] = true;
            if (rank > 0) {
                reduced[k] = true;
            }
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

    /** A kept-shape result, viewed without the reduced dims unless {@code keepDim}. */
    static Tensor finish(Tensor kept, boolean[] reduced, boolean keepDim) {
        return keepDim ? kept : kept.withShape(dropReduced(kept.shapeRef(), reduced));
    }

    /** g (the result's shape) broadcast back to the input's shape over the reduced dims. */
    static Tensor spread(Tensor g, int[] kept, int[] shape) {
        return g.reshape(kept).expand(shape);
    }

    /** The indices of the marked dims. */
    static int[] dimsOf(boolean[] reduced) {
        int n = 0;
        int[] out = new int[reduced.length];
        for (int d = 0; d < reduced.length; d++) {
            if (reduced[d]) {
                out[n++] = d;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Number of elements in each reduced slice. */
    static double sliceSize(int[] shape, boolean[] reduced) {
        double n = 1;
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) {
                n *= shape[d];
            }
        }
        return n;
    }

    /** A constant (unrecorded) tensor of t's shape and dtype holding f of each element. */
    static Tensor constantMask(Tensor t, DoubleUnaryOperator f) {
        Tensor out = Tensor.empty(t.dtype(), t.shape());
        int n = t.numel();
        if (t.dtype() == DType.FLOAT32) {
            float[] o = out.f32();
            for (int i = 0; i < n; i++) {
                o[i] = (float) f.applyAsDouble(t.flatDouble(i));
            }
        } else {
            double[] o = out.f64();
            for (int i = 0; i < n; i++) {
                o[i] = f.applyAsDouble(t.flatDouble(i));
            }
        }
        return out;
    }

    /** Divides a freshly computed (unshared) result by {@code divisor}, in place. */
    private static void divide(Tensor z, double divisor) {
        if (z.dtype() == DType.FLOAT32) {
            float[] a = z.f32();
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (a[i] / divisor);
            }
        } else {
            double[] a = z.f64();
            for (int i = 0; i < a.length; i++) {
                a[i] /= divisor;
            }
        }
    }

    /** Square root of a freshly computed (unshared) result, in place. */
    private static void sqrt(Tensor z) {
        if (z.dtype() == DType.FLOAT32) {
            float[] a = z.f32();
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) Math.sqrt(a[i]);
            }
        } else {
            double[] a = z.f64();
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.sqrt(a[i]);
            }
        }
    }
}

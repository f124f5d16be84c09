package dev.panagrad.core;

import dev.panagrad.core.kernels.ElementwiseKernels;
import dev.panagrad.core.kernels.ElementwiseKernels.Compare;
import java.util.Locale;

/**
 * Comparisons, which return INT32 masks of 1 and 0 and are not differentiable, and {@code where},
 * the select that masks feed. Comparisons work on every dtype (IEEE semantics: NaN compares false
 * except under {@code ne}); {@code where} broadcasts over its mask and both operands.
 */
final class Comparisons {
    private static final ElementwiseKernels K = ElementwiseKernels.INSTANCE;

    private Comparisons() {}

    /** The comparison named {@code eq, ne, lt, le, gt} or {@code ge}, of two tensors. */
    static Tensor compare(String name, Tensor x, Tensor y) {
        return compare(name, Compare.valueOf(name.toUpperCase(Locale.ROOT)), x, y);
    }

    /** The comparison named {@code eq, ne, lt, le, gt} or {@code ge}, of a tensor and a constant. */
    static Tensor compare(String name, Tensor x, double value) {
        return compare(name, Compare.valueOf(name.toUpperCase(Locale.ROOT)), x, value);
    }

    /** z = (x op y) ? 1 : 0 as INT32, broadcasting; operands of one dtype. Not differentiable. */
    static Tensor compare(String name, Compare op, Tensor x, Tensor y) {
        Elementwise.requireSameDtype(name, x, y);
        int[] shape = Shapes.broadcast(name, x.shapeRef(), y.shapeRef());
        Tensor z = Tensor.empty(DType.INT32, shape);
        int[] o = z.i32();
        switch (x.dtype()) {
            case FLOAT32 -> {
                float[] a = x.f32(), b = y.f32();
                BroadcastLoop.forEachRun(x.shapeRef(), y.shapeRef(), shape,
                        (ao, as, bo, bs, oo, n) -> K.compare(op, a, ao, as, b, bo, bs, o, oo, n));
            }
            case FLOAT64 -> {
                double[] a = x.f64(), b = y.f64();
                BroadcastLoop.forEachRun(x.shapeRef(), y.shapeRef(), shape,
                        (ao, as, bo, bs, oo, n) -> K.compare(op, a, ao, as, b, bo, bs, o, oo, n));
            }
            case INT32 -> {
                int[] a = x.i32(), b = y.i32();
                BroadcastLoop.forEachRun(x.shapeRef(), y.shapeRef(), shape,
                        (ao, as, bo, bs, oo, n) -> K.compare(op, a, ao, as, b, bo, bs, o, oo, n));
            }
        }
        return Recorder.record(name, z, null, x, y);
    }

    /**
     * z = (x op value) ? 1 : 0. The value is converted to x's dtype (rounded to float for FLOAT32, as
     * PyTorch); an INT32 tensor is compared exactly, in double, with a value that is not an int.
     */
    static Tensor compare(String name, Compare op, Tensor x, double value) {
        boolean exactInt = value == Math.rint(value) && value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
        if (x.dtype() == DType.INT32 && !exactInt) {
            return compare(name, op, x.to(DType.FLOAT64), Tensor.scalar(value, DType.FLOAT64));
        }
        return compare(name, op, x, x.scalarLike(value));
    }

    /**
     * z = mask ≠ 0 ? a : b, broadcasting mask, a and b together; mask is INT32 (as comparisons return),
     * a and b of one dtype.  ∂a = where(mask, g, 0), ∂b = where(mask, 0, g): a select, never a product,
     * so a NaN or ∞ in the branch not taken cannot leak into the gradient.
     */
    static Tensor where(Tensor mask, Tensor a, Tensor b) {
        if (mask.dtype() != DType.INT32) {
            throw new IllegalArgumentException("where: the mask must be INT32 (non-zero selects a), got " + mask.dtype() + " "
                    + Shapes.format(mask.shapeRef()) + "; build it with a comparison such as x.gt(0)");
        }
        Elementwise.requireSameDtype("where", a, b);
        int[] shape;
        try {
            shape = Shapes.broadcast("where", Shapes.broadcast("where", mask.shapeRef(), a.shapeRef()), b.shapeRef());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("where: cannot broadcast mask " + Shapes.format(mask.shapeRef()) + ", a "
                    + Shapes.format(a.shapeRef()) + " and b " + Shapes.format(b.shapeRef()) + " to one shape", e);
        }
        Tensor z = Tensor.empty(a.dtype(), shape);
        int[] m = mask.i32();
        switch (a.dtype()) {
            case FLOAT32 -> {
                float[] x = a.f32(), y = b.f32(), o = z.f32();
                BroadcastLoop.forEachRun(new int[][] {mask.shapeRef(), a.shapeRef(), b.shapeRef()}, shape,
                        (off, st, oo, n) -> K.where(m, off[0], st[0], x, off[1], st[1], y, off[2], st[2], o, oo, n));
            }
            case FLOAT64 -> {
                double[] x = a.f64(), y = b.f64(), o = z.f64();
                BroadcastLoop.forEachRun(new int[][] {mask.shapeRef(), a.shapeRef(), b.shapeRef()}, shape,
                        (off, st, oo, n) -> K.where(m, off[0], st[0], x, off[1], st[1], y, off[2], st[2], o, oo, n));
            }
            case INT32 -> {
                int[] x = a.i32(), y = b.i32(), o = z.i32();
                BroadcastLoop.forEachRun(new int[][] {mask.shapeRef(), a.shapeRef(), b.shapeRef()}, shape,
                        (off, st, oo, n) -> K.where(m, off[0], st[0], x, off[1], st[1], y, off[2], st[2], o, oo, n));
            }
        }
        BackwardRule rule = (g, grads) -> {
            if (grads.needs(a)) grads.add(a, Tensor.where(mask, g, 0).sumTo(a.shapeRef()));
            if (grads.needs(b)) grads.add(b, Tensor.where(mask, 0, g).sumTo(b.shapeRef()));
        };
        return Recorder.record("where", z, a.dtype().isFloatingPoint() ? rule : null, mask, a, b);
    }
}

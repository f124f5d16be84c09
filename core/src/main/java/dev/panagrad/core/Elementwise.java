package dev.panagrad.core;

import dev.panagrad.core.kernels.ElementwiseKernels;
import dev.panagrad.core.kernels.ElementwiseKernels.Binary;
import dev.panagrad.core.kernels.ElementwiseKernels.Unary;

/**
 * Element-wise ops with NumPy broadcasting. Each op computes its value through
 * {@link ElementwiseKernels} and records its gradient rule right below, written with Tensor ops so it
 * differentiates again; broadcast gradients are summed back with {@link Tensor#sumTo}.
 */
final class Elementwise {
    private static final ElementwiseKernels K = ElementwiseKernels.INSTANCE;

    private Elementwise() {}

    /** z = x + y.  ∂x = g, ∂y = g (each summed to its input's shape). */
    static Tensor add(Tensor x, Tensor y) {
        Tensor z = binary("add", Binary.ADD, x, y);
        return Recorder.record("add", z, (g, grads) -> {
            if (grads.needs(x)) grads.add(x, g.sumTo(x.shapeRef()));
            if (grads.needs(y)) grads.add(y, g.sumTo(y.shapeRef()));
        }, x, y);
    }

    /** z = x − y.  ∂x = g, ∂y = −g. */
    static Tensor sub(Tensor x, Tensor y) {
        Tensor z = binary("sub", Binary.SUB, x, y);
        return Recorder.record("sub", z, (g, grads) -> {
            if (grads.needs(x)) grads.add(x, g.sumTo(x.shapeRef()));
            if (grads.needs(y)) grads.add(y, g.neg().sumTo(y.shapeRef()));
        }, x, y);
    }

    /** z = x ⊙ y.  ∂x = g ⊙ y, ∂y = g ⊙ x. */
    static Tensor mul(Tensor x, Tensor y) {
        Tensor z = binary("mul", Binary.MUL, x, y);
        return Recorder.record("mul", z, (g, grads) -> {
            if (grads.needs(x)) grads.add(x, g.mul(y).sumTo(x.shapeRef()));
            if (grads.needs(y)) grads.add(y, g.mul(x).sumTo(y.shapeRef()));
        }, x, y);
    }

    /** z = x / y.  ∂x = g / y, ∂y = −g ⊙ x / y². */
    static Tensor div(Tensor x, Tensor y) {
        Tensor z = binary("div", Binary.DIV, x, y);
        return Recorder.record("div", z, (g, grads) -> {
            if (grads.needs(x)) grads.add(x, g.div(y).sumTo(x.shapeRef()));
            if (grads.needs(y)) grads.add(y, g.mul(x).div(y.mul(y)).neg().sumTo(y.shapeRef()));
        }, x, y);
    }

    /** z = −x.  ∂x = −g. */
    static Tensor neg(Tensor x) {
        Tensor z = unary("neg", Unary.NEG, x, 0, 0);
        return Recorder.record("neg", z, (g, grads) -> grads.add(x, g.neg()), x);
    }

    /** z = eˣ.  ∂x = g ⊙ z. */
    static Tensor exp(Tensor x) {
        Tensor z = unary("exp", Unary.EXP, x, 0, 0);
        return Recorder.record("exp", z, (g, grads) -> grads.add(x, g.mul(z)), x);
    }

    /** z = ln x.  ∂x = g / x. */
    static Tensor log(Tensor x) {
        Tensor z = unary("log", Unary.LOG, x, 0, 0);
        return Recorder.record("log", z, (g, grads) -> grads.add(x, g.div(x)), x);
    }

    // ------------------------------------------------------------------ shared machinery

    /** Checks that an op gets floating-point input. */
    static void requireFloating(String op, Tensor x) {
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating-point tensor, got " + x.dtype()
                    + " of shape " + Shapes.format(x.shapeRef()) + "; convert with to(DType.FLOAT32)");
        }
    }

    /** Checks that two operands share a dtype. */
    static void requireSameDtype(String op, Tensor x, Tensor y) {
        if (x.dtype() != y.dtype()) {
            throw new IllegalArgumentException(op + ": dtype mismatch, " + x.dtype() + " " + Shapes.format(x.shapeRef())
                    + " and " + y.dtype() + " " + Shapes.format(y.shapeRef()) + "; convert one with to(...)");
        }
    }

    /** Broadcast binary kernel application on floating-point operands of one dtype. */
    static Tensor binary(String name, Binary op, Tensor x, Tensor y) {
        requireFloating(name, x);
        requireFloating(name, y);
        requireSameDtype(name, x, y);
        int[] shape = Shapes.broadcast(name, x.shapeRef(), y.shapeRef());
        Tensor z = Tensor.empty(x.dtype(), shape);
        if (x.dtype() == DType.FLOAT32) {
            float[] a = x.f32(), b = y.f32(), o = z.f32();
            BroadcastLoop.forEachRun(x.shapeRef(), y.shapeRef(), shape,
                    (ao, as, bo, bs, oo, n) -> K.binary(op, a, ao, as, b, bo, bs, o, oo, n));
        } else {
            double[] a = x.f64(), b = y.f64(), o = z.f64();
            BroadcastLoop.forEachRun(x.shapeRef(), y.shapeRef(), shape,
                    (ao, as, bo, bs, oo, n) -> K.binary(op, a, ao, as, b, bo, bs, o, oo, n));
        }
        return z;
    }

    /** Unary kernel application on a floating-point tensor. */
    static Tensor unary(String name, Unary op, Tensor x, double p0, double p1) {
        requireFloating(name, x);
        Tensor z = Tensor.empty(x.dtype(), x.shape());
        if (x.dtype() == DType.FLOAT32) {
            K.unary(op, x.f32(), 0, z.f32(), 0, x.numel(), p0, p1);
        } else {
            K.unary(op, x.f64(), 0, z.f64(), 0, x.numel(), p0, p1);
        }
        return z;
    }
}

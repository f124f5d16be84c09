package dev.panagrad.core;

import dev.panagrad.core.kernels.ElementwiseKernels;
import dev.panagrad.core.kernels.ElementwiseKernels.Binary;
import dev.panagrad.core.kernels.ElementwiseKernels.Ternary;
import dev.panagrad.core.kernels.ElementwiseKernels.Unary;
import dev.panagrad.core.kernels.Parallel;

/**
 * Element-wise arithmetic and elementary functions with NumPy broadcasting. Each op computes its value
 * through {@link ElementwiseKernels} and records its gradient rule right below, written with Tensor ops
 * so it differentiates again; broadcast gradients are summed back with {@link Tensor#sumTo}. The
 * activations live in {@link Activations}, comparisons and {@code where} in {@link Comparisons}.
 *
 * <p><b>No NaN from a masked branch (AUTO-08).</b> Rules whose derivative is singular somewhere
 * (sqrt, rsqrt, log, log1p, reciprocal, div by y, pow) give exactly 0 wherever the incoming gradient
 * g is exactly 0, instead of {@code 0·∞ = NaN}: {@link #guard} substitutes a harmless value for the
 * singular factor there. With {@code where}'s backward a select, {@code where(x.gt(0), x.sqrt(), 0)}
 * therefore has a finite gradient at x = 0.
 */
final class Elementwise {
    /**
     * Elements per thread below which a loop stays on the calling thread: element-wise kernels are
     * memory-bound, so splitting pays only for runs long enough to outweigh the hand-off (~µs).
     */
    static final int GRAIN = 1 << 15;
    /**
     * Elements per thread for the transcendental unary ops (exp, log, tanh, sigmoid, GELU, …), which
     * cost a few ns per element rather than a fraction of one, so far shorter runs repay the hand-off:
     * tanh of a [64, 784] batch takes ~100 µs on one thread.
     */
    static final int TRANSCENDENTAL_GRAIN = 1 << 12;

    private static final ElementwiseKernels K = ElementwiseKernels.INSTANCE;
    /** The values at which a singular rule is known to be finite, so {@link #guard} can skip its mask. */
    enum Regular {
        /** Finite values. */
        FINITE,
        /** Finite non-zero values: where a quotient g/t stays finite. */
        NONZERO_FINITE,
        /** Finite positive values: where {@code t^p} and {@code ln t} are finite for every exponent. */
        POSITIVE_FINITE
    }

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

    /** z = x / y.  ∂x = g / y, ∂y = −g·x / y² (both 0 where g = 0, even at y = 0). */
    static Tensor div(Tensor x, Tensor y) {
        Tensor z = binary("div", Binary.DIV, x, y);
        return Recorder.record("div", z, (g, grads) -> {
            Tensor ys = guard(g, y, 1, Regular.NONZERO_FINITE);
            Tensor gy = g.div(ys);
            if (grads.needs(x)) grads.add(x, gy.sumTo(x.shapeRef()));
            if (grads.needs(y)) grads.add(y, gy.mul(x).div(ys).neg().sumTo(y.shapeRef()));
        }, x, y);
    }

    /** z = x + α·y (PyTorch's {@code add(input, other, alpha)}), rounded as {@code x.add(y.mul(α))}.  ∂x = g, ∂y = α·g. */
    static Tensor add(Tensor x, Tensor y, double alpha) {
        Tensor one = x.scalarLike(1); // y·1 is exact, so a + (y·1)·α rounds as a + y·α
        Tensor z = ternary("add", Ternary.ADDCMUL, x, y, one, alpha);
        return Recorder.record("add", z, (g, grads) -> {
            if (grads.needs(x)) grads.add(x, g.sumTo(x.shapeRef()));
            if (grads.needs(y)) grads.add(y, g.mul(alpha).sumTo(y.shapeRef()));
        }, x, y);
    }

    /** z = x + (t1 ⊙ t2)·v, rounded as {@code x.add(t1.mul(t2).mul(v))}.  ∂x = g, ∂t1 = g·t2·v, ∂t2 = g·t1·v. */
    static Tensor addcmul(Tensor x, Tensor t1, Tensor t2, double value) {
        Tensor z = ternary("addcmul", Ternary.ADDCMUL, x, t1, t2, value);
        return Recorder.record("addcmul", z, (g, grads) -> {
            if (grads.needs(x)) grads.add(x, g.sumTo(x.shapeRef()));
            if (grads.needs(t1)) grads.add(t1, g.mul(t2).mul(value).sumTo(t1.shapeRef()));
            if (grads.needs(t2)) grads.add(t2, g.mul(t1).mul(value).sumTo(t2.shapeRef()));
        }, x, t1, t2);
    }

    /**
     * z = x + (t1 / t2)·v, rounded as {@code x.add(t1.div(t2).mul(v))}.  ∂x = g, ∂t1 = g·v / t2,
     * ∂t2 = −g·v·t1 / t2² (both 0 where g = 0, even at t2 = 0).
     */
    static Tensor addcdiv(Tensor x, Tensor t1, Tensor t2, double value) {
        Tensor z = ternary("addcdiv", Ternary.ADDCDIV, x, t1, t2, value);
        return Recorder.record("addcdiv", z, (g, grads) -> {
            Tensor ds = guard(g, t2, 1, Regular.NONZERO_FINITE);
            Tensor gd = g.mul(value).div(ds);
            if (grads.needs(x)) grads.add(x, g.sumTo(x.shapeRef()));
            if (grads.needs(t1)) grads.add(t1, gd.sumTo(t1.shapeRef()));
            if (grads.needs(t2)) grads.add(t2, gd.mul(t1).div(ds).neg().sumTo(t2.shapeRef()));
        }, x, t1, t2);
    }

    /**
     * z = xʸ ({@link Math#pow} semantics).  ∂x = g·y·x^(y−1), ∂y = g·z·ln x, where ∂y is taken as 0 at
     * x = 0 (as PyTorch) and both are 0 where g = 0.
     */
    static Tensor pow(Tensor x, Tensor y) {
        Tensor z = binary("pow", Binary.POW, x, y);
        return Recorder.record("pow", z, (g, grads) -> {
            if (grads.needs(x)) {
                Tensor xs = guard(g, x, 1, Regular.POSITIVE_FINITE);
                grads.add(x, g.mul(y).mul(xs.pow(y.sub(1))).sumTo(x.shapeRef()));
            }
            if (grads.needs(y)) {
                Tensor logBase = guard(g, Tensor.where(x.eq(0), 1, x), 1, Regular.POSITIVE_FINITE).log();
                grads.add(y, g.mul(guard(g, z, 0, Regular.FINITE)).mul(logBase).sumTo(y.shapeRef()));
            }
        }, x, y);
    }

    /** z = xᵖ for a constant p.  ∂x = g·p·x^(p−1); 0 for p = 0 and where g = 0. */
    static Tensor pow(Tensor x, double p) {
        Tensor z = binary("pow", Binary.POW, x, x.scalarLike(p));
        return Recorder.record("pow", z, (g, grads) -> {
            if (p == 0) {
                grads.add(x, Tensor.zerosLike(x));
            } else if (p == 1) {
                grads.add(x, g);
            } else if (p == 2) {
                grads.add(x, g.mul(x).mul(2));
            } else {
                boolean polynomial = p - 1 == Math.rint(p - 1) && p > 1;
                Tensor base = polynomial ? x : guard(g, x, 1, Regular.POSITIVE_FINITE);
                grads.add(x, g.mul(base.pow(p - 1)).mul(p));
            }
        }, x);
    }

    /** z = −x.  ∂x = −g. */
    static Tensor neg(Tensor x) {
        Tensor z = unary("neg", Unary.NEG, x, 0, 0);
        return Recorder.record("neg", z, (g, grads) -> grads.add(x, g.neg()), x);
    }

    /** z = |x|.  ∂x = g·sign(x), so abs'(0) = 0. */
    static Tensor abs(Tensor x) {
        Tensor z = unary("abs", Unary.ABS, x, 0, 0);
        return Recorder.record("abs", z, (g, grads) -> grads.add(x, g.mul(x.sign())), x);
    }

    /** z = sign(x) ∈ {−1, 0, 1} (±0 and NaN kept).  sign' = 0 everywhere: the result is not tracked, so gradients through it are 0. */
    static Tensor sign(Tensor x) {
        return Recorder.record("sign", unary("sign", Unary.SIGN, x, 0, 0), null, x);
    }

    /** z = x².  ∂x = 2·g·x. */
    static Tensor square(Tensor x) {
        Tensor z = unary("square", Unary.SQUARE, x, 0, 0);
        return Recorder.record("square", z, (g, grads) -> grads.add(x, g.mul(x).mul(2)), x);
    }

    /** z = 1/x.  ∂x = −g·z² (0 where g = 0, even at x = 0). */
    static Tensor reciprocal(Tensor x) {
        Tensor z = unary("reciprocal", Unary.RECIPROCAL, x, 0, 0);
        return Recorder.record("reciprocal", z, (g, grads) -> {
            Tensor zs = guard(g, z, 0, Regular.FINITE);
            grads.add(x, g.mul(zs).mul(zs).neg());
        }, x);
    }

    /** z = √x.  ∂x = g / (2z) (0 where g = 0, even at x = 0). */
    static Tensor sqrt(Tensor x) {
        Tensor z = unary("sqrt", Unary.SQRT, x, 0, 0);
        return Recorder.record("sqrt", z, (g, grads) -> grads.add(x, g.div(guard(g, z, 1, Regular.NONZERO_FINITE).mul(2))), x);
    }

    /** z = 1/√x.  ∂x = −½·g·z³ (0 where g = 0, even at x = 0). */
    static Tensor rsqrt(Tensor x) {
        Tensor z = unary("rsqrt", Unary.RSQRT, x, 0, 0);
        return Recorder.record("rsqrt", z, (g, grads) -> {
            Tensor zs = guard(g, z, 0, Regular.FINITE);
            grads.add(x, g.mul(zs.mul(zs).mul(zs)).mul(-0.5));
        }, x);
    }

    /** z = eˣ.  ∂x = g·z. */
    static Tensor exp(Tensor x) {
        Tensor z = unary("exp", Unary.EXP, x, 0, 0);
        return Recorder.record("exp", z, (g, grads) -> grads.add(x, g.mul(z)), x);
    }

    /** z = eˣ − 1, accurate near 0.  ∂x = g·(z + 1). */
    static Tensor expm1(Tensor x) {
        Tensor z = unary("expm1", Unary.EXPM1, x, 0, 0);
        return Recorder.record("expm1", z, (g, grads) -> grads.add(x, g.mul(z.add(1))), x);
    }

    /** z = ln x.  ∂x = g / x (0 where g = 0, even at x = 0). */
    static Tensor log(Tensor x) {
        Tensor z = unary("log", Unary.LOG, x, 0, 0);
        return Recorder.record("log", z, (g, grads) -> grads.add(x, g.div(guard(g, x, 1, Regular.NONZERO_FINITE))), x);
    }

    /** z = ln(1 + x), accurate near 0.  ∂x = g / (1 + x) (0 where g = 0, even at x = −1). */
    static Tensor log1p(Tensor x) {
        Tensor z = unary("log1p", Unary.LOG1P, x, 0, 0);
        return Recorder.record("log1p", z, (g, grads) -> grads.add(x, g.div(guard(g, x.add(1), 1, Regular.NONZERO_FINITE))), x);
    }

    /** z = sin x.  ∂x = g·cos x. */
    static Tensor sin(Tensor x) {
        Tensor z = unary("sin", Unary.SIN, x, 0, 0);
        return Recorder.record("sin", z, (g, grads) -> grads.add(x, g.mul(x.cos())), x);
    }

    /** z = cos x.  ∂x = −g·sin x. */
    static Tensor cos(Tensor x) {
        Tensor z = unary("cos", Unary.COS, x, 0, 0);
        return Recorder.record("cos", z, (g, grads) -> grads.add(x, g.mul(x.sin()).neg()), x);
    }

    /** z = erf x = 2/√π ∫₀ˣ e^(−t²) dt.  ∂x = g·(2/√π)·e^(−x²). */
    static Tensor erf(Tensor x) {
        Tensor z = unary("erf", Unary.ERF, x, 0, 0);
        return Recorder.record("erf", z, (g, grads) -> grads.add(x, g.mul(x.square().neg().exp()).mul(2 / Math.sqrt(Math.PI))), x);
    }

    /**
     * z = max(x, y) ({@link Math#max}: NaN if either is NaN).  ∂x = g where x &gt; y, ∂y = g where y &gt; x;
     * at ties each gets g/2 (PyTorch's even split), so the two always sum to g. NaN positions get 0.
     */
    static Tensor maximum(Tensor x, Tensor y) {
        Tensor z = binary("maximum", Binary.MAX, x, y);
        return Recorder.record("maximum", z, (g, grads) -> tieSplit(g, grads, x, y, x.gt(y), x.lt(y)), x, y);
    }

    /** z = min(x, y).  ∂x = g where x &lt; y, ∂y = g where y &lt; x; ties split g evenly as {@link #maximum}. */
    static Tensor minimum(Tensor x, Tensor y) {
        Tensor z = binary("minimum", Binary.MIN, x, y);
        return Recorder.record("minimum", z, (g, grads) -> tieSplit(g, grads, x, y, x.lt(y), x.gt(y)), x, y);
    }

    private static void tieSplit(Tensor g, GradientSink grads, Tensor x, Tensor y, Tensor xWins, Tensor yWins) {
        Tensor tie = Tensor.where(x.eq(y), g.mul(0.5), 0);
        if (grads.needs(x)) grads.add(x, Tensor.where(xWins, g, tie).sumTo(x.shapeRef()));
        if (grads.needs(y)) grads.add(y, Tensor.where(yWins, g, tie).sumTo(y.shapeRef()));
    }

    /**
     * z = min(max(x, min), max) (NaN stays NaN; pass ±∞ for a one-sided clamp).  ∂x = g where
     * min ≤ x ≤ max (bounds included), else 0.
     */
    static Tensor clamp(String name, Tensor x, double min, double max) {
        if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
            throw new IllegalArgumentException(name + ": need min ≤ max, got min=" + min + ", max=" + max + " for a tensor of shape "
                    + Shapes.format(x.shapeRef()));
        }
        Tensor z = unary(name, Unary.CLAMP, x, min, max);
        // z equals x exactly where x lies inside [min, max]
        return Recorder.record(name, z, (g, grads) -> grads.add(x, Tensor.where(z.eq(x), g, 0)), x);
    }

    // ------------------------------------------------------------------ shared machinery

    /**
     * The NaN guard of singular gradient rules (AUTO-08): {@code t} where the incoming gradient g is
     * non-zero and {@code safe} where g is exactly 0, so that a rule {@code g·f'(t)} evaluated on the
     * result is exactly 0 wherever g is, instead of {@code 0·∞ = NaN}. Costs one read-only scan of
     * {@code t} when every element satisfies {@code regular} (then t itself is returned), else one
     * comparison and one select. Only values where g = 0 change, so the gradient is otherwise exact
     * and differentiates again as before.
     */
    static Tensor guard(Tensor g, Tensor t, double safe, Regular regular) {
        if (allRegular(t, regular)) {
            return t;
        }
        return Tensor.where(g.eq(0), safe, t);
    }

    /** Whether every element of the floating tensor t is regular; {@code v − v ≠ 0} exactly for ±∞ and NaN. */
    private static boolean allRegular(Tensor t, Regular regular) {
        boolean nonZero = regular == Regular.NONZERO_FINITE;
        boolean positive = regular == Regular.POSITIVE_FINITE;
        if (t.dtype() == DType.FLOAT32) {
            for (float v : t.f32()) {
                if (v - v != 0 || (nonZero && v == 0) || (positive && !(v > 0))) {
                    return false;
                }
            }
        } else {
            for (double v : t.f64()) {
                if (v - v != 0 || (nonZero && v == 0) || (positive && !(v > 0))) {
                    return false;
                }
            }
        }
        return true;
    }

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
            BroadcastLoop.forEachRunParallel(x.shapeRef(), y.shapeRef(), shape, GRAIN,
                    (ao, as, bo, bs, oo, n) -> K.binary(op, a, ao, as, b, bo, bs, o, oo, n));
        } else {
            double[] a = x.f64(), b = y.f64(), o = z.f64();
            BroadcastLoop.forEachRunParallel(x.shapeRef(), y.shapeRef(), shape, GRAIN,
                    (ao, as, bo, bs, oo, n) -> K.binary(op, a, ao, as, b, bo, bs, o, oo, n));
        }
        return z;
    }

    /** Broadcast {@code x + f(t1, t2)·v} kernel application on floating-point operands of one dtype. */
    private static Tensor ternary(String name, Ternary op, Tensor x, Tensor t1, Tensor t2, double v) {
        for (Tensor t : new Tensor[] {x, t1, t2}) {
            requireFloating(name, t);
        }
        requireSameDtype(name, x, t1);
        requireSameDtype(name, x, t2);
        int[][] shapes = {x.shapeRef(), t1.shapeRef(), t2.shapeRef()};
        int[] shape;
        try {
            shape = Shapes.broadcast(name, Shapes.broadcast(name, shapes[0], shapes[1]), shapes[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": cannot broadcast " + Shapes.format(shapes[0]) + ", "
                    + Shapes.format(shapes[1]) + " and " + Shapes.format(shapes[2]) + " to one shape", e);
        }
        Tensor z = Tensor.empty(x.dtype(), shape);
        if (x.dtype() == DType.FLOAT32) {
            float[] a = x.f32(), b = t1.f32(), c = t2.f32(), o = z.f32();
            BroadcastLoop.forEachRunParallel(shapes, shape, GRAIN,
                    (off, st, oo, n) -> K.ternary(op, a, off[0], st[0], b, off[1], st[1], c, off[2], st[2], v, o, oo, n));
        } else {
            double[] a = x.f64(), b = t1.f64(), c = t2.f64(), o = z.f64();
            BroadcastLoop.forEachRunParallel(shapes, shape, GRAIN,
                    (off, st, oo, n) -> K.ternary(op, a, off[0], st[0], b, off[1], st[1], c, off[2], st[2], v, o, oo, n));
        }
        return z;
    }

    /** Unary kernel application on a floating-point tensor. */
    static Tensor unary(String name, Unary op, Tensor x, double p0, double p1) {
        requireFloating(name, x);
        Tensor z = Tensor.empty(x.dtype(), x.shape());
        int grain = grain(op);
        if (x.dtype() == DType.FLOAT32) {
            float[] a = x.f32(), o = z.f32();
            Parallel.forRange(a.length, grain, (from, to) -> K.unary(op, a, from, o, from, to - from, p0, p1));
        } else {
            double[] a = x.f64(), o = z.f64();
            Parallel.forRange(a.length, grain, (from, to) -> K.unary(op, a, from, o, from, to - from, p0, p1));
        }
        return z;
    }

    /** The per-thread grain of a unary op: {@link #GRAIN} for the cheap ones, {@link #TRANSCENDENTAL_GRAIN} for the rest. */
    static int grain(Unary op) {
        return switch (op) {
            case NEG, ABS, SIGN, SQUARE, RECIPROCAL, SQRT, RSQRT, RELU, LEAKY_RELU, CLAMP -> GRAIN;
            case EXP, EXPM1, LOG, LOG1P, SIN, COS, TANH, ERF, SIGMOID, ELU, GELU, GELU_TANH, SILU, SOFTPLUS -> TRANSCENDENTAL_GRAIN;
        };
    }
}

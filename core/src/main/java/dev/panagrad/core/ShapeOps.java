package dev.panagrad.core;

import java.util.Arrays;

/**
 * Shape and indexing ops. Views that keep row-major order (reshape) share storage; everything else
 * copies into a new contiguous tensor. Gradient rules sit next to each op.
 */
final class ShapeOps {
    private ShapeOps() {}

    /** z = x viewed as {@code newShape}.  ∂x = g reshaped back. */
    static Tensor reshape(Tensor x, int[] newShape) {
        int[] shape = inferShape("reshape", x, newShape);
        Tensor z = x.withShape(shape);
        return Recorder.record("reshape", z, (g, grads) -> grads.add(x, g.reshape(x.shapeRef())), x);
    }

    /** z = x broadcast to {@code target}.  ∂x = g summed back to x's shape. */
    static Tensor expand(Tensor x, int[] target) {
        int[] shape = x.shapeRef();
        if (target.length < shape.length || !Arrays.equals(Shapes.broadcast("expand", shape, target), target)) {
            throw new IllegalArgumentException("expand: cannot expand shape " + Shapes.format(shape) + " to "
                    + Shapes.format(target));
        }
        int[] out = target.clone();
        Tensor z = Tensor.empty(x.dtype(), out);
        Object src = x.array();
        Object dst = z.array();
        BroadcastLoop.forEachRun(shape, shape, out, (ao, as, bo, bs, oo, n) -> {
            if (as == 1) {
                System.arraycopy(src, ao, dst, oo, n);
            } else {
                fill(src, ao, dst, oo, n);
            }
        });
        return Recorder.record("expand", z, (g, grads) -> grads.add(x, g.sumTo(x.shapeRef())), x);
    }

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

    /** Copies one element {@code n} times. */
    private static void fill(Object src, int from, Object dst, int to, int n) {
        switch (src) {
            case float[] s -> Arrays.fill((float[]) dst, to, to + n, s[from]);
            case double[] s -> Arrays.fill((double[]) dst, to, to + n, s[from]);
            case int[] s -> Arrays.fill((int[]) dst, to, to + n, s[from]);
            default -> throw new IllegalStateException("unknown storage " + src.getClass());
        }
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

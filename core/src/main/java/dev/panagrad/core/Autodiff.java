package dev.panagrad.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Functional autodiff for research code, in the style of JAX and {@code torch.autograd.functional}:
 * each helper runs its own tapes, which nest, so the helpers compose — {@code grad(grad(f))}, the
 * Hessian as the Jacobian of the gradient, gradients of Hessian-vector products — and their results
 * are differentiable by any tape recording around them.
 *
 * {@snippet :
 * Function<Tensor, Tensor> f = x -> x.mul(x).mul(x).sum();   // f(x) = Σ x³
 * Tensor x = Tensor.of(new double[] {1, 2, 3}, 3);
 * Tensor g = Autodiff.grad(f).apply(x);                      // 3x²      = [3, 12, 27]
 * Tensor hv = Autodiff.hvp(f, x, Tensor.ones(DType.FLOAT64, 3)); // 6x ⊙ v = [6, 12, 18]
 * Tensor h = Autodiff.hessian(f, x);                          // diag(6x), shape [3, 3]
 * }
 *
 * <p>Shapes follow {@code torch.autograd.functional}: {@code jacobian} is {@code [out..., in...]},
 * {@code hessian} {@code [in..., in...]}. Jacobians and Hessians take one backward pass per output
 * element: meant for small inputs.
 */
public final class Autodiff {
    private Autodiff() {}

    /**
     * A function's value with its gradient.
     *
     * @param value f(x)
     * @param grad  ∇f(x), shaped as x
     */
    public record ValueAndGrad(Tensor value, Tensor grad) {}

    /**
     * A function's value with its gradients.
     *
     * @param value f(xs)
     * @param grads ∂f/∂xᵢ for each input, shaped as that input
     */
    public record ValueAndGrads(Tensor value, List<Tensor> grads) {}

    /** The gradient function of a scalar-valued {@code f}: x ↦ ∇f(x), shaped as x. */
    public static Function<Tensor, Tensor> grad(Function<Tensor, Tensor> f) {
        return x -> valueAndGrad(f).apply(x).grad();
    }

    /** The gradient function of a scalar-valued {@code f} of several tensors: xs ↦ [∂f/∂x₀, ∂f/∂x₁, …]. */
    public static Function<List<Tensor>, List<Tensor>> gradAll(Function<List<Tensor>, Tensor> f) {
        return xs -> valueAndGradAll(f).apply(xs).grads();
    }

    /** x ↦ (f(x), ∇f(x)) for a scalar-valued {@code f}, from one forward and one backward pass. */
    public static Function<Tensor, ValueAndGrad> valueAndGrad(Function<Tensor, Tensor> f) {
        return x -> {
            ValueAndGrads r = valueAndGradAll(in -> f.apply(in.get(0))).apply(List.of(x));
            return new ValueAndGrad(r.value(), r.grads().get(0));
        };
    }

    /** xs ↦ (f(xs), [∂f/∂x₀, …]) for a scalar-valued {@code f}, from one forward and one backward pass. */
    public static Function<List<Tensor>, ValueAndGrads> valueAndGradAll(Function<List<Tensor>, Tensor> f) {
        return xs -> {
            try (Tape tape = Tape.record()) {
                watchAll(tape, "grad", xs);
                Tensor y = f.apply(xs);
                if (y.numel() != 1) {
                    throw new IllegalArgumentException("grad: f must return a scalar, got shape " + Shapes.format(y.shapeRef())
                            + "; use vjp or jacobian for other outputs");
                }
                return new ValueAndGrads(y, tape.gradient(y, xs).list());
            }
        };
    }

    /** The vector-Jacobian product vᵀ·∂f/∂x: the gradient of ⟨f(x), v⟩, shaped as x. */
    public static Tensor vjp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        return vjp(in -> f.apply(in.get(0)), List.of(x), v).get(0);
    }

    /** The vector-Jacobian products vᵀ·∂f/∂xᵢ for every input, each shaped as its input. */
    public static List<Tensor> vjp(Function<List<Tensor>, Tensor> f, List<Tensor> xs, Tensor v) {
        try (Tape tape = Tape.record()) {
            watchAll(tape, "vjp", xs);
            Tensor y = f.apply(xs);
            requireLike("vjp", "cotangent", v, "f(x)", y);
            return tape.gradient(y, v, xs).list();
        }
    }

    /**
     * The Jacobian-vector product (∂f/∂x)·u, shaped as f(x), computed with reverse mode only (the
     * double-vjp trick): vᵀJ is linear in v, so J·u = ∂⟨vᵀJ, u⟩/∂v.
     */
    public static Tensor jvp(Function<Tensor, Tensor> f, Tensor x, Tensor u) {
        return jvp(in -> f.apply(in.get(0)), List.of(x), List.of(u));
    }

    /** The Jacobian-vector product Σᵢ (∂f/∂xᵢ)·uᵢ, shaped as f(xs). */
    public static Tensor jvp(Function<List<Tensor>, Tensor> f, List<Tensor> xs, List<Tensor> us) {
        requireSameCount("jvp", "tangents", xs, us);
        for (int i = 0; i < xs.size(); i++) {
            requireLike("jvp", "tangent " + i, us.get(i), "input " + i, xs.get(i));
        }
        try (Tape outer = Tape.record()) {
            Tensor y;
            Tensor v;
            List<Tensor> vjps;
            try (Tape tape = Tape.record()) {
                watchAll(tape, "jvp", xs);
                y = f.apply(xs);
                v = outer.watch(Tensor.zerosLike(y)); // any v works: vᵀJ is linear in v
                vjps = tape.gradient(y, v, xs).list();
            }
            Tensor inner = null;
            for (int i = 0; i < xs.size(); i++) {
                Tensor term = vjps.get(i).mul(us.get(i)).sum(); // ⟨vᵀJᵢ, uᵢ⟩
                inner = inner == null ? term : inner.add(term);
            }
            return inner == null ? Tensor.zerosLike(y) : outer.gradient(inner, v).get(v);
        }
    }

    /** The Hessian-vector product ∇²f(x)·v of a scalar-valued {@code f}, shaped as x. */
    public static Tensor hvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        return hvp(in -> f.apply(in.get(0)), List.of(x), List.of(v)).get(0);
    }

    /** The Hessian-vector products [Σⱼ ∂²f/∂xᵢ∂xⱼ·vⱼ]ᵢ of a scalar-valued {@code f}, each shaped as its input. */
    public static List<Tensor> hvp(Function<List<Tensor>, Tensor> f, List<Tensor> xs, List<Tensor> vs) {
        requireSameCount("hvp", "vectors", xs, vs);
        try (Tape outer = Tape.record()) {
            watchAll(outer, "hvp", xs);
            List<Tensor> grads = gradAll(f).apply(xs);
            Tensor inner = null;
            for (int i = 0; i < xs.size(); i++) {
                requireLike("hvp", "vector " + i, vs.get(i), "input " + i, xs.get(i));
                Tensor term = grads.get(i).mul(vs.get(i)).sum(); // ⟨∇ᵢf, vᵢ⟩
                inner = inner == null ? term : inner.add(term);
            }
            if (inner == null) {
                return List.of();
            }
            return outer.gradient(inner, xs).list();
        }
    }

    /**
     * The Jacobian ∂f/∂x with shape {@code [out..., in...]}: one backward pass per output element.
     * The result is differentiable (the Hessian is the Jacobian of the gradient).
     */
    public static Tensor jacobian(Function<Tensor, Tensor> f, Tensor x) {
        List<Tensor> rows = new ArrayList<>();
        int[] outShape;
        try (Tape tape = Tape.recordPersistent()) {
            tape.watch(x);
            Tensor y = f.apply(x);
            if (!y.dtype().isFloatingPoint()) {
                throw new IllegalArgumentException("jacobian: f returned " + y.dtype() + ", which has no derivative");
            }
            outShape = y.shape();
            for (int k = 0; k < y.numel(); k++) {
                double[] onehot = new double[y.numel()];
                onehot[k] = 1;
                rows.add(tape.gradient(y, Tensor.of(onehot, outShape).to(y.dtype()), List.of(x)).get(x));
            }
        }
        int[] shape = Arrays.copyOf(outShape, outShape.length + x.dim());
        System.arraycopy(x.shapeRef(), 0, shape, outShape.length, x.dim());
        return stackRows(rows, x).reshape(shape);
    }

    /** The Hessian ∇²f(x) of a scalar-valued {@code f}, shape {@code [in..., in...]}: the Jacobian of the gradient. */
    public static Tensor hessian(Function<Tensor, Tensor> f, Tensor x) {
        return jacobian(grad(f), x);
    }

    /**
     * z = the rows (each shaped as x) stacked into an {@code [m, numel(x)]} matrix.
     * ∂rowₖ = Σ₀(g ⊙ eₖ) (row k of g), reshaped as x — written with Tensor ops so it differentiates again.
     */
    private static Tensor stackRows(List<Tensor> rows, Tensor x) {
        int m = rows.size();
        int n = x.numel();
        double[] values = new double[m * n];
        for (int k = 0; k < m; k++) {
            System.arraycopy(rows.get(k).toDoubleArray(), 0, values, k * n, n);
        }
        Tensor z = Tensor.of(values, m, n).to(x.dtype());
        Tensor[] inputs = rows.toArray(Tensor[]::new);
        return Recorder.record("jacobian", z, (g, grads) -> {
            for (int k = 0; k < m; k++) {
                if (grads.needs(inputs[k])) {
                    double[] e = new double[m];
                    e[k] = 1;
                    Tensor select = Tensor.of(e, m, 1).to(g.dtype());
                    grads.add(inputs[k], g.mul(select).sum(0, false).reshape(inputs[k].shapeRef()));
                }
            }
        }, inputs);
    }

    private static void watchAll(Tape tape, String op, List<Tensor> xs) {
        for (int i = 0; i < xs.size(); i++) {
            if (!xs.get(i).dtype().isFloatingPoint()) {
                throw new IllegalArgumentException(op + ": input " + i + " is " + xs.get(i).dtype()
                        + "; only floating-point inputs can be differentiated");
            }
            tape.watch(xs.get(i));
        }
    }

    private static void requireLike(String op, String what, Tensor t, String reference, Tensor r) {
        if (!Arrays.equals(t.shapeRef(), r.shapeRef()) || t.dtype() != r.dtype()) {
            throw new IllegalArgumentException(op + ": " + what + " " + Shapes.format(t.shapeRef()) + " " + t.dtype()
                    + " does not match " + reference + " " + Shapes.format(r.shapeRef()) + " " + r.dtype());
        }
    }

    private static void requireSameCount(String op, String what, List<Tensor> xs, List<Tensor> others) {
        if (xs.size() != others.size()) {
            throw new IllegalArgumentException(op + ": " + xs.size() + " inputs but " + others.size() + " " + what);
        }
    }
}

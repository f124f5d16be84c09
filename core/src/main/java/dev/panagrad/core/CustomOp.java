package dev.panagrad.core;

import java.util.function.Supplier;

/**
 * Defines a differentiable op from a forward computation and a gradient rule — the same mechanism
 * every built-in op uses. The forward runs without recording; the op is then recorded as one step
 * whose {@link BackwardRule} is written with Tensor ops, so higher-order gradients work too.
 *
 * {@snippet :
 * // y = x³ computed however you like, with dy/dx = 3x²
 * Tensor y = CustomOp.apply("cube", () -> x.mul(x).mul(x),
 *         (g, grads) -> grads.add(x, g.mul(x.mul(x).mul(3))), x);
 * }
 */
public final class CustomOp {
    private CustomOp() {}

    /**
     * Runs {@code forward} with recording off and records the result as the op {@code name} with
     * gradient rule {@code backward} over {@code inputs} (every tensor the rule differentiates).
     */
    public static Tensor apply(String name, Supplier<Tensor> forward, BackwardRule backward, Tensor... inputs) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("CustomOp: an op needs a name");
        }
        Tensor out;
        try (NoGrad scope = NoGrad.enter()) {
            out = forward.get();
        }
        if (out == null) {
            throw new IllegalArgumentException(name + ": forward returned null");
        }
        Tensor fresh = out.detach(); // a new tensor even if forward returned an input
        return Recorder.record(name, fresh, backward, inputs);
    }
}

package dev.panagrad.core;

/**
 * The gradient rule of one recorded op: given the gradient {@code g} of the op's output, it adds each
 * needed input's gradient to {@code grads}. Rules are written with ordinary {@link Tensor} ops, never
 * kernels, so the gradient they compute is itself recorded by enclosing tapes and can be
 * differentiated again.
 *
 * {@snippet :
 * // z = x ⊙ y;  ∂x = g ⊙ y, ∂y = g ⊙ x
 * BackwardRule rule = (g, grads) -> {
 *     if (grads.needs(x)) grads.add(x, g.mul(y).sumTo(x.shape()));
 *     if (grads.needs(y)) grads.add(y, g.mul(x).sumTo(y.shape()));
 * };
 * }
 */
@FunctionalInterface
public interface BackwardRule {
    /**
     * Adds the gradients of this op's inputs.
     *
     * @param g     gradient of the target with respect to this op's output (same shape and dtype)
     * @param grads where the input gradients go; {@link GradientSink#needs} says which are wanted
     */
    void backward(Tensor g, GradientSink grads);
}

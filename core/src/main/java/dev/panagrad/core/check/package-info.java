/**
 * Gradient checking and property-based testing, as a library: usable inside any JUnit test or a
 * plain {@code main}, with no test-framework dependency.
 *
 * <p>Property-testing a custom op's gradients takes three lines: generate FLOAT64 tensors of random
 * shapes on the op's domain, and gradcheck the op on each (here a user's {@code cube} op):
 *
 * {@snippet :
 * Gen<Tensor> xs = TensorGen.tensors(TensorGen.shapes(0, 3, 1, 4), Domain.REAL, DType.FLOAT64);
 * Property.forAll(xs, 50, x -> GradCheck.gradcheck(in -> cube(in.get(0)), List.of(x)));
 * Property.forAll(xs, 20, x -> GradCheck.gradgradcheck(in -> cube(in.get(0)), List.of(x)));
 * }
 *
 * <p>where, for example,
 *
 * {@snippet :
 * static Tensor cube(Tensor x) { // y = x³, ∂x = 3x²·g
 *     return CustomOp.apply("cube", () -> x.mul(x).mul(x), (g, grads) -> grads.add(x, g.mul(x.mul(x)).mul(3)), x);
 * }
 * }
 *
 * <p>When the rule is wrong for some input, the failure reports the seed that replays the run
 * ({@code -Dpanagrad.seed=…}), the original counterexample and a shrunk one — for a rule wrong only
 * on size-1 dimensions, typically a tensor of shape {@code [1]} holding 0 — with the gradient check's
 * worst element as the cause.
 *
 * <ul>
 *   <li>{@link dev.panagrad.core.check.Gen} — generators and combinators ({@code map}, {@code flatMap},
 *       {@code filter}, {@code zip}, tuples, lists, numbers that shrink toward 0).</li>
 *   <li>{@link dev.panagrad.core.check.TensorGen} — shapes, broadcast-compatible shape pairs, tensors
 *       on a {@link dev.panagrad.core.check.Domain}, scalars, INT32 tensors.</li>
 *   <li>{@link dev.panagrad.core.check.Property} — seeded runs, integrated shrinking over the recorded
 *       choices of a {@link dev.panagrad.core.check.Source} (Hypothesis's design).</li>
 *   <li>{@link dev.panagrad.core.check.GradCheck} — full-Jacobian and random-direction gradient checks
 *       in float64, and second-order checks.</li>
 * </ul>
 */
package dev.panagrad.core.check;

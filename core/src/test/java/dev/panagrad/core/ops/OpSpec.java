package dev.panagrad.core.ops;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Domain;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.TensorGen;
import java.util.List;
import java.util.function.Function;

/**
 * One row of the op table (PyTorch's OpInfo idea): how to call an op, which inputs it is defined on,
 * which inputs it must reject, and how tight its float32 results must be. Every test in this package
 * iterates {@link OpSpecs#ALL}, so an op is fully tested the moment its row exists.
 *
 * @param name          the op's name (unique in the table)
 * @param inputs        valid FLOAT64 inputs (INT32 for index arguments), away from non-differentiable points
 * @param fn            the op applied to those inputs
 * @param invalid       inputs the op must reject with an IllegalArgumentException (null: only the generic dtype cases)
 * @param gradGrad      whether the op has a second derivative to check (false for piecewise-linear ops)
 * @param differentiable whether gradients flow (false for comparisons, argmax and other index results)
 * @param acceptsIntegers whether the op also takes INT32 data (pure data movement such as reshape)
 * @param atol32        absolute tolerance of float32 results against the float64 oracle
 * @param rtol32        relative tolerance of float32 results against the float64 oracle
 */
public record OpSpec(String name, Gen<List<Tensor>> inputs, Function<List<Tensor>, Tensor> fn, Gen<List<Tensor>> invalid,
        boolean gradGrad, boolean differentiable, boolean acceptsIntegers, double atol32, double rtol32) {

    /** Shapes used by default: rank 0–3 with dimensions 1–4 (scalars and size-1 dims included). */
    public static final Gen<int[]> SHAPES = TensorGen.shapes(0, 3, 1, 4);

    /** Starts a row for {@code name} computing {@code fn}. */
    public static Builder op(String name, Function<List<Tensor>, Tensor> fn) {
        return new Builder(name, fn);
    }

    /** One FLOAT64 tensor of a default shape on {@code domain}. */
    public static Gen<List<Tensor>> unaryInputs(Domain domain) {
        return TensorGen.tensors(SHAPES, domain, DType.FLOAT64).map(List::of);
    }

    /** Two FLOAT64 tensors of broadcast-compatible shapes on the given domains. */
    public static Gen<List<Tensor>> binaryInputs(Domain a, Domain b) {
        return TensorGen.broadcastShapes(3, 4).flatMap(shapes -> TensorGen.tensors(shapes[0], a, DType.FLOAT64)
                .zip(TensorGen.tensors(shapes[1], b, DType.FLOAT64), List::of));
    }

    /** Two FLOAT64 tensors whose shapes do not broadcast. */
    public static Gen<List<Tensor>> nonBroadcastable() {
        return Gen.integers(2, 4).flatMap(n -> Gen.integers(1, 3).map(k -> List.of(
                Tensor.zeros(DType.FLOAT64, n), Tensor.zeros(DType.FLOAT64, n + k))));
    }

    /** Fluent construction of an {@link OpSpec}. */
    public static final class Builder {
        private final String name;
        private final Function<List<Tensor>, Tensor> fn;
        private Gen<List<Tensor>> inputs = unaryInputs(Domain.REAL);
        private Gen<List<Tensor>> invalid;
        private boolean gradGrad = true;
        private boolean differentiable = true;
        private boolean acceptsIntegers;
        private double atol32 = 1e-5;
        private double rtol32 = 1e-4;

        private Builder(String name, Function<List<Tensor>, Tensor> fn) {
            this.name = name;
            this.fn = fn;
        }

        /** Valid inputs. */
        public Builder inputs(Gen<List<Tensor>> gen) {
            this.inputs = gen;
            return this;
        }

        /** Inputs the op must reject. */
        public Builder invalid(Gen<List<Tensor>> gen) {
            this.invalid = gen;
            return this;
        }

        /** The op's derivative is piecewise constant: skip the second-order check. */
        public Builder noGradGrad() {
            this.gradGrad = false;
            return this;
        }

        /** The op's result is not differentiable (masks, indices). */
        public Builder notDifferentiable() {
            this.differentiable = false;
            this.gradGrad = false;
            return this;
        }

        /** The op moves data of any dtype, INT32 included (reshape, concat, ...). */
        public Builder acceptsIntegers() {
            this.acceptsIntegers = true;
            return this;
        }

        /** Float32-vs-float64 tolerances. */
        public Builder f32Tolerance(double atol, double rtol) {
            this.atol32 = atol;
            this.rtol32 = rtol;
            return this;
        }

        /** The finished row. */
        public OpSpec build() {
            return new OpSpec(name, inputs, fn, invalid, gradGrad, differentiable, acceptsIntegers, atol32, rtol32);
        }
    }
}

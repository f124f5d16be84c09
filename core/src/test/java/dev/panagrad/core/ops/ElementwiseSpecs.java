package dev.panagrad.core.ops;

import static dev.panagrad.core.ops.OpSpec.SHAPES;
import static dev.panagrad.core.ops.OpSpec.binaryInputs;
import static dev.panagrad.core.ops.OpSpec.nonBroadcastable;
import static dev.panagrad.core.ops.OpSpec.op;
import static dev.panagrad.core.ops.OpSpec.unaryInputs;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Domain;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.TensorGen;
import java.util.List;
import java.util.function.UnaryOperator;

/** Op-table rows of the element-wise family: arithmetic, elementary functions, activations, comparisons, where. */
final class ElementwiseSpecs {
    private ElementwiseSpecs() {}

    /** [−2, 2] kept 0.01 away from 0, for ops with a kink there. */
    static final Domain AWAY_FROM_ZERO = Domain.REAL.awayFrom(0.01, 0);

    static final List<OpSpec> ROWS = List.of(
            // arithmetic
            binary("add", Tensor::add, Domain.REAL, Domain.REAL).build(),
            binary("sub", Tensor::sub, Domain.REAL, Domain.REAL).build(),
            binary("mul", Tensor::mul, Domain.REAL, Domain.REAL).build(),
            binary("div", Tensor::div, Domain.REAL, Domain.REAL.awayFrom(0.5, 0)).build(),
            binary("add.alpha", (x, y) -> x.add(y, -0.75), Domain.REAL, Domain.REAL).build(),
            ternary("addcmul", (x, a, b) -> x.addcmul(a, b, 0.5), Domain.REAL),
            ternary("addcdiv", (x, a, b) -> x.addcdiv(a, b, -1.5), Domain.REAL.awayFrom(0.5, 0)),
            binary("pow", Tensor::pow, Domain.positive(0.5, 2), Domain.REAL).build(),
            unary("pow.scalar", x -> x.pow(2.5), Domain.positive(0.1, 2)).build(),
            unary("neg", Tensor::neg, Domain.REAL).build(),
            unary("abs", Tensor::abs, AWAY_FROM_ZERO).noGradGrad().build(),
            unary("sign", Tensor::sign, AWAY_FROM_ZERO).noGradGrad().build(),
            unary("square", Tensor::square, Domain.REAL).build(),
            unary("reciprocal", Tensor::reciprocal, Domain.REAL.awayFrom(0.5, 0)).build(),
            // elementary functions
            unary("sqrt", Tensor::sqrt, Domain.positive(0.1, 3)).build(),
            unary("rsqrt", Tensor::rsqrt, Domain.positive(0.2, 3)).build(),
            unary("exp", Tensor::exp, Domain.REAL).build(),
            unary("expm1", Tensor::expm1, Domain.REAL).build(),
            unary("log", Tensor::log, Domain.positive(0.1, 3)).build(),
            unary("log1p", Tensor::log1p, Domain.bounded(-0.8, 3)).build(),
            unary("sin", Tensor::sin, Domain.REAL).build(),
            unary("cos", Tensor::cos, Domain.REAL).build(),
            unary("erf", Tensor::erf, Domain.bounded(-3, 3)).build(),
            // activations
            unary("tanh", Tensor::tanh, Domain.REAL).build(),
            unary("sigmoid", Tensor::sigmoid, Domain.bounded(-4, 4)).build(),
            unary("relu", Tensor::relu, AWAY_FROM_ZERO).noGradGrad().build(),
            unary("leakyRelu", x -> x.leakyRelu(), AWAY_FROM_ZERO).noGradGrad().build(),
            unary("leakyRelu.slope", x -> x.leakyRelu(0.2), AWAY_FROM_ZERO).noGradGrad().build(),
            unary("elu", x -> x.elu(), AWAY_FROM_ZERO).build(),
            unary("elu.alpha", x -> x.elu(0.5), AWAY_FROM_ZERO).build(),
            unary("gelu", x -> x.gelu(), Domain.bounded(-4, 4)).build(),
            unary("gelu.tanh", x -> x.gelu("tanh"), Domain.bounded(-4, 4)).build(),
            unary("silu", Tensor::silu, Domain.bounded(-4, 4)).build(),
            unary("softplus", x -> x.softplus(), Domain.bounded(-4, 4)).build(),
            unary("softplus.beta", x -> x.softplus(2, 3), Domain.REAL.awayFrom(0.01, 1.5)).build(),
            unary("clamp", x -> x.clamp(-0.5, 0.75), Domain.REAL.awayFrom(0.01, -0.5, 0.75)).noGradGrad().build(),
            unary("clampMin", x -> x.clampMin(0.25), Domain.REAL.awayFrom(0.01, 0.25)).noGradGrad().build(),
            unary("clampMax", x -> x.clampMax(-0.25), Domain.REAL.awayFrom(0.01, -0.25)).noGradGrad().build(),
            binary("maximum", Tensor::maximum, Domain.REAL, Domain.REAL).noGradGrad().build(),
            binary("minimum", Tensor::minimum, Domain.REAL, Domain.REAL).noGradGrad().build(),
            // select and comparisons
            op("where", in -> Tensor.where(in.get(0), in.get(1), in.get(2))).inputs(whereInputs())
                    .invalid(Gen.oneOf(floatMask(), nonBroadcastableWhere())).build(),
            comparison("eq", Tensor::eq),
            comparison("ne", Tensor::ne),
            comparison("lt", Tensor::lt),
            comparison("le", Tensor::le),
            comparison("gt", Tensor::gt),
            comparison("ge", Tensor::ge));

    /** A float-only unary op: INT32 input is invalid. */
    static OpSpec.Builder unary(String name, UnaryOperator<Tensor> f, Domain domain) {
        return op(name, in -> f.apply(in.get(0))).inputs(unaryInputs(domain)).invalid(intInput());
    }

    /** A broadcasting binary op: shapes that do not broadcast, and mixed or INT32 dtypes, are invalid. */
    static OpSpec.Builder binary(String name, java.util.function.BinaryOperator<Tensor> f, Domain a, Domain b) {
        return op(name, in -> f.apply(in.get(0), in.get(1))).inputs(binaryInputs(a, b))
                .invalid(Gen.oneOf(nonBroadcastable(), mixedDtypes(), intInputs()));
    }

    /** A three-tensor op x + f(t1, t2)·v: t2 drawn from {@code t2Domain}; shapes that do not broadcast are invalid. */
    static OpSpec ternary(String name, TernaryFunction f, Domain t2Domain) {
        Gen<List<Tensor>> inputs = TensorGen.broadcastShapes(3, 4).flatMap(shapes -> Gen.integers(0, 1).flatMap(pick -> {
            int[] third = pick == 0 ? new int[0] : shapes[1];
            return TensorGen.tensors(shapes[0], Domain.REAL, DType.FLOAT64)
                    .zip(TensorGen.tensors(shapes[1], Domain.REAL, DType.FLOAT64), List::of)
                    .zip(TensorGen.tensors(third, t2Domain, DType.FLOAT64), (xa, b) -> List.of(xa.get(0), xa.get(1), b));
        }));
        Gen<List<Tensor>> invalid = Gen.oneOf(nonBroadcastable().map(ab -> List.of(ab.get(0), ab.get(1), ab.get(0))),
                mixedDtypes().map(ab -> List.of(ab.get(0), ab.get(0), ab.get(1))));
        return op(name, in -> f.apply(in.get(0), in.get(1), in.get(2))).inputs(inputs).invalid(invalid).build();
    }

    /** A function of three tensors. */
    @FunctionalInterface
    interface TernaryFunction {
        Tensor apply(Tensor x, Tensor t1, Tensor t2);
    }

    /** A comparison: any dtype works, so only shapes that do not broadcast and mixed dtypes are invalid. */
    static OpSpec comparison(String name, java.util.function.BinaryOperator<Tensor> f) {
        return op(name, in -> f.apply(in.get(0), in.get(1))).inputs(binaryInputs(Domain.REAL, Domain.REAL))
                .notDifferentiable().invalid(Gen.oneOf(nonBroadcastable(), mixedDtypes())).build();
    }

    /** One INT32 tensor. */
    static Gen<List<Tensor>> intInput() {
        return TensorGen.tensors(SHAPES, Domain.REAL, DType.INT32).map(List::of);
    }

    /** Two INT32 tensors of one shape. */
    static Gen<List<Tensor>> intInputs() {
        return SHAPES.map(s -> List.of(Tensor.zeros(DType.INT32, s), Tensor.ones(DType.INT32, s)));
    }

    /** FLOAT64 and FLOAT32 operands of one shape. */
    static Gen<List<Tensor>> mixedDtypes() {
        return SHAPES.map(s -> List.of(Tensor.zeros(DType.FLOAT64, s), Tensor.zeros(DType.FLOAT32, s)));
    }

    /** An INT32 mask of 0/1 and two FLOAT64 operands, all three of broadcast-compatible shapes. */
    static Gen<List<Tensor>> whereInputs() {
        return TensorGen.broadcastShapes(3, 4).flatMap(shapes -> Gen.integers(0, 2).flatMap(pick -> {
            int[] maskShape = pick == 2 ? new int[0] : shapes[pick];
            return TensorGen.tensors(maskShape, Domain.bounded(0, 1.999), DType.INT32)
                    .zip(TensorGen.tensors(shapes[0], Domain.REAL, DType.FLOAT64), (m, a) -> List.of(m, a))
                    .zip(TensorGen.tensors(shapes[1], Domain.REAL, DType.FLOAT64), (ma, b) -> List.of(ma.get(0), ma.get(1), b));
        }));
    }

    /** A FLOAT64 mask, which where rejects. */
    static Gen<List<Tensor>> floatMask() {
        return SHAPES.map(s -> List.of(Tensor.ones(DType.FLOAT64, s), Tensor.zeros(DType.FLOAT64, s), Tensor.zeros(DType.FLOAT64, s)));
    }

    /** A mask that does not broadcast with the operands. */
    static Gen<List<Tensor>> nonBroadcastableWhere() {
        return nonBroadcastable().map(ab -> List.of(Tensor.zeros(DType.INT32, ab.get(1).shape()), ab.get(0), ab.get(0)));
    }
}

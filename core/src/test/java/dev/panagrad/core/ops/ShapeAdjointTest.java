package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Domain;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import dev.panagrad.core.check.TensorGen;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * GRAD-06 for the shape family: every op in {@link ShapeSpecs} is linear (pad with a nonzero value is
 * affine, so L(u) = f(u) − f(0) is tested), and its tape gradient must be the exact adjoint,
 * ⟨L·u, v⟩ = ⟨u, Lᵀ·v⟩ to 1e-12 relative in float64 and 1e-5 in float32. The adjoint of the adjoint must be L again:
 * differentiating ⟨Lᵀ·v, w⟩ with respect to v through an enclosing tape gives L·w, which proves the
 * backward rules are recorded, differentiable ops that close the pairs (slice ↔ sliceBackward,
 * gather ↔ scatterAdd, indexSelect ↔ indexAdd, pad ↔ pad, …).
 */
class ShapeAdjointTest {
    static final int TRIES = 100;
    static final double RTOL = 1e-12;
    static final double RTOL32 = 1e-5;

    /** One trial: the op's inputs plus a random cotangent v and a random direction w. */
    record Case(List<Tensor> inputs, Tensor v, List<Tensor> w) {}

    @TestFactory
    Stream<DynamicTest> gradientIsTheExactAdjoint() {
        return differentiableRows().map(spec -> DynamicTest.dynamicTest(spec.name(),
                () -> Property.forAll(cases(spec), TRIES, c -> checkAdjoint(spec.fn(), c))));
    }

    @TestFactory
    Stream<DynamicTest> gradientIsTheAdjointInFloat32() {
        return differentiableRows().map(spec -> DynamicTest.dynamicTest(spec.name(),
                () -> Property.forAll(cases(spec).map(ShapeAdjointTest::toFloat32), TRIES, c -> checkAdjoint(spec.fn(), c))));
    }

    @TestFactory
    Stream<DynamicTest> adjointOfTheGradientIsTheOpAgain() {
        return differentiableRows().map(spec -> DynamicTest.dynamicTest(spec.name(),
                () -> Property.forAll(cases(spec), TRIES / 4, c -> checkDoubleAdjoint(spec.fn(), c))));
    }

    private static Stream<OpSpec> differentiableRows() {
        return ShapeSpecs.ROWS.stream().filter(OpSpec::differentiable);
    }

    private static Gen<Case> cases(OpSpec spec) {
        return s -> {
            List<Tensor> in = spec.inputs().generate(s);
            Tensor y = spec.fn().apply(in);
            Tensor v = TensorGen.tensors(y.shape(), Domain.REAL, DType.FLOAT64).generate(s);
            List<Tensor> w = new ArrayList<>();
            for (Tensor x : in) {
                w.add(x.dtype() == DType.FLOAT64 ? TensorGen.tensors(x.shape(), Domain.REAL, DType.FLOAT64).generate(s) : x);
            }
            return new Case(in, v, w);
        };
    }

    private static void checkAdjoint(Function<List<Tensor>, Tensor> f, Case c) {
        Tensor lu = linearPart(f, c.inputs());
        List<Tensor> sources = floating(c.inputs());
        List<Tensor> ltv;
        try (Tape tape = Tape.record()) {
            sources.forEach(tape::watch);
            ltv = tape.gradient(f.apply(c.inputs()), c.v(), sources).list();
        }
        double[] left = dot(lu, c.v());
        double[] right = {0, 0};
        for (int i = 0; i < sources.size(); i++) {
            double[] term = dot(sources.get(i), ltv.get(i));
            right[0] += term[0];
            right[1] += term[1];
        }
        double rtol = c.v().dtype() == DType.FLOAT32 ? RTOL32 : RTOL;
        assertClose(left, right, rtol, "⟨L·u, v⟩ vs ⟨u, Lᵀ·v⟩ for inputs " + c.inputs());
    }

    private static void checkDoubleAdjoint(Function<List<Tensor>, Tensor> f, Case c) {
        List<Tensor> sources = floating(c.inputs());
        List<Tensor> directions = floating(c.w());
        Tensor v = c.v().detach();
        Tensor lw = linearPart(f, c.w());
        Tensor dv;
        try (Tape outer = Tape.record()) {
            outer.watch(v);
            List<Tensor> ltv;
            try (Tape inner = Tape.record()) {
                sources.forEach(inner::watch);
                ltv = inner.gradient(f.apply(c.inputs()), v, sources).list();
            }
            Tensor pairing = Tensor.zeros(DType.FLOAT64);
            for (int i = 0; i < ltv.size(); i++) {
                pairing = pairing.add(ltv.get(i).mul(directions.get(i)).sum());
            }
            dv = outer.gradient(pairing, v).get(v);
        }
        double[] got = dv.toDoubleArray();
        double[] want = lw.toDoubleArray();
        for (int k = 0; k < want.length; k++) {
            assertClose(new double[] {got[k], Math.abs(got[k])}, new double[] {want[k], Math.abs(want[k])}, RTOL,
                    "d/dv ⟨Lᵀ·v, w⟩ = L·w at element " + k + " for inputs " + c.inputs());
        }
    }

    private static Case toFloat32(Case c) {
        return new Case(c.inputs().stream().map(ShapeAdjointTest::toFloat32).toList(), toFloat32(c.v()),
                c.w().stream().map(ShapeAdjointTest::toFloat32).toList());
    }

    private static Tensor toFloat32(Tensor t) {
        return t.dtype() == DType.FLOAT64 ? t.to(DType.FLOAT32) : t;
    }

    /** f(u) − f(0): the linear part of an affine op (f itself for a linear one). */
    private static Tensor linearPart(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        List<Tensor> zeros = new ArrayList<>();
        for (Tensor x : inputs) {
            zeros.add(x.dtype().isFloatingPoint() ? Tensor.zerosLike(x) : x);
        }
        return f.apply(inputs).sub(f.apply(zeros));
    }

    private static List<Tensor> floating(List<Tensor> inputs) {
        return inputs.stream().filter(x -> x.dtype().isFloatingPoint()).toList();
    }

    /** {⟨a, b⟩, Σ|aᵢ·bᵢ|}: the inner product and the scale its rounding error is relative to. */
    private static double[] dot(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray();
        double[] y = b.toDoubleArray();
        double sum = 0;
        double scale = 0;
        for (int i = 0; i < x.length; i++) {
            sum += x[i] * y[i];
            scale += Math.abs(x[i] * y[i]);
        }
        return new double[] {sum, scale};
    }

    private static void assertClose(double[] a, double[] b, double rtol, String what) {
        double scale = Math.max(a[1], b[1]);
        assertTrue(Math.abs(a[0] - b[0]) <= rtol * scale, () -> what + ": " + a[0] + " vs " + b[0]);
    }
}

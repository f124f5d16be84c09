package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.GradCheck;
import dev.panagrad.core.check.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The element-wise rows of the op table, checked beyond first-order gradients: every row's invalid
 * inputs throw IllegalArgumentException, and every row with a second derivative passes a float64
 * gradcheck of its gradient (gradgradcheck, GRAD-03), which proves the rules are themselves
 * differentiable Tensor ops; float32 values and gradients (the SIMD float path when SIMD is on) agree
 * with the float64 ones (GRAD-07).
 */
class ElementwiseSpecsTest {
    static final int INVALID_TRIES = 20;
    static final int GRADGRAD_TRIES = 10;
    static final int F32_TRIES = 50;

    @TestFactory
    Stream<DynamicTest> invalidInputsThrowIllegalArgumentException() {
        return ElementwiseSpecs.ROWS.stream().map(spec -> DynamicTest.dynamicTest(spec.name(), () ->
                Property.forAll(spec.invalid(), INVALID_TRIES, in ->
                        assertThrows(IllegalArgumentException.class, () -> spec.fn().apply(in), spec.name() + " accepted " + in))));
    }

    @TestFactory
    Stream<DynamicTest> gradientsOfGradientsMatchFiniteDifferences() {
        return ElementwiseSpecs.ROWS.stream().filter(OpSpec::gradGrad).map(spec -> DynamicTest.dynamicTest(spec.name(), () ->
                Property.forAll(spec.inputs(), GRADGRAD_TRIES, in -> {
                    for (int k = 0; k < in.size(); k++) {
                        if (in.get(k).dtype() == DType.FLOAT64) {
                            GradCheck.gradcheck(firstDerivative(spec.fn(), k), in);
                        }
                    }
                })));
    }

    @TestFactory
    Stream<DynamicTest> float32AgreesWithFloat64() {
        return ElementwiseSpecs.ROWS.stream().map(spec -> DynamicTest.dynamicTest(spec.name(), () ->
                Property.forAll(spec.inputs(), F32_TRIES, in -> {
                    List<Tensor> in32 = in.stream().map(t -> t.dtype() == DType.FLOAT64 ? t.to(DType.FLOAT32) : t).toList();
                    // the float64 oracle sees exactly the float32 inputs
                    List<Tensor> in64 = in32.stream().map(t -> t.dtype() == DType.FLOAT32 ? t.to(DType.FLOAT64) : t).toList();
                    assertClose(spec.name() + " value", spec.fn().apply(in64), spec.fn().apply(in32), spec.atol32(), spec.rtol32());
                    if (spec.differentiable()) {
                        for (int k = 0; k < in.size(); k++) {
                            if (in64.get(k).dtype() == DType.FLOAT64) {
                                assertClose(spec.name() + " gradient " + k, firstDerivative(spec.fn(), k).apply(in64),
                                        firstDerivative(spec.fn(), k).apply(in32), 1e-4, 1e-3);
                            }
                        }
                    }
                })));
    }

    static void assertClose(String what, Tensor oracle, Tensor actual, double atol, double rtol) {
        double[] o = oracle.toDoubleArray();
        double[] a = actual.toDoubleArray();
        for (int i = 0; i < o.length; i++) {
            if (!(Math.abs(a[i] - o[i]) <= atol + rtol * Math.abs(o[i]))) {
                throw new AssertionError(what + ": float32 " + a[i] + " vs float64 " + o[i] + " at element " + i);
            }
        }
    }

    /**
     * The map from the inputs to ∂⟨f(inputs), v⟩/∂inputs[k] for a fixed, non-uniform cotangent v,
     * computed by an inner tape while the gradcheck's tape records the rules' ops.
     */
    static Function<List<Tensor>, Tensor> firstDerivative(Function<List<Tensor>, Tensor> f, int k) {
        return in -> {
            try (Tape tape = Tape.record()) {
                List<Tensor> sources = new ArrayList<>();
                for (Tensor t : in) {
                    if (t.dtype().isFloatingPoint()) {
                        sources.add(tape.watch(t));
                    }
                }
                Tensor out = f.apply(in);
                double[] v = new double[out.numel()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.5 + 0.25 * (i % 5);
                }
                return tape.gradient(out, Tensor.of(v, out.shape()).to(out.dtype()), sources).get(in.get(k));
            }
        };
    }
}

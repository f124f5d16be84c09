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
 * differentiable Tensor ops.
 */
class ElementwiseSpecsTest {
    static final int INVALID_TRIES = 20;
    static final int GRADGRAD_TRIES = 10;

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
                return tape.gradient(out, Tensor.of(v, out.shape()), sources).get(in.get(k));
            }
        };
    }
}

package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Gradients;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Property;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The contract every op in the table keeps (TESTING.md GRAD-04, AUTO-04, KER-03): gradients have their
 * input's shape and dtype, are linear in the cotangent and reproducible bit for bit; ops never modify
 * their inputs; bad input is rejected with an IllegalArgumentException.
 */
class OpContractTest {
    static final int TRIES = 30;

    private static Stream<DynamicTest> each(boolean differentiableOnly, java.util.function.Consumer<OpSpec> test) {
        return OpSpecs.tests(s -> !differentiableOnly || s.differentiable(), test);
    }

    /** Gradients of ⟨f(inputs), cotangent⟩ with respect to every floating input. */
    static List<Tensor> vjp(OpSpec spec, List<Tensor> inputs, Tensor cotangent) {
        List<Tensor> sources = new ArrayList<>();
        List<Tensor> args = new ArrayList<>();
        for (Tensor in : inputs) {
            Tensor copy = in.detach();
            args.add(copy);
            if (in.dtype().isFloatingPoint()) {
                sources.add(copy);
            }
        }
        try (Tape tape = Tape.record()) {
            sources.forEach(tape::watch);
            Tensor out = spec.fn().apply(args);
            Gradients g = tape.gradient(out, cotangent == null ? Tensor.randn(new Rng(1), out.dtype(), out.shape()) : cotangent,
                    sources);
            return g.list();
        }
    }

    @TestFactory
    Stream<DynamicTest> gradientsHaveTheirInputsShapeAndDtype() {
        return each(true, spec -> Property.forAll(spec.inputs(), TRIES, in -> {
            List<Tensor> floating = in.stream().filter(t -> t.dtype().isFloatingPoint()).toList();
            List<Tensor> grads = vjp(spec, in, null);
            for (int i = 0; i < grads.size(); i++) {
                assertArrayEquals(floating.get(i).shape(), grads.get(i).shape(), "gradient " + i + " shape");
                assertEquals(floating.get(i).dtype(), grads.get(i).dtype(), "gradient " + i + " dtype");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> zeroCotangentGivesExactZeros() {
        return each(true, spec -> Property.forAll(spec.inputs(), TRIES, in -> {
            Tensor out = spec.fn().apply(in);
            for (Tensor g : vjp(spec, in, Tensor.zerosLike(out))) {
                for (double v : g.toDoubleArray()) {
                    assertEquals(0.0, Math.abs(v), "a zero cotangent must give exact zeros");
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> gradientsScaleWithTheCotangent() {
        return each(true, spec -> Property.forAll(spec.inputs(), TRIES, in -> {
            Tensor out = spec.fn().apply(in);
            Tensor v = Tensor.randn(new Rng(3), DType.FLOAT64, out.shape());
            List<Tensor> base = vjp(spec, in, v);
            for (double alpha : new double[] {-3, 0.5, 1e3}) {
                List<Tensor> scaled = vjp(spec, in, v.mul(alpha));
                for (int i = 0; i < base.size(); i++) {
                    double[] b = base.get(i).toDoubleArray();
                    double[] s = scaled.get(i).toDoubleArray();
                    double scale = Arrays.stream(b).map(Math::abs).max().orElse(0);
                    for (int j = 0; j < b.length; j++) {
                        double want = alpha * b[j];
                        // relative to the gradient's scale: a sum that cancels loses relative accuracy in one element
                        assertTrue(Math.abs(s[j] - want) <= 1e-12 * Math.abs(alpha) * scale,
                                "alpha " + alpha + ", input " + i + "[" + j + "]: " + s[j] + " vs " + want);
                    }
                }
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> backwardIsReproducibleBitForBit() {
        return each(true, spec -> Property.forAll(spec.inputs(), TRIES, in -> {
            Tensor out = spec.fn().apply(in);
            Tensor v = Tensor.randn(new Rng(5), DType.FLOAT64, out.shape());
            List<Tensor> first = vjp(spec, in, v);
            List<Tensor> second = vjp(spec, in, v);
            for (int i = 0; i < first.size(); i++) {
                assertArrayEquals(first.get(i).toDoubleArray(), second.get(i).toDoubleArray(), 0.0);
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> opsNeverModifyTheirInputs() {
        return each(false, spec -> Property.forAll(spec.inputs(), TRIES, in -> {
            List<double[]> before = in.stream().map(Tensor::toDoubleArray).toList();
            if (spec.differentiable()) {
                vjp(spec, in, null);
            } else {
                spec.fn().apply(in);
            }
            for (int i = 0; i < in.size(); i++) {
                assertTrue(Arrays.equals(before.get(i), in.get(i).toDoubleArray()), "input " + i + " was modified");
            }
        }));
    }

    @TestFactory
    Stream<DynamicTest> invalidInputsAreRejectedWithIllegalArgumentException() {
        return each(false, spec -> {
            if (spec.invalid() != null) {
                Property.forAll(spec.invalid(), TRIES, in -> assertThrows(IllegalArgumentException.class,
                        () -> spec.fn().apply(in), "invalid input must throw IllegalArgumentException"));
            }
            // Generic dtype cases: an INT32 or FLOAT32 tensor where FLOAT64 ones are expected alongside.
            Property.forAll(spec.inputs(), 5, in -> {
                for (int i = 0; i < in.size(); i++) {
                    if (in.get(i).dtype() != DType.FLOAT64 || !spec.differentiable()) {
                        continue;
                    }
                    List<Tensor> mixed = new ArrayList<>(in);
                    mixed.set(i, in.get(i).to(DType.INT32));
                    if (in.stream().filter(t -> t.dtype() == DType.FLOAT64).count() > 1 || !spec.acceptsIntegers()) {
                        assertThrows(IllegalArgumentException.class, () -> spec.fn().apply(mixed),
                                "an INT32 input " + i + " must be rejected");
                    }
                    if (in.stream().filter(t -> t.dtype() == DType.FLOAT64).count() > 1) {
                        mixed.set(i, in.get(i).to(DType.FLOAT32));
                        assertThrows(IllegalArgumentException.class, () -> spec.fn().apply(mixed),
                                "a FLOAT32 input " + i + " among FLOAT64 ones must be rejected");
                    }
                }
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> everyOpDeclaresInvalidInputs() {
        return each(false, spec -> assertTrue(spec.invalid() != null || spec.differentiable(),
                spec.name() + " declares no invalid inputs"));
    }
}

package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panagrad.core.DType;
import dev.panagrad.core.check.GradCheck;
import dev.panagrad.core.check.Property;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * GRAD-01: the gradient property over the whole op table, 50 random inputs per op. A differentiable
 * op passes a float64 full-Jacobian gradcheck; a non-differentiable one (masks, indices) returns an
 * INT32 tensor that no tape tracks, so no gradient can flow through it by mistake.
 */
class OpGradCheckTest {
    static final int TRIES = 50;

    @BeforeAll
    static void announce() {
        long differentiable = OpSpecs.ALL.stream().filter(OpSpec::differentiable).count();
        System.out.println("op table: " + OpSpecs.ALL.size() + " ops (" + differentiable + " differentiable, "
                + (OpSpecs.ALL.size() - differentiable) + " not), every one exercised by the gradient property");
    }

    @TestFactory
    Stream<DynamicTest> gradientsMatchFiniteDifferences() {
        return OpSpecs.tests(OpSpec::differentiable,
                spec -> Property.forAll(spec.inputs(), TRIES, in -> GradCheck.gradcheck(spec.fn(), in)));
    }

    @TestFactory
    Stream<DynamicTest> nonDifferentiableOpsReturnUntrackedIntegers() {
        return OpSpecs.tests(spec -> !spec.differentiable(), spec -> Property.forAll(spec.inputs(), TRIES,
                in -> assertEquals(DType.INT32, spec.fn().apply(in).dtype(),
                        "a non-differentiable op returns INT32, which no tape tracks")));
    }
}

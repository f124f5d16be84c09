package dev.panagrad.core.ops;

import dev.panagrad.core.check.GradCheck;
import dev.panagrad.core.check.Property;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * GRAD-03: every differentiable op's gradient is itself differentiable and correct — gradgradcheck in
 * float64 on 20 random inputs per op. Rows flagged {@code noGradGrad} (piecewise-linear ops, whose
 * second derivative is zero away from kinks) are checked too: their rules are recorded ops like any
 * other, so the second derivative must come out as exactly what finite differences see.
 */
class OpGradGradTest {
    static final int TRIES = 20;

    @TestFactory
    Stream<DynamicTest> gradientsOfGradientsMatchFiniteDifferences() {
        return OpSpecs.tests(OpSpec::differentiable,
                spec -> Property.forAll(spec.inputs(), TRIES, in -> GradCheck.gradgradcheck(spec.fn(), in)));
    }
}

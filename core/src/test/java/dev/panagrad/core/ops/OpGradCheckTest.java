package dev.panagrad.core.ops;

import dev.panagrad.core.check.GradCheck;
import dev.panagrad.core.check.Property;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** GRAD-01: every differentiable op in the table passes a float64 full-Jacobian gradcheck on ≥ 50 random inputs. */
class OpGradCheckTest {
    static final int TRIES = 50;

    @BeforeAll
    static void announce() {
        System.out.println("op table: " + OpSpecs.ALL.size() + " ops, "
                + OpSpecs.ALL.stream().filter(OpSpec::differentiable).count() + " differentiable");
    }

    @TestFactory
    Stream<DynamicTest> gradientsMatchFiniteDifferences() {
        return OpSpecs.tests(OpSpec::differentiable,
                spec -> Property.forAll(spec.inputs(), TRIES, in -> GradCheck.gradcheck(spec.fn(), in)));
    }
}

package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panagrad.core.check.Property;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every reduction row rejects its invalid inputs (bad dims, INT32 where not allowed, empty slices) with an IllegalArgumentException. */
class ReductionInvalidInputTest {
    @TestFactory
    Stream<DynamicTest> invalidInputsThrowIllegalArgument() {
        return ReductionSpecs.ROWS.stream().map(spec -> DynamicTest.dynamicTest(spec.name(), () -> Property.forAll(
                spec.invalid(), 30, in -> assertThrows(IllegalArgumentException.class, () -> spec.fn().apply(in)))));
    }
}

package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panagrad.core.check.Property;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every linear-algebra row rejects its invalid inputs with an IllegalArgumentException, never another exception. */
class LinearAlgebraInvalidInputTest {
    @TestFactory
    Stream<DynamicTest> invalidInputsThrowIllegalArgumentException() {
        return LinearAlgebraSpecs.ROWS.stream().map(spec -> DynamicTest.dynamicTest(spec.name(), () ->
                Property.forAll(spec.invalid(), 50, in -> assertThrows(IllegalArgumentException.class,
                        () -> spec.fn().apply(in), () -> spec.name() + " accepted " + in))));
    }
}

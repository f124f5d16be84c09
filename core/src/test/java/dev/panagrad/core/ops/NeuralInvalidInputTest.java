package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panagrad.core.check.Property;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every neural row's invalid inputs are rejected with an IllegalArgumentException, never another exception. */
class NeuralInvalidInputTest {

    @TestFactory
    Stream<DynamicTest> invalidInputsAreRejected() {
        return NeuralSpecs.ROWS.stream().filter(spec -> spec.invalid() != null).map(spec -> DynamicTest.dynamicTest(spec.name(),
                () -> Property.forAll(spec.invalid(), 40,
                        in -> assertThrows(IllegalArgumentException.class, () -> spec.fn().apply(in)))));
    }
}

package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panagrad.core.check.Property;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The shape family's rows reject every input of their {@code invalid} generator with an
 * IllegalArgumentException. Only {@code flatten()} and {@code squeeze()} have no generator: they
 * accept every tensor of every dtype.
 */
class ShapeSpecsTest {
    static final int TRIES = 50;
    static final Set<String> ACCEPT_ALL = Set.of("flatten", "squeeze");

    @TestFactory
    Stream<DynamicTest> invalidInputsThrowIllegalArgumentException() {
        return ShapeSpecs.ROWS.stream().filter(spec -> !ACCEPT_ALL.contains(spec.name()))
                .map(spec -> DynamicTest.dynamicTest(spec.name(), () -> {
            assertNotNull(spec.invalid(), spec.name() + " has no invalid-input generator");
            Property.forAll(spec.invalid(), TRIES, in -> assertThrows(IllegalArgumentException.class, () -> spec.fn().apply(in),
                    () -> spec.name() + " accepted " + in));
        }));
    }
}

package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Properties of every row of the shape family beyond gradients: bad input is rejected with an
 * IllegalArgumentException (only {@code flatten()} and {@code squeeze()} have no invalid inputs:
 * they accept every tensor), inputs are never modified and outputs are new tensors, and INT32 data
 * moves exactly as the same integers in FLOAT64 do.
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

    @TestFactory
    Stream<DynamicTest> opsReturnNewTensorsAndLeaveTheirInputsUnchanged() {
        return ShapeSpecs.ROWS.stream().map(spec -> DynamicTest.dynamicTest(spec.name(),
                () -> Property.forAll(spec.inputs(), TRIES, in -> {
                    List<double[]> before = in.stream().map(Tensor::toDoubleArray).toList();
                    Tensor out = spec.fn().apply(in);
                    for (int i = 0; i < in.size(); i++) {
                        assertNotSame(in.get(i), out, spec.name() + " returned its input " + i);
                        assertArrayEquals(before.get(i), in.get(i).toDoubleArray(), spec.name() + " modified input " + i);
                    }
                })));
    }

    @TestFactory
    Stream<DynamicTest> int32DataMovesLikeTheSameIntegersInFloat64() {
        return ShapeSpecs.ROWS.stream().filter(OpSpec::differentiable).map(spec -> DynamicTest.dynamicTest(spec.name(),
                () -> Property.forAll(spec.inputs(), TRIES, in -> {
                    List<Tensor> asInt = new ArrayList<>();
                    List<Tensor> asFloat = new ArrayList<>();
                    for (Tensor x : in) {
                        Tensor integral = x.dtype() == DType.FLOAT64 ? x.mul(100).to(DType.INT32) : x;
                        asInt.add(integral);
                        asFloat.add(x.dtype() == DType.FLOAT64 ? integral.to(DType.FLOAT64) : x);
                    }
                    Tensor fromInt = spec.fn().apply(asInt);
                    Tensor fromFloat = spec.fn().apply(asFloat);
                    assertEquals(DType.INT32, fromInt.dtype(), spec.name());
                    assertArrayEquals(fromFloat.shape(), fromInt.shape(), spec.name());
                    assertArrayEquals(fromFloat.to(DType.INT32).toIntArray(), fromInt.toIntArray(), spec.name());
                })));
    }
}

package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every row that accepts INT32 data (data movement, max/min) gives on integers exactly what it gives
 * on the same integers held in FLOAT64, and keeps the INT32 dtype.
 */
class IntegerDataTest {
    static final int TRIES = 50;

    @TestFactory
    Stream<DynamicTest> int32DataMovesLikeTheSameIntegersInFloat64() {
        return OpSpecs.tests(s -> s.differentiable() && s.acceptsIntegers(),
                spec -> Property.forAll(spec.inputs(), TRIES, in -> {
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
                }));
    }
}

package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A user-defined op is recorded like a built-in one, higher order included. */
class CustomOpTest {
    /** y = x³ with dy/dx = 3x², the rule written in Tensor ops. */
    private static Tensor cube(Tensor x) {
        return CustomOp.apply("cube", () -> x.mul(x).mul(x), (g, grads) -> grads.add(x, g.mul(x.mul(x).mul(3.0))), x);
    }

    @Test
    void forwardRecordsOneStep() {
        Tensor x = Tensor.of(new double[] {2}, 1).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Tensor y = cube(x);
            assertEquals(1, tape.size());
            assertEquals(8.0, y.item());
            assertEquals(12.0, tape.gradient(y.sum(), x).get(x).item());
        }
    }

    @Test
    void customRuleDifferentiatesAgain() {
        Tensor x = Tensor.of(new double[] {2, -1}, 2).requiresGrad(true);
        try (Tape outer = Tape.record()) {
            Tensor g;
            try (Tape inner = Tape.record()) {
                g = inner.gradient(cube(x).sum(), x).get(x);
            }
            assertArrayEquals(new double[] {12, -6}, outer.gradient(g.sum(), x).get(x).toDoubleArray());
        }
    }

    @Test
    void forwardThatReturnsItsInputStillMakesANewTensor() {
        Tensor x = Tensor.of(new double[] {1}, 1).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Tensor y = CustomOp.apply("identity", () -> x, (g, grads) -> grads.add(x, g), x);
            assertEquals(1.0, tape.gradient(y.sum(), x).get(x).item());
        }
    }

    @Test
    void ruleReturningAWrongShapeIsReported() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        try (Tape tape = Tape.record()) {
            Tensor y = CustomOp.apply("broken", () -> x.mul(2.0), (g, grads) -> grads.add(x, g.sum()), x);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tape.gradient(y.sum(), x));
            assertEquals("broken: gradient rule produced [] FLOAT64 for an input of [2] FLOAT64", e.getMessage());
        }
    }
}

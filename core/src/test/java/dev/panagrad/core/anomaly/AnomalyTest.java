package dev.panagrad.core.anomaly;

import dev.panagrad.core.Anomaly;
import dev.panagrad.core.AnomalyException;
import dev.panagrad.core.CustomOp;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Anomaly mode names the first op that produced NaN/Inf, forward or backward, and the user's line. */
class AnomalyTest {

    @Test
    void forwardInfinityNamesTheOpAndTheCallingLine() {
        Tensor x = Tensor.of(new double[] {1, 0}, 2);
        try (Anomaly.Scope scope = Anomaly.detect()) {
            AnomalyException e = assertThrows(AnomalyException.class, () -> x.log());
            assertTrue(e.getMessage().startsWith("log produced -Infinity"), e.getMessage());
            assertTrue(e.getMessage().contains("AnomalyTest"), e.getMessage());
        }
    }

    @Test
    void backwardNaNNamesTheRuleOfTheOp() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        try (Anomaly.Scope scope = Anomaly.detect(); Tape tape = Tape.record()) {
            Tensor y = CustomOp.apply("badRule", () -> x.mul(2.0),
                    (g, grads) -> grads.add(x, Tensor.fullLike(x, Double.NaN)), x);
            AnomalyException e = assertThrows(AnomalyException.class, () -> tape.gradient(y.sum(), x));
            assertTrue(e.getMessage().startsWith("the gradient rule of badRule produced NaN"), e.getMessage());
            assertTrue(e.getMessage().contains("AnomalyTest"), e.getMessage());
        }
    }

    @Test
    void nonFiniteOpInsideARuleNamesTheOpAndTheRule() {
        Tensor x = Tensor.of(new double[] {1, 2}, 2).requiresGrad(true);
        try (Anomaly.Scope scope = Anomaly.detect(); Tape tape = Tape.record()) {
            Tensor y = CustomOp.apply("overflowingRule", () -> x.mul(2.0),
                    (g, grads) -> grads.add(x, g.mul(1e300).mul(1e300)), x);
            AnomalyException e = assertThrows(AnomalyException.class, () -> tape.gradient(y.sum(), x));
            assertTrue(e.getMessage().startsWith("mul produced Infinity"), e.getMessage());
            assertTrue(e.getMessage().contains("while computing the gradient of overflowingRule"), e.getMessage());
        }
    }

    @Test
    void offByDefaultSoNonFiniteValuesPassThrough() {
        assertFalse(Anomaly.enabled());
        Tensor y = assertDoesNotThrow(() -> Tensor.of(new double[] {0}, 1).log());
        assertEquals(Double.NEGATIVE_INFINITY, y.item());
    }

    @Test
    void scopesNestAndRestore() {
        try (Anomaly.Scope a = Anomaly.detect()) {
            try (Anomaly.Scope b = Anomaly.detect()) {
                assertTrue(Anomaly.enabled());
            }
            assertTrue(Anomaly.enabled());
        }
        assertFalse(Anomaly.enabled());
    }
}

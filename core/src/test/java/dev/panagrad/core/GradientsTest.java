package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class GradientsTest {
    private final Tensor a = Tensor.of(new double[] {1, 2}, 2);
    private final Tensor b = Tensor.of(new double[] {3}, 1);

    @Test
    void ofKeepsSourceOrderAndPairsGradientsBySourceIdentity() {
        Tensor ga = Tensor.of(new double[] {0.5, -1}, 2);
        Tensor gb = Tensor.of(new double[] {4}, 1);
        Gradients g = Gradients.of(List.of(b, a), List.of(gb, ga));
        assertEquals(List.of(b, a), g.sources());
        assertSame(ga, g.get(a));
        assertSame(gb, g.get(b));
    }

    @Test
    void mapAppliesTheFunctionToEveryGradient() {
        Gradients g = Gradients.of(List.of(a, b), List.of(Tensor.ones(DType.FLOAT64, 2), Tensor.ones(DType.FLOAT64, 1)));
        Gradients doubled = g.map(x -> x.mul(2));
        assertArrayEquals(new double[] {2, 2}, doubled.get(a).toDoubleArray());
        assertArrayEquals(new double[] {2}, doubled.get(b).toDoubleArray());
    }

    @Test
    void ofRejectsAGradientWhoseShapeDiffersFromItsSource() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Gradients.of(List.of(a), List.of(Tensor.ones(DType.FLOAT64, 3))));
        assertTrue(e.getMessage().contains("[3]") && e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void ofRejectsMismatchedListLengthsAndRepeatedSources() {
        assertThrows(IllegalArgumentException.class, () -> Gradients.of(List.of(a, b), List.of(a)));
        assertThrows(IllegalArgumentException.class, () -> Gradients.of(List.of(a, a), List.of(a, a)));
    }
}

package dev.panagrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import org.junit.jupiter.api.Test;

/** Embedding: lookups, PyTorch's initialization, the padding row's gradient, and errors. */
class EmbeddingTest {
    /** Rows 0..2 of a 3×2 table: [0, 1], [2, 3], [4, 5]. */
    private static Tensor table() {
        return Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 3, 2);
    }

    @Test
    void looksUpTheRowOfEveryIndexKeepingTheIndexShape() {
        Embedding e = Embedding.fromPretrained(table(), false);
        Tensor y = e.forward(Tensor.of(new int[] {2, 0, 1, 2}, 2, 2));
        assertArrayEquals(new int[] {2, 2, 2}, y.shape());
        assertArrayEquals(new double[] {4, 5, 0, 1, 2, 3, 4, 5}, y.toDoubleArray());
    }

    @Test
    void aScalarIndexGivesOneVector() {
        Tensor y = Embedding.fromPretrained(table(), true).forward(Tensor.of(new int[] {1}));
        assertArrayEquals(new int[] {2}, y.shape());
        assertArrayEquals(new double[] {2, 3}, y.toDoubleArray());
    }

    @Test
    void weightIsStandardNormalWithThePaddingRowZeroed() {
        Embedding e = new Embedding(2000, 5, 3, new Rng(11));
        double[] w = e.weight().toDoubleArray();
        double sum = 0;
        double sumSq = 0;
        for (double v : w) {
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / w.length;
        double std = Math.sqrt(sumSq / w.length - mean * mean);
        assertEquals(0, mean, 0.03, "mean of N(0, 1) over 10,000 draws");
        assertEquals(1, std, 0.03, "std of N(0, 1) over 10,000 draws");
        for (int j = 0; j < 5; j++) {
            assertEquals(0, e.weight().get(3, j), "padding row");
        }
        assertTrue(e.weight().requiresGrad());
        assertEquals(DType.FLOAT32, e.weight().dtype());
    }

    @Test
    void negativePaddingIndexCountsFromTheEnd() {
        Embedding e = new Embedding(5, 3, -1, new Rng(1));
        assertEquals(4, e.paddingIdx());
        assertArrayEquals(new float[] {0, 0, 0}, e.weight().narrow(0, 4, 1).toFloatArray());
        assertEquals("Embedding(5, 3, padding_idx=4)", e.toString());
        assertNull(new Embedding(5, 3, new Rng(1)).paddingIdx());
        assertEquals("Embedding(5, 3)", new Embedding(5, 3, new Rng(1)).toString());
    }

    /** ∂/∂W of Σ y·c for the given indices and cotangent c. */
    private static Tensor weightGradient(Embedding e, Tensor indices, Tensor c) {
        try (Tape tape = Tape.record()) {
            return tape.gradient(e.forward(indices).mul(c).sum(), e.weight()).get(e.weight());
        }
    }

    @Test
    void gradientAccumulatesIntoLookedUpRowsAndSkipsThePaddingRow() {
        Embedding e = (Embedding) new Embedding(5, 2, 1, new Rng(2)).to(DType.FLOAT64);
        Tensor c = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5, 2);
        Tensor g = weightGradient(e, Tensor.of(new int[] {1, 2, 1, 4, 2}, 5), c);
        // row 2 gets c[1] + c[4]; row 4 gets c[3]; the padding row 1 and unused rows 0, 3 get nothing
        assertArrayEquals(new double[] {0, 0, 0, 0, 3 + 9, 4 + 10, 0, 0, 7, 8}, g.toDoubleArray());
    }

    @Test
    void thePaddingRowStaysFixedUnderGradientDescent() {
        Tensor pretrained = Tensor.of(new double[] {0.5, -0.5, 1, 1, 2, 2}, 3, 2);
        Embedding e = Embedding.fromPretrained(pretrained, false, 0);
        Tensor indices = Tensor.of(new int[] {0, 1, 0, 2}, 4);
        Tensor target = Tensor.ones(DType.FLOAT64, 4, 2);
        for (int step = 0; step < 3; step++) {
            Tensor g;
            try (Tape tape = Tape.record()) {
                Tensor loss = e.forward(indices).sub(target).square().sum();
                g = tape.gradient(loss, e.weight()).get(e.weight());
            }
            try (NoGrad ignored = NoGrad.enter()) {
                e.weight().assign(e.weight().sub(g.mul(0.1))); // SGD, lr 0.1
            }
        }
        assertArrayEquals(new double[] {0.5, -0.5}, e.weight().narrow(0, 0, 1).toDoubleArray(), "padding row unchanged");
        assertFalse(e.weight().get(2, 0) == 2, "other rows train");
        assertArrayEquals(new double[] {0.5, -0.5}, e.forward(Tensor.of(new int[] {0}, 1)).toDoubleArray(),
                "a lookup returns the padding row's values, as PyTorch does");
    }

    @Test
    void fromPretrainedCopiesTheTableAndFreezesOnRequest() {
        Tensor w = table();
        Embedding frozen = Embedding.fromPretrained(w, true);
        assertFalse(frozen.weight().requiresGrad());
        assertEquals(0, frozen.numParameters(true));
        assertTrue(Embedding.fromPretrained(w, false).weight().requiresGrad());
        assertEquals(DType.FLOAT64, frozen.weight().dtype());
        w.assign(Tensor.zeros(DType.FLOAT64, 3, 2));
        assertEquals(5, frozen.weight().get(2, 1), "the table is a copy");
        assertFalse(w.requiresGrad(), "the caller's tensor is left alone");
    }

    @Test
    void functionalFormMatchesTheModule() {
        Tensor indices = Tensor.of(new int[] {2, 2, 0}, 3);
        assertArrayEquals(Embedding.fromPretrained(table(), false).forward(indices).toDoubleArray(),
                Embedding.embedding(indices, table()).toDoubleArray());
        assertArrayEquals(new double[] {4, 5, 4, 5, 0, 1}, Embedding.embedding(indices, table(), -1).toDoubleArray());
    }

    @Test
    void anOutOfRangeIndexNamesTheLayerTheIndexAndItsPosition() {
        Embedding e = new Embedding(5, 3, new Rng(1));
        IllegalArgumentException high = assertThrows(IllegalArgumentException.class,
                () -> e.forward(Tensor.of(new int[] {0, 1, 2, 5}, 2, 2)));
        assertTrue(high.getMessage().startsWith("Embedding(5, 3)") && high.getMessage().contains("index 5")
                && high.getMessage().contains("[1, 1]"), high.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> e.forward(Tensor.of(new int[] {-1}, 1)));
        assertTrue(negative.getMessage().contains("index -1"), negative.getMessage());
    }

    @Test
    void nonIntegerIndicesAreRejected() {
        Embedding e = new Embedding(5, 3, new Rng(1));
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> e.forward(Tensor.zeros(2, 2)));
        assertTrue(ex.getMessage().contains("INT32") && ex.getMessage().contains("FLOAT32 [2, 2]"), ex.getMessage());
    }

    @Test
    void invalidConstructionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 3, 5, new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(5, 3, -6, new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3, new Rng(1)));
        assertThrows(IllegalArgumentException.class, () -> Embedding.fromPretrained(Tensor.zeros(6), true));
        Tensor integers = Tensor.of(new int[] {1, 2}, 1, 2);
        assertThrows(IllegalArgumentException.class, () -> Embedding.fromPretrained(integers, true));
    }
}

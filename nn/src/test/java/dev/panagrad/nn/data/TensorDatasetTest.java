package dev.panagrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Tensor;
import org.junit.jupiter.api.Test;

/** Rows of a {@link TensorDataset}, and the {@link Dataset} views map and subset. */
class TensorDatasetTest {
    private final TensorDataset data = new TensorDataset(
            Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 1, 2), Tensor.of(new int[] {7, 8, 9}, 3));

    @Test
    void getReturnsTheIthRowOfEachTensor() {
        Example e = data.get(1);
        assertArrayEquals(new int[] {1, 2}, e.input().shape());
        assertArrayEquals(new float[] {3, 4}, e.input().toFloatArray());
        assertArrayEquals(new int[] {}, e.target().shape());
        assertEquals(8, e.target().item());
        assertEquals(3, data.size());
    }

    @Test
    void tensorsMustShareDimZero() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new TensorDataset(Tensor.zeros(4, 2), Tensor.zeros(3)));
        assertTrue(e.getMessage().contains("[4, 2]") && e.getMessage().contains("[3]"), e.getMessage());
    }

    @Test
    void indexOutOfRangeNamesTheSize() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> data.get(3));
        assertTrue(e.getMessage().contains("index 3") && e.getMessage().contains("3 samples"), e.getMessage());
    }

    @Test
    void mapTransformsEachSampleAsItIsRead() {
        Dataset<Example> doubled = data.map(e -> e.withInput(e.input().mul(2)));
        assertArrayEquals(new float[] {10, 12}, doubled.get(2).input().toFloatArray());
        assertEquals(9, doubled.get(2).target().item());
        assertEquals(3, doubled.size());
    }

    @Test
    void subsetPicksSamplesByIndexInOrder() {
        Dataset<Example> sub = data.subset(2, 0, 2);
        assertEquals(3, sub.size());
        assertEquals(9, sub.get(0).target().item());
        assertEquals(7, sub.get(1).target().item());
        var e = assertThrows(IllegalArgumentException.class, () -> data.subset(0, 3));
        assertTrue(e.getMessage().contains("index 3"), e.getMessage());
    }

    @Test
    void gatheredBatchesEqualTheDefaultCollationOfTheSameSamples() {
        TensorDataset mnist = Mnist.test();
        var options = DataLoader.options().shuffle(new dev.panagrad.core.Rng(4));
        var gathered = DataLoader.of(mnist, 64, options).iterator(0);
        var collated = DataLoader.of(mnist, 64, Collate.examples(), DataLoader.options().shuffle(new dev.panagrad.core.Rng(4)))
                .iterator(0);
        int batches = 0;
        while (gathered.hasNext()) {
            Batch a = gathered.next();
            Batch b = collated.next();
            assertArrayEquals(b.inputs().shape(), a.inputs().shape());
            assertArrayEquals(b.inputs().toFloatArray(), a.inputs().toFloatArray());
            assertArrayEquals(b.targets().shape(), a.targets().shape());
            assertArrayEquals(b.targets().toIntArray(), a.targets().toIntArray());
            batches++;
        }
        assertEquals(32, batches);
        assertTrue(!collated.hasNext());
    }

    @Test
    void batchRejectsAnIndexOutOfRange() {
        var e = assertThrows(IndexOutOfBoundsException.class, () -> data.batch(0, 3));
        assertTrue(e.getMessage().contains("index 3"), e.getMessage());
    }
}

package dev.panagrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

/** Batching, shuffling, drop-last and errors of {@link DataLoader} (prefetching in {@link PrefetchTest}). */
class DataLoaderTest {
    /** {@code n} examples whose target is their own index and whose input is {@code [index, -index]}. */
    static TensorDataset indexed(int n) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i;
        }
        return new TensorDataset(Tensor.of(x, n, 2), Tensor.of(y, n));
    }

    /** The sample indices of each batch an iteration yields (read from the targets). */
    static List<int[]> indicesOf(Iterable<Batch> epoch) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : epoch) {
            out.add(b.targets().toIntArray());
        }
        return out;
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void unshuffledBatchesHoldTheSamplesInOrderWithAPartialLastBatch() {
        DataLoader<Batch> loader = DataLoader.of(indexed(7), 3);
        List<int[]> batches = indicesOf(loader);
        assertEquals(3, batches.size());
        assertArrayEquals(new int[] {0, 1, 2}, batches.get(0));
        assertArrayEquals(new int[] {3, 4, 5}, batches.get(1));
        assertArrayEquals(new int[] {6}, batches.get(2));
        assertEquals(3, loader.numBatches());
    }

    @Test
    void defaultCollateStacksInputsAndTargetsAlongANewDimZero() {
        Batch b = DataLoader.of(indexed(5), 4).iterator().next();
        assertArrayEquals(new int[] {4, 2}, b.inputs().shape());
        assertArrayEquals(new int[] {4}, b.targets().shape());
        assertEquals(DType.INT32, b.targets().dtype());
        assertArrayEquals(new float[] {0, 0, 1, -1, 2, -2, 3, -3}, b.inputs().toFloatArray());
        assertEquals(4, b.size());
    }

    @Test
    void shuffledEpochsCoverEveryIndexExactlyOnce() {
        Property.forAll(Gen.integers(1, 60), Gen.integers(1, 17), Gen.longs(0, 1000), 60, (n, batchSize, seed) -> {
            DataLoader<Batch> loader = DataLoader.of(indexed(n), batchSize,
                    DataLoader.options().shuffle(new Rng(seed)).prefetch(0));
            for (int epoch = 0; epoch < 3; epoch++) {
                List<int[]> batches = indicesOf(loader);
                assertEquals(loader.numBatches(), batches.size());
                int[] all = flat(batches);
                Arrays.sort(all);
                int[] expected = new int[n];
                Arrays.setAll(expected, i -> i);
                assertArrayEquals(expected, all, "epoch " + epoch);
                for (int b = 0; b < batches.size() - 1; b++) {
                    assertEquals(batchSize, batches.get(b).length);
                }
                assertEquals(n - (batches.size() - 1) * batchSize, batches.getLast().length, "last batch holds the rest");
            }
        });
    }

    @Test
    void dropLastKeepsOnlyFullBatchesOfDistinctIndices() {
        DataLoader<Batch> loader = DataLoader.of(indexed(103), 10, DataLoader.options().dropLast(true).shuffle(new Rng(1)));
        List<int[]> batches = indicesOf(loader);
        assertEquals(10, batches.size());
        assertEquals(10, loader.numBatches());
        for (int[] b : batches) {
            assertEquals(10, b.length);
        }
        assertEquals(100, Arrays.stream(flat(batches)).distinct().count());
    }

    @Test
    void withoutDropLastTheLastBatchIsPartial() {
        DataLoader<Batch> loader = DataLoader.of(indexed(103), 10, DataLoader.options().shuffle(new Rng(1)));
        List<int[]> batches = indicesOf(loader);
        assertEquals(11, batches.size());
        assertEquals(3, batches.getLast().length);
    }

    @Test
    void theSameSeedGivesTheSameOrderEveryEpoch() {
        DataLoader<Batch> a = DataLoader.of(indexed(50), 8, DataLoader.options().shuffle(new Rng(42)));
        DataLoader<Batch> b = DataLoader.of(indexed(50), 8, DataLoader.options().shuffle(new Rng(42)).prefetch(0));
        for (int epoch = 0; epoch < 3; epoch++) {
            assertArrayEquals(flat(indicesOf(a)), flat(indicesOf(b)), "epoch " + epoch);
        }
    }

    @Test
    void eachEpochShufflesDifferently() {
        DataLoader<Batch> loader = DataLoader.of(indexed(50), 8, DataLoader.options().shuffle(new Rng(42)));
        int[] first = flat(indicesOf(loader));
        int[] second = flat(indicesOf(loader));
        assertFalse(Arrays.equals(first, second));
        int[] identity = new int[50];
        Arrays.setAll(identity, i -> i);
        assertFalse(Arrays.equals(identity, first));
    }

    @Test
    void differentSeedsShuffleDifferently() {
        int[] a = flat(DataLoader.of(indexed(50), 8, DataLoader.options().shuffle(new Rng(1))).batchIndices(0));
        int[] b = flat(DataLoader.of(indexed(50), 8, DataLoader.options().shuffle(new Rng(2))).batchIndices(0));
        assertFalse(Arrays.equals(a, b));
    }

    @Test
    void iteratorStartsEpochsInTurnAndAnyEpochReplays() {
        DataLoader<Batch> loader = DataLoader.of(indexed(40), 6, DataLoader.options().shuffle(new Rng(3)));
        List<int[]> epoch0 = indicesOf(loader);
        List<int[]> epoch1 = indicesOf(loader);
        assertArrayEquals(flat(epoch0), flat(indicesOf(loader.epoch(0))));
        assertArrayEquals(flat(epoch1), flat(indicesOf(loader.epoch(1))));
        assertArrayEquals(flat(epoch1), flat(loader.batchIndices(1)));
        assertArrayEquals(flat(indicesOf(loader.epoch(2))), flat(indicesOf(loader)), "replaying does not advance the count");
    }

    @Test
    void loadersSharingAGeneratorDrawDifferentSeeds() {
        Rng rng = new Rng(9);
        DataLoader<Batch> first = DataLoader.of(indexed(30), 4, DataLoader.options().shuffle(rng));
        DataLoader<Batch> second = DataLoader.of(indexed(30), 4, DataLoader.options().shuffle(rng));
        assertNotEquals(Arrays.toString(flat(first.batchIndices(0))), Arrays.toString(flat(second.batchIndices(0))));
    }

    @Test
    void exhaustedIteratorHasNoNext() {
        var it = DataLoader.of(indexed(2), 2).iterator();
        it.next();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void customCollateSeesTheSamplesOfEachBatchInOrder() {
        Dataset<Tensor> scalars = indexed(5).map(Example::target);
        DataLoader<Tensor> loader = DataLoader.of(scalars, 2, Collate.tensors(), DataLoader.options());
        List<int[]> batches = new ArrayList<>();
        for (Tensor t : loader) {
            batches.add(t.toIntArray());
        }
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, flat(batches));
        assertEquals(3, batches.size());
    }

    @Test
    void collatingSamplesOfDifferentShapesFailsNamingThem() {
        Dataset<Example> ragged = new Dataset<>() {
            @Override
            public int size() {
                return 3;
            }

            @Override
            public Example get(int i) {
                return new Example(Tensor.zeros(i + 1), Tensor.scalar(i, DType.INT32));
            }
        };
        var it = DataLoader.of(ragged, 3, DataLoader.options().prefetch(0)).iterator();
        var e = assertThrows(DataLoaderException.class, it::next);
        assertTrue(e.getCause() instanceof IllegalArgumentException);
        assertTrue(e.getMessage().contains("[1]") && e.getMessage().contains("[2]"), e.getMessage());
    }

    @Test
    void batchSizeMustBePositive() {
        var e = assertThrows(IllegalArgumentException.class, () -> DataLoader.of(indexed(3), 0));
        assertTrue(e.getMessage().contains("batch size must be positive, got 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataLoader.of(indexed(3), -2));
    }

    @Test
    void emptyDatasetIsRejected() {
        Dataset<Example> empty = indexed(3).subset();
        var e = assertThrows(IllegalArgumentException.class, () -> DataLoader.of(empty, 4));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void dropLastThatLeavesNoBatchIsRejected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> DataLoader.of(indexed(3), 4, DataLoader.options().dropLast(true)));
        assertTrue(e.getMessage().contains("batch size 4") && e.getMessage().contains("3 samples"), e.getMessage());
    }

    @Test
    void negativePrefetchAndEpochAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> DataLoader.options().prefetch(-1));
        assertThrows(IllegalArgumentException.class, () -> DataLoader.of(indexed(3), 1).batchIndices(-1));
    }
}

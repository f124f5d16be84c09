package dev.panagrad.core.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Generators stay inside their bounds, and choice 0 everywhere gives the simplest value. */
class GenTest {
    private static <T> T simplest(Gen<T> gen) {
        return gen.generate(Source.replay(new long[0]));
    }

    @Test
    void allZeroChoicesGiveTheSimplestValues() {
        assertEquals(0, simplest(Gen.integers(-5, 5)));
        assertEquals(3, simplest(Gen.integers(3, 9)));
        assertEquals(-3, simplest(Gen.integers(-9, -3)));
        assertEquals(0L, simplest(Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE)));
        assertEquals(0.0, simplest(Gen.doubles(-2, 2)));
        assertEquals(0.5, simplest(Gen.doubles(0.5, 2)));
        assertEquals(-1.5, simplest(Gen.doubles(-4, -1.5)));
        assertEquals(false, simplest(Gen.booleans()));
        assertEquals("a", simplest(Gen.elements("a", "b")));
        assertEquals(List.of(), simplest(Gen.listOf(Gen.integers(0, 9), 0, 5)));
        assertEquals(List.of(0, 0), simplest(Gen.listOf(Gen.integers(0, 9), 2, 5)));
        assertArrayEquals(new int[0], simplest(TensorGen.shapes(0, 3, 1, 4)));
        assertArrayEquals(new int[] {1, 1}, simplest(TensorGen.shapes(2, 3, 1, 4)));
    }

    @Test
    void numbersStayInTheirRanges() {
        Property.forAll(Gen.integers(-7, 12), 500, i -> assertTrue(i >= -7 && i <= 12));
        Property.forAll(Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE).map(l -> l), 200, l -> {});
        Property.forAll(Gen.longs(-3, Long.MAX_VALUE), 500, l -> assertTrue(l >= -3));
        Property.forAll(Gen.doubles(-0.3, 2.7), 500, d -> assertTrue(d >= -0.3 && d <= 2.7, "" + d));
        Property.forAll(Gen.doubles(1e-3, 1e-3), 10, d -> assertEquals(1e-3, d));
    }

    @Test
    void integersCoverTheirWholeRange() {
        Set<Integer> seen = new HashSet<>();
        Property.forAll(Gen.integers(-3, 4), 400, seen::add);
        assertEquals(8, seen.size());
    }

    @Test
    void doublesAreSpreadOverTheRange() {
        int[] buckets = new int[4];
        Property.forAll(Gen.doubles(-2, 2), 2000, d -> buckets[Math.min(3, (int) ((d + 2) / 1))]++);
        for (int b : buckets) {
            assertTrue(b > 300, Arrays.toString(buckets));
        }
    }

    @Test
    void frequencyFollowsItsWeights() {
        int[] counts = new int[2];
        Property.forAll(Gen.frequency(9, Gen.constant(0), 1, Gen.constant(1)), 1000, i -> counts[i]++);
        assertTrue(counts[1] > 50 && counts[1] < 160, Arrays.toString(counts));
    }

    @Test
    void listsRespectTheirSizeBounds() {
        Property.forAll(Gen.listOf(Gen.booleans(), 2, 6), 300, l -> assertTrue(l.size() >= 2 && l.size() <= 6));
        Set<Integer> sizes = new HashSet<>();
        Property.forAll(Gen.listOf(Gen.booleans(), 2, 6), 300, l -> sizes.add(l.size()));
        assertEquals(5, sizes.size());
    }

    @Test
    void shapesRespectRankDimensionAndSizeBounds() {
        Property.forAll(TensorGen.shapes(1, 4, 2, 5, 40), 300, shape -> {
            assertTrue(shape.length >= 1 && shape.length <= 4);
            assertTrue(Arrays.stream(shape).allMatch(d -> d >= 2 && d <= 5));
            assertTrue(Arrays.stream(shape).reduce(1, (a, b) -> a * b) <= 40, Arrays.toString(shape));
        });
    }

    @Test
    void shapesWithEmptyIncludeZeroSizeDimensions() {
        int[] zeros = new int[1];
        Property.forAll(TensorGen.shapesWithEmpty(1, 3, 4), 300, shape -> {
            assertTrue(Arrays.stream(shape).allMatch(d -> d >= 0 && d <= 4));
            zeros[0] += Arrays.stream(shape).anyMatch(d -> d == 0) ? 1 : 0;
        });
        assertTrue(zeros[0] > 20, "empty dims appear: " + zeros[0]);
    }

    @Test
    void broadcastShapePairsBroadcastAndOftenDifferInRankOrHaveSizeOneDims() {
        int[] interesting = new int[1];
        Property.forAll(TensorGen.broadcastShapes(3, 4), 300, p -> {
            Tensor a = Tensor.zeros(DType.FLOAT64, p[0]);
            Tensor b = Tensor.zeros(DType.FLOAT64, p[1]);
            a.add(b); // throws if they do not broadcast
            boolean sizeOne = Arrays.stream(p[0]).anyMatch(d -> d == 1) || Arrays.stream(p[1]).anyMatch(d -> d == 1);
            interesting[0] += p[0].length != p[1].length || sizeOne ? 1 : 0;
        });
        assertTrue(interesting[0] > 150, "rank mismatches or size-1 dims: " + interesting[0]);
    }

    @Test
    void tensorsOnADomainKeepAwayFromItsKinks() {
        Domain d = Domain.bounded(-2, 2).awayFrom(0.1, 0, 1);
        Property.forAll(TensorGen.tensors(TensorGen.shapes(0, 3, 1, 4), d, DType.FLOAT64), 200, t -> {
            for (double v : t.toDoubleArray()) {
                assertTrue(v >= -2 && v <= 2 && Math.abs(v) >= 0.1 && Math.abs(v - 1) >= 0.1, "" + v);
            }
        });
    }

    @Test
    void scalarsAreRankZeroAndIntsAreInt32InRange() {
        Property.forAll(TensorGen.scalars(Domain.positive(0.5, 3), DType.FLOAT32), 50, t -> {
            assertEquals(0, t.dim());
            assertEquals(DType.FLOAT32, t.dtype());
            assertTrue(t.item() >= 0.5 && t.item() <= 3);
        });
        Property.forAll(TensorGen.ints(TensorGen.shapes(1, 2, 1, 5), 0, 9), 50, t -> {
            assertEquals(DType.INT32, t.dtype());
            assertTrue(Arrays.stream(t.toIntArray()).allMatch(i -> i >= 0 && i <= 9));
        });
    }

    @Test
    void replayingTheRecordedChoicesRegeneratesTheValue() {
        Gen<Tensor> gen = TensorGen.tensors(TensorGen.shapes(0, 3, 1, 4), Domain.REAL, DType.FLOAT64);
        Source random = Source.random(new Rng(8));
        Tensor first = gen.generate(random);
        Tensor again = gen.generate(Source.replay(random.choices()));
        assertArrayEquals(first.shape(), again.shape());
        assertArrayEquals(first.toDoubleArray(), again.toDoubleArray());
    }

    @Test
    void invalidBoundsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Gen.integers(3, 2));
        assertThrows(IllegalArgumentException.class, () -> Gen.doubles(0, Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> Gen.listOf(Gen.booleans(), 3, 1));
        assertThrows(IllegalArgumentException.class, () -> Gen.frequency(0, Gen.booleans(), 0, Gen.booleans()));
        assertThrows(IllegalArgumentException.class, () -> TensorGen.shapes(2, 1, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> TensorGen.shapes(0, 3, 2, 4, 7));
    }
}

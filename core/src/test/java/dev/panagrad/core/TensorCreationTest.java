package dev.panagrad.core;

import static dev.panagrad.core.ShapeOpsTest.assertRejects;
import static dev.panagrad.core.ShapeOpsTest.assertShape;
import static dev.panagrad.core.ShapeOpsTest.assertValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Tensors are created from arrays and factories, and read back, as PyTorch's equivalents do. */
class TensorCreationTest {

    @Test
    void ofCopiesTheArrayWithTheGivenShape() {
        double[] values = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(values, 2, 3);
        values[0] = 99;
        assertShape(new int[] {2, 3}, t);
        assertEquals(DType.FLOAT64, t.dtype());
        assertEquals(1, t.get(0, 0));
        assertEquals(6, t.get(-1, -1));
    }

    @Test
    void ofWithNoShapeIsAScalarAndRejectsAMismatchedCount() {
        assertEquals(0, Tensor.of(new float[] {7}).dim());
        assertRejects(() -> Tensor.of(new int[] {1, 2, 3}, 2, 2), "of", "3 values", "[2, 2]", "4 elements");
        assertRejects(() -> Tensor.of(new float[] {}, -1, 0), "of", "negative");
    }

    @Test
    void zerosOnesAndFullFillEveryDtype() {
        assertArrayEquals(new float[] {0, 0}, Tensor.zeros(2).toFloatArray());
        assertArrayEquals(new double[] {1, 1, 1}, Tensor.ones(DType.FLOAT64, 3).toDoubleArray());
        assertArrayEquals(new int[] {2, 2}, Tensor.full(2.9, DType.INT32, 2).toIntArray());
        assertEquals(DType.FLOAT32, Tensor.full(0.5, 1, 1).dtype());
        assertShape(new int[] {3, 0}, Tensor.zeros(3, 0));
        assertRejects(() -> Tensor.zeros(2, -1), "zeros", "negative", "[2, -1]");
    }

    @Test
    void scalarsHaveRankZeroAndOneItem() {
        Tensor s = Tensor.scalar(2.5, DType.FLOAT64);
        assertEquals(0, s.dim());
        assertEquals(1, s.numel());
        assertEquals(2.5, s.item());
        assertRejects(() -> Tensor.zeros(2).item(), "item", "[2]");
    }

    @Test
    void arangeStopsStrictlyBeforeTheEnd() {
        assertValues(new double[] {0, 1, 2, 3, 4}, Tensor.arange(5));
        assertValues(new double[] {1, 1.5, 2}, Tensor.arange(1, 2.5, 0.5, DType.FLOAT64));
        assertValues(new double[] {3, 1}, Tensor.arange(3, 0, -2, DType.FLOAT64));
        assertEquals(10, Tensor.arange(0, 1, 0.1, DType.FLOAT64).numel());
        assertEquals(0, Tensor.arange(2, 1, 1, DType.INT32).numel());
        assertRejects(() -> Tensor.arange(0, 1, 0, DType.FLOAT32), "arange", "step=0.0");
    }

    @Test
    void linspaceIncludesBothEnds() {
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1}, Tensor.linspace(0, 1, 5).toFloatArray());
        assertArrayEquals(new float[] {3}, Tensor.linspace(3, 7, 1).toFloatArray());
        assertEquals(0, Tensor.linspace(0, 1, 0).numel());
        assertRejects(() -> Tensor.linspace(0, 1, -1), "linspace", "-1");
    }

    @Test
    void eyeHasOnesOnTheDiagonalOfAnyRectangle() {
        assertArrayEquals(new int[] {1, 0, 0, 0, 1, 0}, Tensor.eye(2, 3, DType.INT32).toIntArray());
        assertArrayEquals(new float[] {1, 0, 0, 1}, Tensor.eye(2).toFloatArray());
        assertRejects(() -> Tensor.eye(-1, 2, DType.FLOAT32), "eye", "negative");
    }

    @Test
    void randomFactoriesAreReproducibleFromTheirSeed() {
        assertArrayEquals(Tensor.randn(new Rng(7), 5).toFloatArray(), Tensor.randn(new Rng(7), 5).toFloatArray());
        assertArrayEquals(Tensor.rand(new Rng(7), 5).toFloatArray(), Tensor.rand(new Rng(7), 5).toFloatArray());
        assertFalse(Arrays.equals(Tensor.rand(new Rng(7), 5).toFloatArray(), Tensor.rand(new Rng(8), 5).toFloatArray()));
    }

    /**
     * randn is the generator's stream of normals, in order, however it is computed (larger tensors transform their
     * uniform draws on the pool): the same values as nextGaussian called once per element, on any thread count, and
     * the generator is left where that loop would leave it.
     */
    @Test
    void randnIsTheStreamOfNextGaussianOnAnyThreadCount() {
        int original = Threads.getNumThreads();
        try {
            for (int threads : new int[] {1, 3}) {
                Threads.setNumThreads(threads);
                for (int n : new int[] {1, 5, 5000, 150_001}) { // the last spans three batches of uniform draws
                    Rng a = new Rng(11), b = new Rng(11);
                    double[] expected = new double[n];
                    for (int i = 0; i < n; i++) {
                        expected[i] = b.nextGaussian();
                    }
                    assertArrayEquals(expected, Tensor.randn(a, DType.FLOAT64, n).toDoubleArray(), "n=" + n);
                    assertEquals(b.nextLong(), a.nextLong(), "the stream continues where the loop would");
                    float[] single = new float[n];
                    Rng c = new Rng(12), d = new Rng(12);
                    for (int i = 0; i < n; i++) {
                        single[i] = (float) d.nextGaussian();
                    }
                    assertArrayEquals(single, Tensor.randn(c, n).toFloatArray(), "float32, n=" + n);
                }
            }
        } finally {
            Threads.setNumThreads(original);
        }
    }

    @Test
    void randStaysInTheUnitIntervalAndRandintInItsRange() {
        for (double v : Tensor.rand(new Rng(1), DType.FLOAT64, 1000).toDoubleArray()) {
            assertTrue(v >= 0 && v < 1, "rand gave " + v);
        }
        int[] ints = Tensor.randint(new Rng(1), -2, 3, 1000).toIntArray();
        for (int v : ints) {
            assertTrue(v >= -2 && v < 3, "randint gave " + v);
        }
        assertTrue(Arrays.stream(ints).anyMatch(v -> v == -2) && Arrays.stream(ints).anyMatch(v -> v == 2));
        assertRejects(() -> Tensor.randint(new Rng(1), 3, 3, 2), "randint", "low=3", "high=3");
    }

    @Test
    void randnHasRoughlyZeroMeanAndUnitVariance() {
        double[] v = Tensor.randn(new Rng(3), DType.FLOAT64, 20000).toDoubleArray();
        double mean = Arrays.stream(v).average().orElseThrow();
        double var = Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length;
        assertEquals(0, mean, 0.05);
        assertEquals(1, var, 0.05);
    }

    @Test
    void randomFactoriesRejectInt32() {
        assertRejects(() -> Tensor.rand(new Rng(1), DType.INT32, 2), "rand", "floating", "INT32");
        assertRejects(() -> Tensor.randn(new Rng(1), DType.INT32, 2), "randn", "floating");
    }

    @Test
    void likeFactoriesCopyShapeAndDtype() {
        Tensor t = Tensor.zeros(DType.FLOAT64, 2, 3);
        assertShape(new int[] {2, 3}, Tensor.onesLike(t));
        assertEquals(DType.FLOAT64, Tensor.fullLike(t, 4).dtype());
        assertValues(new double[] {4, 4, 4, 4, 4, 4}, Tensor.fullLike(t, 4));
        assertEquals(DType.FLOAT64, Tensor.randLike(new Rng(1), t).dtype());
        assertEquals(DType.FLOAT64, Tensor.randnLike(new Rng(1), t).dtype());
        assertNotSame(t, Tensor.zerosLike(t));
    }

    @Test
    void readingBackConvertsBetweenDtypes() {
        Tensor t = Tensor.of(new double[] {1.7, -1.7}, 2);
        assertArrayEquals(new int[] {1, -1}, t.toIntArray());
        assertArrayEquals(new float[] {1.7f, -1.7f}, t.toFloatArray());
        assertEquals(2, Tensor.of(new int[] {1, 2}, 2).getInt(1));
        assertRejects(() -> t.getInt(0), "getInt", "FLOAT64");
    }

    @Test
    void elementAccessChecksRankAndRange() {
        Tensor t = Tensor.zeros(2, 3);
        assertRejects(() -> t.get(0), "get", "1 indices", "rank 2");
        assertRejects(() -> t.get(0, 3), "get", "index 3", "size 3");
        assertRejects(() -> t.get(-3, 0), "get", "index -3");
    }

    @Test
    void sizeCountsNegativeDimsFromTheEnd() {
        Tensor t = Tensor.zeros(2, 3, 4);
        assertEquals(4, t.size(-1));
        assertEquals(2, t.size(0));
        assertRejects(() -> t.size(3), "size", "dimension 3");
    }
}

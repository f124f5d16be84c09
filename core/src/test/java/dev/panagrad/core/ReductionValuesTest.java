package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import dev.panagrad.core.check.TensorGen;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Forward values of the reductions against a naive oracle that walks every element, over random
 * shapes (rank 0–4, size-0 and size-1 dims) and random dim sets — so the coalescing of dims into
 * [outer, r, inner] kernel passes is checked for every pattern of reduced and kept dims — plus
 * shapes, empty inputs, INT32 extremes and error messages.
 */
class ReductionValuesTest {

    /** A random tensor (FLOAT64 values on [−2, 2]) and a random set of its dims. */
    record Case(Tensor x, int[] dims) {
        @Override
        public String toString() {
            return Arrays.toString(x.shape()) + " over " + Arrays.toString(dims);
        }
    }

    static final Gen<Case> CASES = TensorGen.shapes(0, 4, 0, 4).flatMap(shape -> s -> {
        double[] v = new double[Shapes.numel(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = Gen.doubles(-2, 2).generate(s);
        }
        List<Integer> dims = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (s.draw(1) == 1) {
                dims.add(s.draw(1) == 1 ? d - shape.length : d);
            }
        }
        return new Case(Tensor.of(v, shape), dims.stream().mapToInt(Integer::intValue).toArray());
    });

    /** The slices of x over dims, each in row-major order, in the row-major order of the result. */
    static List<double[]> slices(Tensor x, int[] dims) {
        int[] shape = x.shape();
        boolean[] reduced = Reductions.reducedDims("oracle", shape.length, dims);
        int[] kept = Reductions.keptShape(shape, reduced);
        List<List<Double>> groups = new ArrayList<>();
        for (int o = 0; o < Shapes.numel(kept); o++) {
            groups.add(new ArrayList<>());
        }
        int[] strides = Shapes.strides(kept);
        for (int i = 0; i < x.numel(); i++) {
            int rest = i, out = 0;
            for (int d = shape.length - 1; d >= 0; d--) {
                int coord = rest % shape[d];
                rest /= shape[d];
                out += reduced[d] ? 0 : coord * strides[d];
            }
            groups.get(out).add(x.toDoubleArray()[i]);
        }
        return groups.stream().map(g -> g.stream().mapToDouble(Double::doubleValue).toArray()).toList();
    }

    /** Whether a reduced dim has size 0 (extremes reject that; mean and var return NaN). */
    static boolean emptyDimReduced(Case c) {
        for (int d : c.dims()) {
            if (c.x().size(d) == 0) {
                return true;
            }
        }
        return false;
    }

    static void assertMatchesOracle(String op, BiFunction<Tensor, int[], Tensor> f, ToDoubleFunction<double[]> oracle,
            boolean skipEmpty) {
        Property.forAll(CASES, 300, c -> {
            List<double[]> slices = slices(c.x(), c.dims());
            if (skipEmpty && emptyDimReduced(c)) {
                return;
            }
            double[] want = slices.stream().mapToDouble(oracle).toArray();
            Tensor z64 = f.apply(c.x(), c.dims());
            Tensor z32 = f.apply(c.x().to(DType.FLOAT32), c.dims());
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], z64.toDoubleArray()[i], 1e-12 * (1 + Math.abs(want[i])), op + " f64 at " + i + " for " + c);
                assertEquals(want[i], z32.toDoubleArray()[i], 1e-5 * (1 + Math.abs(want[i])), op + " f32 at " + i + " for " + c);
            }
        });
    }

    /**
     * A float32 sum of a million elements or more is split across the pool block by block: the blocks are the
     * kernel's own, added in the same order, so the result is the kernel's sum of the whole run and the same for
     * every thread count; rows of a sum over the last dim likewise.
     */
    @Test
    void largeSumsDoNotDependOnTheThreadCount() {
        Tensor x = Tensor.randn(new Rng(17), 2, 700, 1000).add(0.25);
        float[] flat = x.toFloatArray();
        int original = Threads.getNumThreads();
        try {
            Threads.setNumThreads(1);
            float whole = (float) x.sum().item();
            float[] rows = x.reshape(2, 700_000).sum(new int[] {1}, false).toFloatArray();
            Threads.setNumThreads(3);
            assertEquals(whole, (float) x.sum().item());
            assertArrayEquals(rows, x.reshape(2, 700_000).sum(new int[] {1}, false).toFloatArray());
            float kernel = (float) dev.panagrad.core.kernels.ReductionKernels.INSTANCE.sum(flat, 0, flat.length);
            assertEquals(kernel, whole, Math.abs(kernel) * 1e-6, "the kernel's sum of the whole run");
            double exact = 0;
            for (float v : flat) {
                exact += v;
            }
            assertEquals(exact, whole, Math.abs(exact) * 1e-6);
        } finally {
            Threads.setNumThreads(original);
        }
    }

    @Test
    void sumMatchesTheOracleOverAnyDims() {
        assertMatchesOracle("sum", (x, d) -> x.sum(d, false), s -> Arrays.stream(s).sum(), false);
    }

    @Test
    void meanMatchesTheOracleOverAnyDims() {
        assertMatchesOracle("mean", (x, d) -> x.mean(d, true), s -> Arrays.stream(s).sum() / s.length, true);
    }

    @Test
    void prodMatchesTheOracleOverAnyDims() {
        assertMatchesOracle("prod", (x, d) -> x.prod(d, false), s -> Arrays.stream(s).reduce(1, (a, b) -> a * b), false);
    }

    @Test
    void amaxAndAminMatchTheOracleOverAnyDims() {
        assertMatchesOracle("amax", (x, d) -> x.amax(d, false), s -> Arrays.stream(s).max().orElseThrow(), true);
        assertMatchesOracle("amin", (x, d) -> x.amin(d, true), s -> Arrays.stream(s).min().orElseThrow(), true);
    }

    @Test
    void varAndStdMatchTheOracleOverAnyDims() {
        ToDoubleFunction<double[]> var0 = s -> {
            double m = Arrays.stream(s).sum() / s.length;
            return Arrays.stream(s).map(v -> (v - m) * (v - m)).sum() / s.length;
        };
        assertMatchesOracle("var", (x, d) -> x.var(d, 0, false), var0, true);
        assertMatchesOracle("std", (x, d) -> x.std(d, 0, true), s -> Math.sqrt(var0.applyAsDouble(s)), true);
    }

    @Test
    void logsumexpMatchesTheOracleOverAnyDims() {
        assertMatchesOracle("logsumexp", (x, d) -> x.logsumexp(d, false),
                s -> Math.log(Arrays.stream(s).map(Math::exp).sum()), false);
    }

    @Test
    void normsMatchTheOracleOverAnyDims() {
        assertMatchesOracle("norm1", (x, d) -> x.norm(1, d, false), s -> Arrays.stream(s).map(Math::abs).sum(), false);
        assertMatchesOracle("norm2", (x, d) -> x.norm(2, d, true), s -> Math.sqrt(Arrays.stream(s).map(v -> v * v).sum()), false);
        assertMatchesOracle("normInf", (x, d) -> x.norm(Double.POSITIVE_INFINITY, d, false),
                s -> Arrays.stream(s).map(Math::abs).max().orElseThrow(), true);
    }

    @Test
    void keepDimKeepsReducedDimsAsSizeOneAndNegativeDimsCountFromTheEnd() {
        Tensor x = Tensor.zeros(2, 3, 4, 5);
        assertArrayEquals(new int[] {2, 1, 4, 1}, x.sum(new int[] {1, -1}, true).shape());
        assertArrayEquals(new int[] {2, 4}, x.mean(new int[] {-1, 1}, false).shape());
        assertArrayEquals(new int[] {}, x.sum().shape());
        assertArrayEquals(new int[] {2, 3, 4}, x.max(3, false).indices().shape());
        assertArrayEquals(new int[] {1, 3, 4, 5}, x.argmax(0, true).shape());
        assertArrayEquals(new int[] {2, 3, 4, 5}, x.sum(new int[0], false).shape());
    }

    @Test
    void reducingEmptyTensorsGivesTheIdentityOfEachOp() {
        Tensor x = Tensor.zeros(0, 3);
        assertEquals(0, x.sum().item());
        assertEquals(1, x.prod().item());
        assertTrue(Double.isNaN(x.mean().item()));
        assertEquals(Double.NEGATIVE_INFINITY, x.logsumexp().item());
        assertEquals(0, x.norm().item());
        assertArrayEquals(new float[] {0, 0, 0}, x.sum(0, false).toFloatArray());
        assertArrayEquals(new int[] {0}, x.amax(new int[] {1}, false).shape());
    }

    @Test
    void extremesOfInt32TensorsAreExactAndStayInt32() {
        Tensor x = Tensor.of(new int[] {5, 2_000_000_001, -7, 2_000_000_001, 3, -9}, 2, 3);
        assertEquals(DType.INT32, x.max().dtype());
        assertEquals(2_000_000_001, x.max().getInt());
        assertEquals(-9, x.min().getInt());
        assertArrayEquals(new int[] {2_000_000_001, 2_000_000_001}, x.amax(new int[] {1}, false).toIntArray());
        assertArrayEquals(new int[] {1, 0}, x.max(1, false).indices().toIntArray());
        assertEquals(1, x.argmax().getInt());
        assertEquals(5, x.argmin().getInt());
    }

    @Test
    void indicesPointAtTheFirstOccurrenceOfTheExtreme() {
        Tensor x = Tensor.of(new float[] {1, 4, 4, 0, 4, 0, 2, 0}, 2, 4);
        assertArrayEquals(new int[] {1, 0}, x.argmax(1, false).toIntArray());
        assertArrayEquals(new int[] {3, 1}, x.argmin(1, false).toIntArray());
        assertArrayEquals(new int[] {1, 0, 0, 0}, x.argmax(0, false).toIntArray());
        assertEquals(1, x.argmax().getInt());
        assertEquals(3, x.argmin().getInt());
    }

    @Test
    void nanPropagatesThroughMaxAndIsItsIndex() {
        Tensor x = Tensor.of(new float[] {1, Float.NaN, 5, Float.NaN}, 4);
        assertTrue(Double.isNaN(x.max().item()));
        assertTrue(Double.isNaN(x.min().item()));
        assertEquals(1, x.argmax().getInt());
    }

    @Test
    void varianceUsesBesselsCorrectionByDefault() {
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4}, 4);
        assertEquals(5.0 / 3, x.var().item(), 1e-15);
        assertEquals(1.25, x.var(new int[] {0}, 0, false).item(), 1e-15);
        assertEquals(Math.sqrt(5.0 / 3), x.std().item(), 1e-15);
        assertTrue(Double.isNaN(Tensor.of(new double[] {3}, 1).var().item()));
    }

    @Test
    void errorsNameTheOpTheDimAndTheShape() {
        Tensor x = Tensor.zeros(2, 3);
        assertEquals("sum: dimension 2 is out of range for a tensor of rank 2 (expected in [-2, 1])",
                assertThrows(IllegalArgumentException.class, () -> x.sum(2, false)).getMessage());
        assertEquals("mean: dimension -1 appears more than once in [1, -1]",
                assertThrows(IllegalArgumentException.class, () -> x.mean(new int[] {1, -1}, false)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(DType.INT32, 2).prod()).getMessage()
                .startsWith("prod: expected a floating-point tensor, got INT32 of shape [2]"));
        assertEquals("norm: p must be 1, 2 or infinity, got 3.0 for a tensor of shape [2, 3]",
                assertThrows(IllegalArgumentException.class, () -> x.norm(3)).getMessage());
        assertEquals("amax: cannot reduce dimension 0 of size 0 of a tensor of shape [0, 3]: an empty slice has no maximum",
                assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0, 3).amax(new int[] {0}, false)).getMessage());
        assertEquals("argmin: cannot reduce dimension 0 of size 0 of a tensor of shape [0]: an empty slice has no minimum",
                assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(0).argmin()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> x.softmax(-3));
    }

    @Test
    void reductionsNeverModifyTheirInputAndReturnANewTensor() {
        Tensor x = Tensor.of(new float[] {3, -1, 2, 5, 0, 4}, 2, 3);
        float[] before = x.toFloatArray();
        List<Tensor> results = List.of(x.sum(new int[0], true), x.prod(new int[0], true), x.amax(new int[0], true),
                x.softmax(1), x.logSoftmax(0), x.var(), x.norm(1), x.logsumexp(1, true));
        assertArrayEquals(before, x.toFloatArray());
        for (Tensor z : results) {
            assertTrue(z != x);
        }
    }

    @Test
    void sumCountsInt32MasksExactlyAndRefusesToOverflow() {
        Tensor predictions = Tensor.of(new int[] {3, 1, 4, 1, 5}, 5);
        Tensor labels = Tensor.of(new int[] {3, 1, 0, 1, 2}, 5);
        Tensor correct = predictions.eq(labels).sum();
        assertEquals(DType.INT32, correct.dtype());
        assertEquals(3, correct.getInt());
        Tensor big = Tensor.full(Integer.MAX_VALUE, DType.INT32, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, big::sum);
        assertTrue(e.getMessage().startsWith("sum: the INT32 sum 4294967294"), e.getMessage());
    }
}

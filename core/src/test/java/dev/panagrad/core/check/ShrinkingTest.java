package dev.panagrad.core.check;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.CustomOp;
import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Integrated shrinking finds minimal counterexamples for planted bugs. */
class ShrinkingTest {
    private static final Property.Settings SETTINGS = Property.Settings.defaults().withSeed(11).withTries(200);

    private static PropertyFailure failureOf(Runnable run) {
        return assertThrows(PropertyFailure.class, run::run);
    }

    @Test
    void aListWithAnElementOfTenOrMoreShrinksToTheListTen() {
        PropertyFailure f = failureOf(() -> SETTINGS.forAll(Gen.listOf(Gen.integers(0, 100), 0, 20),
                list -> assertTrue(list.stream().allMatch(i -> i < 10), "all below 10")));
        assertEquals(List.of(10), f.shrunk());
        assertTrue(f.shrinkSteps() > 0);
    }

    @Test
    void integersInARangeAroundZeroShrinkByMagnitude() {
        PropertyFailure f = failureOf(() -> SETTINGS.forAll(Gen.integers(-1000, 1000), i -> assertTrue(Math.abs(i) < 37)));
        assertEquals(37, f.shrunk());
    }

    @Test
    void negativeIntegersShrinkTowardTheValueNearestZero() {
        PropertyFailure f = failureOf(() -> SETTINGS.forAll(Gen.integers(-1000, -5), i -> assertTrue(i > -100)));
        assertEquals(-100, f.shrunk());
    }

    @Test
    void doublesShrinkToTheSmallestFailingInteger() {
        PropertyFailure f = failureOf(() -> SETTINGS.forAll(Gen.doubles(-50, 50), x -> assertTrue(x < 2.5)));
        assertEquals(3.0, f.shrunk());
    }

    @Test
    void doublesShrinkToZeroWhenAnyValueFails() {
        PropertyFailure f = failureOf(() -> SETTINGS.forAll(Gen.doubles(-3, 7), x -> {
            throw new IllegalStateException("always");
        }));
        assertEquals(0.0, f.shrunk());
    }

    @Test
    void doublesInAPositiveRangeShrinkToItsLowEnd() {
        PropertyFailure f = failureOf(() -> SETTINGS.forAll(Gen.doubles(0.25, 7), x -> assertTrue(x > 100)));
        assertEquals(0.25, f.shrunk());
    }

    @Test
    void aPairShrinksBothComponents() {
        PropertyFailure f = failureOf(() -> SETTINGS.forAll(Gen.integers(0, 100), Gen.integers(0, 100),
                (a, b) -> assertTrue(a + b < 50)));
        Gen.Pair<?, ?> shrunk = assertInstanceOf(Gen.Pair.class, f.shrunk());
        assertEquals(50, (Integer) shrunk.first() + (Integer) shrunk.second());
        assertEquals(0, shrunk.first(), "the first component is made as simple as possible first");
    }

    @Test
    void shapesShrinkTowardLowRankAndSmallDimensions() {
        PropertyFailure f = failureOf(() -> SETTINGS.forAll(TensorGen.shapes(0, 4, 1, 6),
                shape -> assertTrue(Arrays.stream(shape).sum() < 5)));
        int[] shrunk = (int[]) f.shrunk();
        assertEquals(5, Arrays.stream(shrunk).sum());
        assertEquals(1, shrunk.length, "one dimension is the simplest shape with 5 summed elements");
    }

    /** y = x², whose rule is wrong (adds g) exactly when some dimension of x has size 1. */
    private static Tensor squareWrongWhenADimIsOne(Tensor x) {
        boolean hasOne = Arrays.stream(x.shape()).anyMatch(d -> d == 1);
        return CustomOp.apply("squareWrongOnDim1", () -> x.mul(x), (g, grads) -> {
            Tensor right = g.mul(x).mul(2);
            grads.add(x, hasOne ? right.add(g) : right);
        }, x);
    }

    @Test
    void aGradientBugOnSizeOneDimsShrinksToShapeOneWithTheSimplestValue() {
        Gen<Tensor> xs = TensorGen.tensors(TensorGen.shapes(0, 4, 1, 4), Domain.REAL, DType.FLOAT64);
        PropertyFailure f = failureOf(() -> SETTINGS.forAll(xs,
                x -> GradCheck.gradcheck(in -> squareWrongWhenADimIsOne(in.get(0)), List.of(x))));
        Tensor shrunk = (Tensor) f.shrunk();
        assertArrayEquals(new int[] {1}, shrunk.shape());
        assertEquals(0.0, shrunk.item());
        assertInstanceOf(GradCheckFailure.class, f.getCause());
        assertTrue(f.getMessage().contains("shrunk counterexample"), f.getMessage());
    }

    @Test
    void theShrunkCaseOfABroadcastBugStillBroadcasts() {
        Gen<int[][]> pairs = TensorGen.broadcastShapes(4, 4);
        PropertyFailure f = failureOf(() -> SETTINGS.forAll(pairs, p -> assertTrue(p[0].length == p[1].length)));
        int[][] shrunk = (int[][]) f.shrunk();
        assertEquals(1, Math.abs(shrunk[0].length - shrunk[1].length), "ranks differ by the least possible");
        assertEquals(1, Math.max(shrunk[0].length, shrunk[1].length));
    }

    @Test
    void shortlexOrderPrefersShorterThenLexicographicallySmaller() {
        assertTrue(Shrinker.shortlexLess(new long[] {9}, new long[] {0, 0}));
        assertTrue(Shrinker.shortlexLess(new long[] {1, 2}, new long[] {1, 3}));
        assertTrue(!Shrinker.shortlexLess(new long[] {1, 3}, new long[] {1, 3}));
    }

    @Test
    void aZeroBudgetReportsTheOriginalCounterexample() {
        PropertyFailure f = failureOf(() -> SETTINGS.withoutShrinking().forAll(Gen.integers(0, 1000), i -> assertTrue(i < 10)));
        assertEquals(f.original(), f.shrunk());
        assertEquals(0, f.shrinkSteps());
    }
}

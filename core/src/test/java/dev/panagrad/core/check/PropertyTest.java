package dev.panagrad.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The property runner: tries, seeds and replay, failure reports, filters that give up. */
class PropertyTest {
    private static final Gen<List<Integer>> LISTS = Gen.listOf(Gen.integers(0, 100), 0, 10);

    private static void sumBelow150(List<Integer> list) {
        assertTrue(list.stream().mapToInt(Integer::intValue).sum() < 150, "sum below 150");
    }

    @Test
    void aHoldingPropertyRunsEveryTry() {
        AtomicInteger runs = new AtomicInteger();
        Property.forAll(Gen.integers(0, 9), 37, i -> runs.incrementAndGet());
        assertEquals(37, runs.get());
    }

    @Test
    void theSameSeedReplaysTheSameFailure() {
        Property.Settings settings = Property.Settings.defaults().withSeed(4242);
        PropertyFailure first = assertThrows(PropertyFailure.class, () -> settings.forAll(LISTS, PropertyTest::sumBelow150));
        PropertyFailure again = assertThrows(PropertyFailure.class,
                () -> Property.Settings.defaults().withSeed(first.seed()).forAll(LISTS, PropertyTest::sumBelow150));
        assertEquals(4242, first.seed());
        assertEquals(first.tryNumber(), again.tryNumber());
        assertEquals(first.original(), again.original());
        assertEquals(first.shrunk(), again.shrunk());
        assertEquals(first.getMessage(), again.getMessage());
    }

    @Test
    void theSeedSystemPropertyReplaysAReportedFailure() {
        String before = System.getProperty("panagrad.seed");
        try {
            System.setProperty("panagrad.seed", "977");
            PropertyFailure viaProperty = assertThrows(PropertyFailure.class,
                    () -> Property.forAll(LISTS, 100, PropertyTest::sumBelow150));
            PropertyFailure viaSettings = assertThrows(PropertyFailure.class,
                    () -> Property.Settings.defaults().withSeed(977).forAll(LISTS, PropertyTest::sumBelow150));
            assertEquals(977, viaProperty.seed());
            assertTrue(viaProperty.getMessage().contains("-Dpanagrad.seed=977"), viaProperty.getMessage());
            assertEquals(viaSettings.original(), viaProperty.original());
        } finally {
            if (before == null) {
                System.clearProperty("panagrad.seed");
            } else {
                System.setProperty("panagrad.seed", before);
            }
        }
    }

    @Test
    void differentSeedsDrawDifferentValues() {
        List<Integer> a = new ArrayList<>();
        List<Integer> b = new ArrayList<>();
        Property.forAll(1, Gen.integers(0, 1_000_000), 20, a::add);
        Property.forAll(2, Gen.integers(0, 1_000_000), 20, b::add);
        assertTrue(!a.equals(b));
    }

    @Test
    void theFailureReportsSeedTryOriginalShrunkStepsAndTheShrunkCause() {
        PropertyFailure f = assertThrows(PropertyFailure.class,
                () -> Property.Settings.defaults().withSeed(5).forAll(LISTS, PropertyTest::sumBelow150));
        String m = f.getMessage();
        assertTrue(m.contains("with seed 5"), m);
        assertTrue(m.contains("on try " + f.tryNumber() + " of 100"), m);
        assertTrue(m.contains("original counterexample: " + Describe.value(f.original())), m);
        assertTrue(m.contains("shrunk counterexample (" + f.shrinkSteps() + " shrink steps"), m);
        assertTrue(m.contains(Describe.value(f.shrunk())), m);
        assertEquals("sum below 150 ==> expected: <true> but was: <false>", f.getCause().getMessage());
        @SuppressWarnings("unchecked")
        List<Integer> shrunk = (List<Integer>) f.shrunk();
        assertEquals(150, shrunk.stream().mapToInt(Integer::intValue).sum(), "shrunk to the boundary");
    }

    @Test
    void aFilterThatRejectsEverythingGivesUpWithAClearMessage() {
        Gen<Integer> impossible = Gen.integers(0, 100).filter(i -> i > 1000);
        Gen.Unsatisfiable e = assertThrows(Gen.Unsatisfiable.class, () -> Property.forAll(impossible, 10, i -> {}));
        assertTrue(e.getMessage().contains("100 consecutive values were rejected by the predicate"), e.getMessage());
        assertTrue(e.getMessage().contains("on try 1 of 10"), e.getMessage());
        assertTrue(e.getMessage().contains("generate valid values directly"), e.getMessage());
    }

    @Test
    void aFilterKeepsOnlyAcceptedValues() {
        Property.forAll(Gen.integers(0, 100).filter(i -> i % 2 == 0), 200, i -> assertEquals(0, i % 2));
    }

    @Test
    void threeArgumentPropertiesSeeIndependentValues() {
        PropertyFailure f = assertThrows(PropertyFailure.class, () -> Property.forAll(Gen.integers(0, 9), Gen.integers(0, 9),
                Gen.booleans(), 200, (a, b, c) -> assertTrue(!(c && a > b))));
        assertEquals(new Gen.Triple<>(1, 0, true), f.shrunk());
    }

    @Test
    void shrinkingStopsWithinItsEvaluationBudget() {
        AtomicInteger runs = new AtomicInteger();
        Property.Settings tight = Property.Settings.defaults().withSeed(3).withShrinkBudget(5, Duration.ofSeconds(10));
        assertThrows(PropertyFailure.class, () -> tight.forAll(Gen.listOf(Gen.integers(0, 1000), 5, 50), list -> {
            runs.incrementAndGet();
            throw new IllegalStateException("always fails");
        }));
        assertEquals(1 + 5, runs.get(), "the failing try and at most 5 shrink evaluations");
    }

    @Test
    void settingsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Property.Settings.defaults().withTries(0));
        assertThrows(IllegalArgumentException.class,
                () -> Property.Settings.defaults().withShrinkBudget(-1, Duration.ofSeconds(1)));
    }
}

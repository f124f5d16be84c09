package dev.panagrad.core.ops;

import java.util.ArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The op table: every family's rows, in one list that all op tests iterate. */
final class OpSpecs {
    private OpSpecs() {}

    static final List<OpSpec> ALL = collect(
            CoreSpecs.ROWS,
            ElementwiseSpecs.ROWS,
            LinearAlgebraSpecs.ROWS,
            NeuralSpecs.ROWS,
            RecurrentSpecs.ROWS,
            ReductionSpecs.ROWS,
            ShapeSpecs.ROWS);

    /**
     * One dynamic test per row matching {@code which}, named after the op; a failure's message starts
     * with the op's name, so reports that show only an index still say which op failed.
     */
    static Stream<DynamicTest> tests(Predicate<OpSpec> which, Consumer<OpSpec> test) {
        return ALL.stream().filter(which).map(spec -> DynamicTest.dynamicTest(spec.name(), () -> {
            try {
                test.accept(spec);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(spec.name() + ": " + e.getMessage(), e);
            }
        }));
    }

    @SafeVarargs
    private static List<OpSpec> collect(List<OpSpec>... families) {
        List<OpSpec> all = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (List<OpSpec> family : families) {
            for (OpSpec spec : family) {
                if (!names.add(spec.name())) {
                    throw new IllegalStateException("op table: duplicate row " + spec.name());
                }
                all.add(spec);
            }
        }
        return List.copyOf(all);
    }
}

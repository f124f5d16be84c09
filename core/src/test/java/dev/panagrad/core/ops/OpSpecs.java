package dev.panagrad.core.ops;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The op table: every family's rows, in one list that all op tests iterate. */
final class OpSpecs {
    private OpSpecs() {}

    static final List<OpSpec> ALL = collect(
            CoreSpecs.ROWS,
            LinearAlgebraSpecs.ROWS);

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

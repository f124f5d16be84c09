package dev.panagrad.nn.modules;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The module table: every row of every layer family. */
public final class ModuleSpecs {
    private ModuleSpecs() {}

    /** Every row. */
    public static final List<ModuleSpec> ALL = collect(BasicSpecs.ROWS, ConvSpecs.ROWS, NormSpecs.ROWS, RnnSpecs.ROWS);

    @SafeVarargs
    private static List<ModuleSpec> collect(List<ModuleSpec>... families) {
        List<ModuleSpec> all = new ArrayList<>();
        for (List<ModuleSpec> f : families) {
            all.addAll(f);
        }
        long distinct = all.stream().map(ModuleSpec::name).distinct().count();
        if (distinct != all.size()) {
            throw new IllegalStateException("module table: duplicate row names");
        }
        return List.copyOf(all);
    }

    /** The rows as a stream, for {@code @MethodSource}. */
    public static Stream<ModuleSpec> rows() {
        return ALL.stream();
    }
}

package dev.panagrad.core.check;

import dev.panagrad.core.Tensor;
import java.util.Arrays;
import java.util.Collection;
import java.util.stream.Collectors;

/** Readable descriptions of generated values for failure messages. */
final class Describe {
    private Describe() {}

    static String value(Object v) {
        return switch (v) {
            case null -> "null";
            case int[] a -> Arrays.toString(a);
            case int[][] a -> Arrays.deepToString(a);
            case double[] a -> Arrays.toString(a);
            case Object[] a -> Arrays.stream(a).map(Describe::value).collect(Collectors.joining(", ", "[", "]"));
            case Collection<?> c -> c.stream().map(Describe::value).collect(Collectors.joining(", ", "[", "]"));
            case Tensor t -> t.toString();
            default -> String.valueOf(v);
        };
    }
}

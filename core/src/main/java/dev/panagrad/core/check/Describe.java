package dev.panagrad.core.check;

import dev.panagrad.core.Tensor;
import java.lang.reflect.RecordComponent;
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
            case long[] a -> Arrays.toString(a);
            case float[] a -> Arrays.toString(a);
            case double[] a -> Arrays.toString(a);
            case boolean[] a -> Arrays.toString(a);
            case Object[] a -> Arrays.stream(a).map(Describe::value).collect(Collectors.joining(", ", "[", "]"));
            case Collection<?> c -> c.stream().map(Describe::value).collect(Collectors.joining(", ", "[", "]"));
            case Tensor t -> t.toString();
            case Gen.Pair<?, ?> p -> p.toString();
            case Gen.Triple<?, ?, ?> t -> t.toString();
            case Record r -> record(r);
            default -> String.valueOf(v);
        };
    }

    /** {@code Name[a=…, b=…]} with each component described, or the record's own toString if unreadable. */
    private static String record(Record r) {
        StringBuilder sb = new StringBuilder(r.getClass().getSimpleName()).append('[');
        RecordComponent[] components = r.getClass().getRecordComponents();
        try {
            for (int i = 0; i < components.length; i++) {
                sb.append(i > 0 ? ", " : "").append(components[i].getName()).append('=')
                        .append(value(components[i].getAccessor().invoke(r)));
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            return r.toString(); // a record this module may not read (e.g. a private nested one)
        }
        return sb.append(']').toString();
    }
}

package dev.panagrad.core.ops;

import static dev.panagrad.core.ops.OpSpec.op;

import java.util.List;

/** Op-table rows for the first ops of each family; the families' own tables extend it. */
final class CoreSpecs {
    private CoreSpecs() {}

    static final List<OpSpec> ROWS = List.of(
            op("sum", in -> in.get(0).sum()).build(),
            op("reshape", in -> in.get(0).reshape(-1)).build(),
            op("expand", in -> in.get(0).expand(prepend(2, in.get(0).shape()))).build());

    /** {@code [n, shape...]}. */
    static int[] prepend(int n, int[] shape) {
        int[] out = new int[shape.length + 1];
        out[0] = n;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }
}

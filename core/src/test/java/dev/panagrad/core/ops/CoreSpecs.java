package dev.panagrad.core.ops;

import static dev.panagrad.core.ops.OpSpec.op;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Domain;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.TensorGen;
import java.util.List;

/** Op-table rows for the broadcasting machinery every family's gradients rely on. */
final class CoreSpecs {
    private CoreSpecs() {}

    static final List<OpSpec> ROWS = List.of(
            op("sumTo", in -> in.get(0).sumTo(in.get(1).toIntArray())).inputs(sumToInputs())
                    .invalid(Gen.integers(2, 4).map(n -> List.of(Tensor.zeros(DType.FLOAT64, n), Tensor.of(new int[] {n + 1}, 1))))
                    .build());

    /** A tensor of a broadcast shape and (as INT32 data) a shape that broadcasts to it. */
    static Gen<List<Tensor>> sumToInputs() {
        return TensorGen.broadcastShapes(3, 4).flatMap(p -> {
            int[] full = broadcast(p[0], p[1]);
            return TensorGen.tensors(full, Domain.REAL, DType.FLOAT64)
                    .map(x -> List.of(x, Tensor.of(p[0].clone(), p[0].length)));
        });
    }

    /** NumPy broadcast of two compatible shapes. */
    static int[] broadcast(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            out[i] = Math.max(da, db);
        }
        return out;
    }
}

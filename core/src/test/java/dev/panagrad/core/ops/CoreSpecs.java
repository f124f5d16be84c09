package dev.panagrad.core.ops;

import static dev.panagrad.core.ops.OpSpec.binaryInputs;
import static dev.panagrad.core.ops.OpSpec.nonBroadcastable;
import static dev.panagrad.core.ops.OpSpec.op;
import static dev.panagrad.core.ops.OpSpec.unaryInputs;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Domain;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.TensorGen;
import java.util.List;

/** Op-table rows for the first ops of each family; the families' own tables extend it. */
final class CoreSpecs {
    private CoreSpecs() {}

    static final List<OpSpec> ROWS = List.of(
            op("add", in -> in.get(0).add(in.get(1))).inputs(binaryInputs(Domain.REAL, Domain.REAL))
                    .invalid(nonBroadcastable()).build(),
            op("sub", in -> in.get(0).sub(in.get(1))).inputs(binaryInputs(Domain.REAL, Domain.REAL))
                    .invalid(nonBroadcastable()).build(),
            op("mul", in -> in.get(0).mul(in.get(1))).inputs(binaryInputs(Domain.REAL, Domain.REAL))
                    .invalid(nonBroadcastable()).build(),
            op("div", in -> in.get(0).div(in.get(1)))
                    .inputs(binaryInputs(Domain.REAL, Domain.bounded(-2, 2).awayFrom(0.5, 0)))
                    .invalid(nonBroadcastable()).build(),
            op("neg", in -> in.get(0).neg()).build(),
            op("exp", in -> in.get(0).exp()).build(),
            op("log", in -> in.get(0).log()).inputs(unaryInputs(Domain.positive(0.1, 3))).build(),
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

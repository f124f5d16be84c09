package dev.panagrad.core.ops;

import static dev.panagrad.core.ops.OpSpec.binaryInputs;
import static dev.panagrad.core.ops.OpSpec.nonBroadcastable;
import static dev.panagrad.core.ops.OpSpec.op;
import static dev.panagrad.core.ops.OpSpec.unaryInputs;

import dev.panagrad.core.check.Domain;
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
            op("sum", in -> in.get(0).sum()).build());
}

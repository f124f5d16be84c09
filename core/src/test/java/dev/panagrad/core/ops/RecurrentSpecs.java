package dev.panagrad.core.ops;

import static dev.panagrad.core.ops.ConvCases.real;
import static dev.panagrad.core.ops.OpSpec.op;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Gen;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Op-table rows for the fused recurrent-cell gate ops. Their rules have two paths: a fused kernel when
 * nothing records the reverse pass, composed Tensor ops when an enclosing tape does. The table runs
 * both: gradcheck's analytic side takes the fused path, gradgradcheck's the composed one, and its finite
 * differences of a gradient the fused one again. The {@code .grad} rows compute the gradient inside the
 * row (an inner tape), so the table differentiates the composed path once more (third order).
 */
final class RecurrentSpecs {
    private RecurrentSpecs() {}

    static final List<OpSpec> ROWS = List.of(
            op("lstmCell", in -> in.get(0).lstmCell(in.get(1), in.get(2))).inputs(cellInputs(4, 2, 3, 4))
                    .invalid(invalidCells(4)).build(),
            op("lstmCell.grad", in -> cellGradient(in, RecurrentSpecs::lstm)).inputs(cellGradInputs(4, 2)).build(),
            op("lstmSequence", in -> lstmSequence(in, false)).inputs(sequenceInputs(3, 3, 3)).invalid(invalidSequences())
                    .build(),
            op("lstmSequence.reverse", in -> lstmSequence(in, true)).inputs(sequenceInputs(3, 3, 3)).build(),
            op("lstmSequence.grad", RecurrentSpecs::lstmSequenceGradient).inputs(sequenceGradInputs()).build(),
            op("gruCell", in -> in.get(0).gruCell(in.get(1), in.get(2))).inputs(cellInputs(3, 2, 3, 4))
                    .invalid(invalidCells(3)).build(),
            op("gruCell.grad", in -> cellGradient(in, RecurrentSpecs::gru)).inputs(cellGradInputs(3, 1)).build());

    private static Tensor lstm(List<Tensor> in) {
        return in.get(0).lstmCell(in.get(1), in.get(2));
    }

    private static Tensor gru(List<Tensor> in) {
        return in.get(0).gruCell(in.get(1), in.get(2));
    }

    private static Tensor lstmSequence(List<Tensor> in, boolean reverse) {
        return in.get(0).lstmSequence(in.get(1), in.get(2), in.get(3), reverse);
    }

    /**
     * {@code [gates, h0, c0, W_hh]}: gates [T, N, 4H], states [N, H] and W_hh [4H, H] with T, N and H from 1 to
     * their maxima.
     */
    static Gen<List<Tensor>> sequenceInputs(int maxSteps, int maxBatch, int maxHidden) {
        return s -> {
            int steps = s.drawInt(1, maxSteps);
            int batch = s.drawInt(1, maxBatch);
            int hidden = s.drawInt(1, maxHidden);
            return List.of(real(s, steps, batch, 4 * hidden), real(s, batch, hidden), real(s, batch, hidden),
                    real(s, 4 * hidden, hidden));
        };
    }

    /** A small sequence case, both directions, and a cotangent of its output: {@code [gates, h0, c0, W_hh, v, reverse]}. */
    private static Gen<List<Tensor>> sequenceGradInputs() {
        return sequenceInputs(2, 2, 2).flatMap(in -> s -> {
            int[] shape = in.get(0).shape();
            shape[2] /= 2;
            List<Tensor> all = new ArrayList<>(in);
            all.add(real(s, shape));
            all.add(Tensor.scalar(s.drawInt(0, 1), DType.INT32));
            return all;
        });
    }

    /** The gradients of ⟨lstmSequence(gates, h0, c0, W_hh), v⟩ with respect to all four, flattened and concatenated. */
    private static Tensor lstmSequenceGradient(List<Tensor> in) {
        List<Tensor> sources = in.subList(0, 4);
        boolean reverse = in.get(5).item() != 0;
        try (Tape tape = Tape.record()) {
            sources.forEach(tape::watch);
            List<Tensor> grads = tape.gradient(lstmSequence(sources, reverse), in.get(4), sources).list();
            return Tensor.cat(0, grads.stream().map(g -> g.reshape(-1)).toArray(Tensor[]::new));
        }
    }

    private static Gen<List<Tensor>> invalidSequences() {
        return Gen.oneOf(
                // gates not 4·H wide
                s -> List.of(real(s, 2, 2, 6), real(s, 2, 2), real(s, 2, 2), real(s, 8, 2)),
                // a state of another batch size
                s -> List.of(real(s, 2, 3, 8), real(s, 2, 2), real(s, 3, 2), real(s, 8, 2)),
                // gates without a batch dim
                s -> List.of(real(s, 2, 8), real(s, 2), real(s, 2), real(s, 8, 2)),
                // W_hh not [4H, H]
                s -> List.of(real(s, 2, 2, 8), real(s, 2, 2), real(s, 2, 2), real(s, 2, 8)),
                // an empty sequence
                s -> List.of(real(s, 0, 2, 8), real(s, 2, 2), real(s, 2, 2), real(s, 8, 2)),
                // dtypes differ
                s -> List.of(real(s, 1, 1, 4), real(s, 1, 1), real(s, 1, 1), real(s, 4, 1).to(DType.FLOAT32)));
    }

    /**
     * {@code [gi, gh, state]}: gi and gh {@code [lead..., gates·H]}, the state {@code [lead..., H]}, with
     * lead of rank 0 (unbatched) to {@code maxRank} and dims 1 to {@code maxDim}, H from 1 to {@code maxHidden}.
     */
    static Gen<List<Tensor>> cellInputs(int gates, int maxRank, int maxDim, int maxHidden) {
        return s -> {
            int[] lead = new int[s.drawInt(0, maxRank)];
            for (int d = 0; d < lead.length; d++) {
                lead[d] = s.drawInt(1, maxDim);
            }
            int hidden = s.drawInt(1, maxHidden);
            return List.of(real(s, withLast(lead, gates * hidden)), real(s, withLast(lead, gates * hidden)),
                    real(s, withLast(lead, hidden)));
        };
    }

    /**
     * {@code [gi, gh, state, v]}: a small cell case (third-order checks are costly) and a cotangent of its
     * output, {@code outputWidth}·H wide.
     */
    private static Gen<List<Tensor>> cellGradInputs(int gates, int outputWidth) {
        return cellInputs(gates, 1, 2, 2).flatMap(in -> s -> {
            int[] out = in.get(2).shape();
            out[out.length - 1] *= outputWidth;
            List<Tensor> all = new ArrayList<>(in);
            all.add(real(s, out));
            return all;
        });
    }

    /** The gradients of ⟨cell(gi, gh, state), v⟩ with respect to gi, gh and the state, flattened and concatenated. */
    private static Tensor cellGradient(List<Tensor> in, Function<List<Tensor>, Tensor> cell) {
        List<Tensor> sources = in.subList(0, 3);
        try (Tape tape = Tape.record()) {
            sources.forEach(tape::watch);
            List<Tensor> grads = tape.gradient(cell.apply(sources), in.get(3), sources).list();
            return Tensor.cat(0, grads.stream().map(g -> g.reshape(-1)).toArray(Tensor[]::new));
        }
    }

    private static Gen<List<Tensor>> invalidCells(int gates) {
        return Gen.oneOf(
                // last dim of the gates not gates·H
                s -> List.of(real(s, 2, 3 * gates), real(s, 2, 3 * gates), real(s, 2, 4)),
                // leading dims differ
                s -> List.of(real(s, 3, 2 * gates), real(s, 3, 2 * gates), real(s, 2, 2)),
                // gi and gh differ
                s -> List.of(real(s, 2, 2 * gates), real(s, 2, 3 * gates), real(s, 2, 2)),
                // ranks differ
                s -> List.of(real(s, 2 * gates), real(s, 2 * gates), real(s, 1, 2)),
                // a rank-0 state has no hidden dim
                s -> List.of(real(s, gates), real(s, gates), real(s)),
                // dtypes differ
                s -> List.of(real(s, 2, gates), real(s, 2, gates), real(s, 2, 1).to(DType.FLOAT32)));
    }

    private static int[] withLast(int[] lead, int last) {
        int[] shape = Arrays.copyOf(lead, lead.length + 1);
        shape[lead.length] = last;
        return shape;
    }
}

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
import java.util.function.BiFunction;
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
            op("lstmLayer", in -> lstmLayer(in, false)).inputs(layerInputs(4, 3, 3, 2, 3, true)).invalid(invalidLayers())
                    .build(),
            op("lstmLayer.reverse", in -> lstmLayer(in, true)).inputs(layerInputs(4, 3, 3, 2, 3, true)).build(),
            op("lstmLayer.noBias", in -> lstmLayer(in, false)).inputs(layerInputs(4, 3, 2, 2, 2, false)).build(),
            op("lstmLayer.grad", in -> layerGradient(in, 7, RecurrentSpecs::lstmLayer)).inputs(layerGradInputs(4)).build(),
            op("gruLayer", in -> gruLayer(in, false)).inputs(layerInputs(3, 3, 3, 2, 3, true)).invalid(invalidGruLayers())
                    .build(),
            op("gruLayer.reverse", in -> gruLayer(in, true)).inputs(layerInputs(3, 3, 3, 2, 3, true)).build(),
            op("gruLayer.noBias", in -> gruLayer(in, false)).inputs(layerInputs(3, 3, 2, 2, 2, false)).build(),
            op("gruLayer.grad", in -> layerGradient(in, 6, RecurrentSpecs::gruLayer)).inputs(layerGradInputs(3)).build(),
            op("gruCell", in -> in.get(0).gruCell(in.get(1), in.get(2))).inputs(cellInputs(3, 2, 3, 4))
                    .invalid(invalidCells(3)).build(),
            op("gruCell.grad", in -> cellGradient(in, RecurrentSpecs::gru)).inputs(cellGradInputs(3, 1)).build());

    private static Tensor lstm(List<Tensor> in) {
        return in.get(0).lstmCell(in.get(1), in.get(2));
    }

    private static Tensor gru(List<Tensor> in) {
        return in.get(0).gruCell(in.get(1), in.get(2));
    }

    /** {@code x.lstmLayer(h0, c0, W_ih, W_hh, b_ih, b_hh)} on {@code [x, h0, c0, W_ih, W_hh]} and, if given, the biases. */
    private static Tensor lstmLayer(List<Tensor> in, boolean reverse) {
        Tensor bIh = in.size() > 5 ? in.get(5) : null;
        Tensor bHh = in.size() > 6 ? in.get(6) : null;
        return in.get(0).lstmLayer(in.get(1), in.get(2), in.get(3), in.get(4), bIh, bHh, reverse);
    }

    /** {@code x.gruLayer(h0, W_ih, W_hh, b_ih, b_hh)} on {@code [x, h0, W_ih, W_hh]} and, if given, the biases. */
    private static Tensor gruLayer(List<Tensor> in, boolean reverse) {
        Tensor bIh = in.size() > 4 ? in.get(4) : null;
        Tensor bHh = in.size() > 5 ? in.get(5) : null;
        return in.get(0).gruLayer(in.get(1), in.get(2), in.get(3), bIh, bHh, reverse);
    }

    /**
     * A layer op's operands for {@code gates} gates (4: LSTM, 3: GRU): x [T, N, in], h0 (and for an LSTM c0)
     * [N, H], weights [G·H, in] and [G·H, H] and, with {@code biases}, two biases [G·H]; T, N, in and H from 1
     * to their maxima.
     */
    static Gen<List<Tensor>> layerInputs(int gates, int maxSteps, int maxBatch, int maxIn, int maxHidden, boolean biases) {
        return s -> {
            int steps = s.drawInt(1, maxSteps);
            int batch = s.drawInt(1, maxBatch);
            int in = s.drawInt(1, maxIn);
            int hidden = s.drawInt(1, maxHidden);
            List<Tensor> all = new ArrayList<>(List.of(real(s, steps, batch, in), real(s, batch, hidden)));
            if (gates == 4) {
                all.add(real(s, batch, hidden));
            }
            all.add(real(s, gates * hidden, in));
            all.add(real(s, gates * hidden, hidden));
            if (biases) {
                all.add(real(s, gates * hidden));
                all.add(real(s, gates * hidden));
            }
            return all;
        };
    }

    /** A small layer case with biases, a cotangent of its output and a direction: the operands, then {@code v, reverse}. */
    private static Gen<List<Tensor>> layerGradInputs(int gates) {
        return layerInputs(gates, 2, 2, 2, 2, true).flatMap(in -> s -> {
            int[] shape = {in.get(0).size(0), in.get(0).size(1), (gates == 4 ? 2 : 1) * in.get(1).size(1)};
            List<Tensor> all = new ArrayList<>(in);
            all.add(real(s, shape));
            all.add(Tensor.scalar(s.drawInt(0, 1), DType.INT32));
            return all;
        });
    }

    /** The gradients of ⟨layer(operands), v⟩ with respect to all {@code operands} operands, flattened and concatenated. */
    private static Tensor layerGradient(List<Tensor> in, int operands, BiFunction<List<Tensor>, Boolean, Tensor> layer) {
        List<Tensor> sources = in.subList(0, operands);
        boolean reverse = in.get(operands + 1).item() != 0;
        try (Tape tape = Tape.record()) {
            sources.forEach(tape::watch);
            List<Tensor> grads = tape.gradient(layer.apply(sources, reverse), in.get(operands), sources).list();
            return Tensor.cat(0, grads.stream().map(g -> g.reshape(-1)).toArray(Tensor[]::new));
        }
    }

    private static Gen<List<Tensor>> invalidGruLayers() {
        return Gen.oneOf(
                // W_hh not [3H, H]
                s -> List.of(real(s, 2, 2, 3), real(s, 2, 2), real(s, 6, 3), real(s, 8, 2)),
                // a state of another batch size
                s -> List.of(real(s, 2, 3, 1), real(s, 2, 2), real(s, 6, 1), real(s, 6, 2)),
                // a bias of the wrong size
                s -> List.of(real(s, 2, 2, 1), real(s, 2, 2), real(s, 6, 1), real(s, 6, 2), real(s, 8), real(s, 6)),
                // dtypes differ
                s -> List.of(real(s, 1, 1, 1), real(s, 1, 1), real(s, 3, 1), real(s, 3, 1).to(DType.FLOAT32)));
    }

    private static Gen<List<Tensor>> invalidLayers() {
        return Gen.oneOf(
                // W_hh not [4H, H]
                s -> List.of(real(s, 2, 2, 3), real(s, 2, 2), real(s, 2, 2), real(s, 8, 3), real(s, 6, 2)),
                // W_ih for another input size
                s -> List.of(real(s, 2, 2, 3), real(s, 2, 2), real(s, 2, 2), real(s, 8, 2), real(s, 8, 2)),
                // a state of another batch size
                s -> List.of(real(s, 2, 3, 1), real(s, 2, 2), real(s, 3, 2), real(s, 8, 1), real(s, 8, 2)),
                // x without a batch dim
                s -> List.of(real(s, 2, 1), real(s, 2), real(s, 2), real(s, 8, 1), real(s, 8, 2)),
                // a bias of the wrong size
                s -> List.of(real(s, 2, 2, 1), real(s, 2, 2), real(s, 2, 2), real(s, 8, 1), real(s, 8, 2), real(s, 4), real(s, 8)),
                // an empty sequence
                s -> List.of(real(s, 0, 2, 1), real(s, 2, 2), real(s, 2, 2), real(s, 8, 1), real(s, 8, 2)),
                // dtypes differ
                s -> List.of(real(s, 1, 1, 1), real(s, 1, 1), real(s, 1, 1), real(s, 4, 1), real(s, 4, 1).to(DType.FLOAT32)));
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

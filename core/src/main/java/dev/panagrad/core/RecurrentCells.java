package dev.panagrad.core;

import dev.panagrad.core.kernels.Parallel;
import dev.panagrad.core.kernels.RecurrentKernels;
import java.util.Arrays;
import java.util.List;

/**
 * The gate math of the LSTM and GRU cells as single ops (PyTorch's {@code _thnn_fused_lstm_cell} and
 * {@code _thnn_fused_gru_cell}): one kernel pass forward instead of some fourteen single ops, each
 * allocating its result, and one kernel pass backward instead of some twenty-five.
 *
 * <p>Both take the two matrix products of a step separately, {@code gi = x·W_ihᵀ + b_ih} and
 * {@code gh = h·W_hhᵀ + b_hh}: the GRU needs them apart ({@code r ⊙ gh_n}), and the LSTM adds them in
 * its kernel, which saves the [..., 4H] sum a separate {@code add} would allocate.
 *
 * <p><b>Two ways backward.</b> A rule whose ops nothing would record (the usual training step: the
 * tape computing a gradient stops recording, see {@link Recorder#wouldRecord}) computes every input
 * gradient in one fused arithmetic pass from the activations the forward kernel saved (as PyTorch's
 * workspace; saved only when the op is recorded, so inference keeps nothing). When an enclosing tape is
 * recording (a gradient of a gradient), the rule instead composes the same formulas from differentiable
 * Tensor ops on the inputs and output, so second and higher derivatives are those of the composition.
 *
 * <p>The LSTM op has two results, h' and c'; a tape entry has one output, so they are packed into one
 * tensor {@code [..., 2H]} that callers narrow (h' first). The narrows cost two small copies forward,
 * and their gradients are added into the packed gradient in place.
 */
final class RecurrentCells {
    private static final RecurrentKernels K = RecurrentKernels.INSTANCE;

    private RecurrentCells() {}

    /**
     * out = [h' | c'] with gates a = gi + gh split into i, f, g, o along the last dim:
     * {@code c' = σ(a_f)·c + σ(a_i)·tanh(a_g)}, {@code h' = σ(a_o)·tanh(c')}.
     * With dc' = g_c + g_h·o·(1 − tanh²c'): ∂a_i = dc'·g·i(1 − i), ∂a_f = dc'·c·f(1 − f),
     * ∂a_g = dc'·i·(1 − g²), ∂a_o = g_h·tanh c'·o(1 − o); ∂gi = ∂gh = ∂a; ∂c = dc'·f.
     */
    static Tensor lstmCell(Tensor gi, Tensor gh, Tensor c) {
        int hidden = check("lstmCell", 4, gi, gh, "c", c);
        int rows = c.numel() / Math.max(hidden, 1);
        int[] shape = c.shape();
        shape[shape.length - 1] = 2 * hidden;
        Tensor out = Tensor.empty(c.dtype(), shape);
        // i, f, g, o, tanh c' per row for the fused backward, kept only if the op will be recorded
        Tensor saved = Recorder.wouldRecord(gi, gh, c) ? Tensor.empty(c.dtype(), new int[] {rows, 5 * hidden}) : null;
        forRows(rows, 4 * hidden, (from, to) -> {
            if (c.dtype() == DType.FLOAT32) {
                K.lstm(gi.f32(), from * 4 * hidden, gh.f32(), from * 4 * hidden, c.f32(), from * hidden, hidden, out.f32(),
                        from * 2 * hidden, saved == null ? null : saved.f32(), from * 5 * hidden, hidden, to - from);
            } else {
                K.lstm(gi.f64(), from * 4 * hidden, gh.f64(), from * 4 * hidden, c.f64(), from * hidden, hidden, out.f64(),
                        from * 2 * hidden, saved == null ? null : saved.f64(), from * 5 * hidden, hidden, to - from);
            }
        });
        return Recorder.record("lstmCell", out, (g, grads) -> {
            Tensor dGates;
            Tensor dc;
            if (Recorder.wouldRecord(g, gi, gh, c, out)) {
                Tensor[] d = lstmBackwardComposed(gi, gh, c, out, g, hidden);
                dGates = d[0];
                dc = d[1];
            } else {
                dGates = Tensor.empty(gi.dtype(), gi.shape());
                dc = Tensor.empty(c.dtype(), c.shape());
                forRows(rows, 4 * hidden, (from, to) -> {
                    if (c.dtype() == DType.FLOAT32) {
                        K.lstmBackward(saved.f32(), from * 5 * hidden, c.f32(), from * hidden, hidden, g.f32(), from * 2 * hidden,
                                dGates.f32(), from * 4 * hidden, dc.f32(), from * hidden, hidden, hidden, to - from);
                    } else {
                        K.lstmBackward(saved.f64(), from * 5 * hidden, c.f64(), from * hidden, hidden, g.f64(), from * 2 * hidden,
                                dGates.f64(), from * 4 * hidden, dc.f64(), from * hidden, hidden, hidden, to - from);
                    }
                });
            }
            if (grads.needs(gi)) grads.add(gi, dGates);
            if (grads.needs(gh)) grads.add(gh, dGates);
            if (grads.needs(c)) grads.add(c, dc);
        }, gi, gh, c);
    }

    /** The LSTM gradients {∂a, ∂c} of {@link #lstmCell} as differentiable ops, for an enclosing tape. */
    static Tensor[] lstmBackwardComposed(Tensor gi, Tensor gh, Tensor c, Tensor out, Tensor g, int hidden) {
        int last = c.dim() - 1;
        List<Tensor> a = gi.add(gh).chunk(4, last);
        Tensor i = a.get(0).sigmoid();
        Tensor f = a.get(1).sigmoid();
        Tensor cell = a.get(2).tanh();
        Tensor o = a.get(3).sigmoid();
        Tensor t = out.narrow(last, hidden, hidden).tanh();                   // tanh c'
        Tensor gH = g.narrow(last, 0, hidden);
        Tensor dcNext = g.narrow(last, hidden, hidden).add(gH.mul(o).mul(oneMinusSquare(t)));
        Tensor di = dcNext.mul(cell).mul(sigmoidSlope(i));
        Tensor df = dcNext.mul(c).mul(sigmoidSlope(f));
        Tensor dg = dcNext.mul(i).mul(oneMinusSquare(cell));
        Tensor dO = gH.mul(t).mul(sigmoidSlope(o));
        return new Tensor[] {Tensor.cat(last, di, df, dg, dO), dcNext.mul(f)};
    }

    /**
     * h' = n + z·(h − n) = (1 − z)·n + z·h with r = σ(gi_r + gh_r), z = σ(gi_z + gh_z),
     * n = tanh(gi_n + r·gh_n). With dn = g·(1 − z)(1 − n²), dz = g·(h − n)·z(1 − z) and
     * dr = dn·gh_n·r(1 − r): ∂gi = [dr, dz, dn], ∂gh = [dr, dz, dn·r], ∂h = g·z.
     */
    static Tensor gruCell(Tensor gi, Tensor gh, Tensor h) {
        int hidden = check("gruCell", 3, gi, gh, "h", h);
        int rows = h.numel() / Math.max(hidden, 1);
        Tensor out = Tensor.empty(h.dtype(), h.shape());
        // r, z, n per row for the fused backward, kept only if the op will be recorded
        Tensor saved = Recorder.wouldRecord(gi, gh, h) ? Tensor.empty(h.dtype(), new int[] {rows, 3 * hidden}) : null;
        forRows(rows, 3 * hidden, (from, to) -> {
            if (h.dtype() == DType.FLOAT32) {
                K.gru(gi.f32(), from * 3 * hidden, gh.f32(), from * 3 * hidden, h.f32(), from * hidden, out.f32(), from * hidden,
                        saved == null ? null : saved.f32(), from * 3 * hidden, hidden, to - from);
            } else {
                K.gru(gi.f64(), from * 3 * hidden, gh.f64(), from * 3 * hidden, h.f64(), from * hidden, out.f64(), from * hidden,
                        saved == null ? null : saved.f64(), from * 3 * hidden, hidden, to - from);
            }
        });
        return Recorder.record("gruCell", out, (g, grads) -> {
            Tensor[] d;
            if (Recorder.wouldRecord(g, gi, gh, h)) {
                d = gruBackwardComposed(gi, gh, h, g);
            } else {
                d = new Tensor[] {Tensor.empty(gi.dtype(), gi.shape()), Tensor.empty(gh.dtype(), gh.shape()),
                        Tensor.empty(h.dtype(), h.shape())};
                forRows(rows, 3 * hidden, (from, to) -> {
                    if (h.dtype() == DType.FLOAT32) {
                        K.gruBackward(saved.f32(), from * 3 * hidden, gh.f32(), from * 3 * hidden, h.f32(), from * hidden, g.f32(),
                                from * hidden, d[0].f32(), d[1].f32(), from * 3 * hidden, d[2].f32(), from * hidden, hidden, to - from);
                    } else {
                        K.gruBackward(saved.f64(), from * 3 * hidden, gh.f64(), from * 3 * hidden, h.f64(), from * hidden, g.f64(),
                                from * hidden, d[0].f64(), d[1].f64(), from * 3 * hidden, d[2].f64(), from * hidden, hidden, to - from);
                    }
                });
            }
            if (grads.needs(gi)) grads.add(gi, d[0]);
            if (grads.needs(gh)) grads.add(gh, d[1]);
            if (grads.needs(h)) grads.add(h, d[2]);
        }, gi, gh, h);
    }

    /** The GRU gradients {∂gi, ∂gh, ∂h} of {@link #gruCell} as differentiable ops, for an enclosing tape. */
    static Tensor[] gruBackwardComposed(Tensor gi, Tensor gh, Tensor h, Tensor g) {
        int last = h.dim() - 1;
        List<Tensor> in = gi.chunk(3, last);
        List<Tensor> hid = gh.chunk(3, last);
        Tensor r = in.get(0).add(hid.get(0)).sigmoid();
        Tensor z = in.get(1).add(hid.get(1)).sigmoid();
        Tensor n = in.get(2).add(r.mul(hid.get(2))).tanh();
        Tensor dn = g.mul(z.neg().add(1)).mul(oneMinusSquare(n));
        Tensor dz = g.mul(h.sub(n)).mul(sigmoidSlope(z));
        Tensor dr = dn.mul(hid.get(2)).mul(sigmoidSlope(r));
        return new Tensor[] {Tensor.cat(last, dr, dz, dn), Tensor.cat(last, dr, dz, dn.mul(r)), g.mul(z)};
    }

    /** s·(1 − s): σ' in terms of s = σ(x). */
    private static Tensor sigmoidSlope(Tensor s) {
        return s.mul(s.neg().add(1));
    }

    /** 1 − t²: tanh' in terms of t = tanh x. */
    private static Tensor oneMinusSquare(Tensor t) {
        return t.square().neg().add(1);
    }

    /** Runs {@code body} over {@code rows} rows of {@code width} transcendental-heavy elements, split across threads. */
    private static void forRows(int rows, int width, Parallel.IntRangeBody body) {
        if (rows > 0 && width > 0) {
            Parallel.forRange(rows, Math.max(1, Elementwise.TRANSCENDENTAL_GRAIN / width), body);
        }
    }

    /**
     * Checks {@code gi} and {@code gh} [..., G·H] of one shape against the state [..., H] (named
     * {@code stateName}) with the same leading dims, all of one floating dtype; returns H.
     */
    private static int check(String op, int gates, Tensor gi, Tensor gh, String stateName, Tensor state) {
        for (Tensor t : new Tensor[] {gi, gh, state}) {
            Elementwise.requireFloating(op, t);
        }
        if (gi.dtype() != gh.dtype() || gi.dtype() != state.dtype()) {
            throw new IllegalArgumentException(op + ": gi, gh and " + stateName + " must have one dtype, got " + gi.dtype()
                    + ", " + gh.dtype() + " and " + state.dtype());
        }
        int[] s = state.shapeRef();
        String shapes = "gi " + Shapes.format(gi.shapeRef()) + ", gh " + Shapes.format(gh.shapeRef()) + " and " + stateName + " "
                + Shapes.format(s);
        if (s.length == 0) {
            throw new IllegalArgumentException(op + ": " + stateName + " must have at least one dim [..., H], got " + shapes);
        }
        int hidden = s[s.length - 1];
        int[] expected = s.clone();
        expected[s.length - 1] = gates * hidden;
        if (!Arrays.equals(gi.shapeRef(), expected) || !Arrays.equals(gh.shapeRef(), expected)) {
            throw new IllegalArgumentException(op + ": expected gi and gh " + Shapes.format(expected) + " (" + gates
                    + "·H gates for H = " + hidden + ", the leading dims of " + stateName + "), got " + shapes);
        }
        return hidden;
    }
}

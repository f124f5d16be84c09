package dev.panagrad.core;

import dev.panagrad.core.kernels.ElementwiseKernels;
import dev.panagrad.core.kernels.ElementwiseKernels.Binary;
import dev.panagrad.core.kernels.GemmKernels;
import dev.panagrad.core.kernels.Parallel;
import dev.panagrad.core.kernels.RecurrentKernels;
import java.util.Arrays;

/**
 * An LSTM layer's recurrence over a whole sequence as one op, as cuDNN's and PyTorch's fused RNN
 * layers: from the input gates of every time step, {@code gates[t] = x_t·W_ihᵀ + b_ih (+ b_hh)}, the
 * initial states and {@code W_hh}, each step computes {@code gh = h·W_hhᵀ} and the fused cell of
 * {@link RecurrentCells#lstmCell}. One tape entry replaces the per-step matmul, cell, narrows and stack
 * of the unrolled loop (each with its own allocation, gradient sum and thread hand-off), and backward
 * computes {@code ∂W_hh = Σ_t ∂a_tᵀ·h_{t−1}} as one product over all T·N rows instead of one small
 * product per step; what remains per step are the two products on the critical path (h·W_hhᵀ forward,
 * ∂a·W_hh backward) and the cell kernels.
 *
 * <p>The result packs {@code [h_t | c_t]} of every step as [T, N, 2H] in time order (a tape entry has
 * one output); callers narrow the hidden sequence and the final states from it. When an enclosing tape
 * is recording the reverse pass (a gradient of a gradient), the rule composes the same backward
 * recurrence from differentiable ops, step by step, as the cell's rule does.
 */
final class RecurrentSequences {
    private static final RecurrentKernels K = RecurrentKernels.INSTANCE;
    private static final ElementwiseKernels E = ElementwiseKernels.INSTANCE;

    /** Batch rows per block of {@link #forBlocks}. */
    private static final int BLOCK_ROWS = 16;

    private RecurrentSequences() {}

    /**
     * The LSTM recurrence over {@code gates} [T, N, 4H] (gate order i, f, g, o) from {@code h0}, {@code c0}
     * [N, H] with {@code wHh} [4H, H], backwards over time when {@code reverse} (step t then starts from the
     * state after step t + 1); returns [T, N, 2H] with h_t and c_t of each step t.
     */
    static Tensor lstm(Tensor gates, Tensor h0, Tensor c0, Tensor wHh, boolean reverse) {
        int hidden = check(gates, h0, c0, wHh);
        int steps = gates.shapeRef()[0];
        int batch = gates.shapeRef()[1];
        DType dtype = gates.dtype();
        Tensor out = Tensor.empty(dtype, new int[] {steps, batch, 2 * hidden});
        // i, f, g, o, tanh c' per row for the fused backward, kept only if the op will be recorded
        Tensor saved = Recorder.wouldRecord(gates, h0, c0, wHh)
                ? Tensor.empty(dtype, new int[] {steps * batch, 5 * hidden})
                : null;
        GemmKernels.Prepared wT = LinearAlgebra.prepare(wHh, true); // h·W_hhᵀ
        forBlocks(batch, (r0, rows) -> {
            Tensor gh = Tensor.empty(dtype, new int[] {rows, 4 * hidden}); // one step's h·W_hhᵀ for these rows
            for (int i = 0; i < steps; i++) {
                State from = State.before(i, steps, batch, hidden, reverse, h0, c0, out);
                LinearAlgebra.gemmPrepared(false, rows, from.h, from.hOff + r0 * from.stride, from.stride, wT, gh, 0, 4 * hidden,
                        false);
                int at = from.step * batch + r0;
                int cOff = from.cOff + r0 * from.stride;
                if (dtype == DType.FLOAT32) {
                    K.lstm(gates.f32(), at * 4 * hidden, gh.f32(), 0, from.c.f32(), cOff, from.stride, out.f32(), at * 2 * hidden,
                            saved == null ? null : saved.f32(), at * 5 * hidden, hidden, rows);
                } else {
                    K.lstm(gates.f64(), at * 4 * hidden, gh.f64(), 0, from.c.f64(), cOff, from.stride, out.f64(), at * 2 * hidden,
                            saved == null ? null : saved.f64(), at * 5 * hidden, hidden, rows);
                }
            }
        });
        return Recorder.record("lstmSequence", out, (g, grads) -> {
            if (Recorder.wouldRecord(g, gates, h0, c0, wHh, out)) {
                Tensor[] d = lstmBackwardComposed(gates, h0, c0, wHh, out, g, reverse);
                addAll(grads, new Tensor[] {gates, h0, c0, wHh}, d);
            } else {
                lstmBackward(gates, h0, c0, wHh, out, saved, g, reverse, grads);
            }
        }, gates, h0, c0, wHh);
    }

    /** A block of batch rows {@code [r0, r0 + rows)}. */
    private interface Block {
        void run(int r0, int rows);
    }

    /**
     * Runs {@code body} over blocks of {@link #BLOCK_ROWS} batch rows, split across threads. The rows of a
     * batch never meet in the recurrence, so each block runs all its time steps without waiting for the
     * others: two hand-offs per sequence instead of several per step. The blocks depend on the batch size
     * alone, so results do not depend on the thread count.
     */
    private static void forBlocks(int batch, Block body) {
        int blocks = (batch + BLOCK_ROWS - 1) / BLOCK_ROWS;
        Parallel.forRange(blocks, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                body.run(b * BLOCK_ROWS, Math.min(BLOCK_ROWS, batch - b * BLOCK_ROWS));
            }
        });
    }

    /**
     * Where the step taken {@code i}-th starts from: time index {@code step}, and its h and c, which are h0 and
     * c0 (row stride H) for the first step taken and otherwise the previous step's rows of {@code out} (stride 2H).
     */
    private record State(int step, Tensor h, int hOff, Tensor c, int cOff, int stride) {
        static State before(int i, int steps, int batch, int hidden, boolean reverse, Tensor h0, Tensor c0, Tensor out) {
            int step = reverse ? steps - 1 - i : i;
            if (i == 0) {
                return new State(step, h0, 0, c0, 0, hidden);
            }
            int prev = (reverse ? step + 1 : step - 1) * batch * 2 * hidden;
            return new State(step, out, prev, out, prev + hidden, 2 * hidden);
        }
    }

    /**
     * The fused reverse pass: per block of batch rows and per step, from the last taken, the cell's backward
     * kernel turns the step's gradient (its rows of {@code g} plus what the step after it passed back) into
     * {@code ∂a_t}, the gradient of {@code gates[t]}, using the saved activations; {@code ∂a_t·W_hh} and
     * {@code ∂c} pass back to the step before, and finally to h0 and c0. ∂W_hh is one product over all steps
     * at the end.
     */
    private static void lstmBackward(Tensor gates, Tensor h0, Tensor c0, Tensor wHh, Tensor out, Tensor saved, Tensor g,
            boolean reverse, GradientSink grads) {
        int steps = gates.shapeRef()[0];
        int batch = gates.shapeRef()[1];
        int hidden = h0.shapeRef()[1];
        DType dtype = gates.dtype();
        Tensor dGates = Tensor.empty(dtype, gates.shapeRef());
        Tensor dh0 = Tensor.empty(dtype, new int[] {batch, hidden});
        Tensor dc0 = Tensor.empty(dtype, new int[] {batch, hidden});
        GemmKernels.Prepared w = LinearAlgebra.prepare(wHh, false); // ∂a·W_hh
        forBlocks(batch, (r0, rows) -> {
            Tensor back = Tensor.empty(dtype, new int[] {rows, 2 * hidden});     // [∂h | ∂c] from the step after
            Tensor stepGrad = Tensor.empty(dtype, new int[] {rows, 2 * hidden}); // g_t + back
            for (int i = steps - 1; i >= 0; i--) {
                State from = State.before(i, steps, batch, hidden, reverse, h0, c0, out);
                int at = from.step * batch + r0;
                Tensor grad = g;
                int gradOff = at * 2 * hidden;
                if (i < steps - 1) {
                    add(g, at * 2 * hidden, back, 0, stepGrad, 0, rows * 2 * hidden);
                    grad = stepGrad;
                    gradOff = 0;
                }
                // what passes back goes to the step before, or to ∂h0 and ∂c0 from the first step taken
                Tensor dh = i == 0 ? dh0 : back;
                Tensor dc = i == 0 ? dc0 : back;
                int dhOff = i == 0 ? r0 * hidden : 0;
                int dcOff = i == 0 ? r0 * hidden : hidden;
                int stride = i == 0 ? hidden : 2 * hidden;
                int cOff = from.cOff + r0 * from.stride;
                if (dtype == DType.FLOAT32) {
                    K.lstmBackward(saved.f32(), at * 5 * hidden, from.c.f32(), cOff, from.stride, grad.f32(), gradOff, dGates.f32(),
                            at * 4 * hidden, dc.f32(), dcOff, stride, hidden, rows);
                } else {
                    K.lstmBackward(saved.f64(), at * 5 * hidden, from.c.f64(), cOff, from.stride, grad.f64(), gradOff, dGates.f64(),
                            at * 4 * hidden, dc.f64(), dcOff, stride, hidden, rows);
                }
                LinearAlgebra.gemmPrepared(false, rows, dGates, at * 4 * hidden, 4 * hidden, w, dh, dhOff, stride, false);
            }
        });
        if (grads.needs(wHh)) {
            // Σ_t ∂a_tᵀ·h_{t−1}: the steps after the first read their h_{t−1} from out, whose rows run alongside
            Tensor dW = Tensor.empty(dtype, wHh.shapeRef());
            int later = (steps - 1) * batch;
            int firstStep = reverse ? steps - 1 : 0;
            if (later > 0) {
                LinearAlgebra.gemm(true, false, 4 * hidden, hidden, later, dGates, reverse ? 0 : batch * 4 * hidden, 4 * hidden, out,
                        reverse ? batch * 2 * hidden : 0, 2 * hidden, dW, 0, hidden, false);
            }
            LinearAlgebra.gemm(true, false, 4 * hidden, hidden, batch, dGates, firstStep * batch * 4 * hidden, 4 * hidden, h0, 0,
                    hidden, dW, 0, hidden, later > 0);
            grads.add(wHh, dW);
        }
        addAll(grads, new Tensor[] {gates, h0, c0}, new Tensor[] {dGates, dh0, dc0});
    }

    /** {@code out[oo + j] = a[ao + j] + b[bo + j]} for j &lt; n, in the tensors' (one) floating dtype. */
    private static void add(Tensor a, int ao, Tensor b, int bo, Tensor out, int oo, int n) {
        if (a.dtype() == DType.FLOAT32) {
            E.binary(Binary.ADD, a.f32(), ao, 1, b.f32(), bo, 1, out.f32(), oo, n);
        } else {
            E.binary(Binary.ADD, a.f64(), ao, 1, b.f64(), bo, 1, out.f64(), oo, n);
        }
    }

    /**
     * The gradients {∂gates, ∂h0, ∂c0, ∂W_hh} of {@link #lstm} as differentiable ops, for an enclosing tape:
     * the fused rule's recurrence step by step, each step's cell gradient from the cell's composed rule.
     */
    private static Tensor[] lstmBackwardComposed(Tensor gates, Tensor h0, Tensor c0, Tensor wHh, Tensor out, Tensor g,
            boolean reverse) {
        int steps = gates.shapeRef()[0];
        int hidden = h0.shapeRef()[1];
        Tensor[] dGates = new Tensor[steps];
        Tensor dh = null;
        Tensor dc = null;
        Tensor dW = null;
        for (int i = steps - 1; i >= 0; i--) {
            int t = reverse ? steps - 1 - i : i;
            int prev = reverse ? t + 1 : t - 1;
            boolean first = i == 0;
            Tensor hPrev = first ? h0 : step(out, prev).narrow(1, 0, hidden);
            Tensor cPrev = first ? c0 : step(out, prev).narrow(1, hidden, hidden);
            Tensor gradient = dh == null ? step(g, t) : step(g, t).add(Tensor.cat(1, dh, dc));
            Tensor[] d = RecurrentCells.lstmBackwardComposed(step(gates, t), hPrev.linear(wHh, null), cPrev, step(out, t),
                    gradient, hidden);
            dGates[t] = d[0];
            dh = d[0].matmul(wHh);
            dc = d[1];
            Tensor w = d[0].t().matmul(hPrev);
            dW = dW == null ? w : dW.add(w);
        }
        return new Tensor[] {Tensor.stack(0, dGates), dh, dc, dW};
    }

    /** {@code x[t]}. */
    private static Tensor step(Tensor x, int t) {
        return x.narrow(0, t, 1).squeeze(0);
    }

    private static void addAll(GradientSink grads, Tensor[] inputs, Tensor[] gradients) {
        for (int k = 0; k < inputs.length; k++) {
            if (grads.needs(inputs[k])) {
                grads.add(inputs[k], gradients[k]);
            }
        }
    }

    /** Checks the operands of {@link #lstm}: one floating dtype, gates [T, N, 4H], states [N, H], W_hh [4H, H]; returns H. */
    private static int check(Tensor gates, Tensor h0, Tensor c0, Tensor wHh) {
        String op = "lstmSequence";
        for (Tensor t : new Tensor[] {gates, h0, c0, wHh}) {
            Elementwise.requireFloating(op, t);
        }
        if (gates.dtype() != h0.dtype() || gates.dtype() != c0.dtype() || gates.dtype() != wHh.dtype()) {
            throw new IllegalArgumentException(op + ": gates, h0, c0 and weight_hh must have one dtype, got " + gates.dtype()
                    + ", " + h0.dtype() + ", " + c0.dtype() + " and " + wHh.dtype());
        }
        String shapes = "gates " + Shapes.format(gates.shapeRef()) + ", h0 " + Shapes.format(h0.shapeRef()) + ", c0 "
                + Shapes.format(c0.shapeRef()) + " and weight_hh " + Shapes.format(wHh.shapeRef());
        int[] w = wHh.shapeRef();
        if (w.length != 2 || w[1] < 1 || w[0] != 4 * w[1]) {
            throw new IllegalArgumentException(op + ": expected weight_hh [4·H, H] with H ≥ 1, got " + shapes);
        }
        int hidden = w[1];
        int[] s = gates.shapeRef();
        if (s.length != 3 || s[0] < 1 || s[1] < 1 || s[2] != 4 * hidden) {
            throw new IllegalArgumentException(op + ": expected gates [T, N, " + 4 * hidden + "] with T, N ≥ 1 for H = " + hidden
                    + ", got " + shapes);
        }
        int[] state = {s[1], hidden};
        if (!Arrays.equals(h0.shapeRef(), state) || !Arrays.equals(c0.shapeRef(), state)) {
            throw new IllegalArgumentException(op + ": expected h0 and c0 " + Shapes.format(state) + ", got " + shapes);
        }
        return hidden;
    }
}

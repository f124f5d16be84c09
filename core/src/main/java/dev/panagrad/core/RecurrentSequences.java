package dev.panagrad.core;

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
        int rows = steps * batch;
        DType dtype = gates.dtype();
        Tensor out = Tensor.empty(dtype, new int[] {steps, batch, 2 * hidden});
        Tensor gh = Tensor.empty(dtype, new int[] {rows, 4 * hidden});
        // row t·N + r holds the cell state step t starts from: the kernels address every array by one row index
        Tensor cPrev = Tensor.empty(dtype, new int[] {rows, hidden});
        // i, f, g, o, tanh c' per row for the fused backward, kept only if the op will be recorded
        Tensor saved = Recorder.wouldRecord(gates, h0, c0, wHh) ? Tensor.empty(dtype, new int[] {rows, 5 * hidden}) : null;
        for (int i = 0; i < steps; i++) {
            int t = reverse ? steps - 1 - i : i;
            int prev = reverse ? t + 1 : t - 1;
            boolean first = i == 0;
            int base = t * batch;
            if (first) {
                LinearAlgebra.gemm(false, true, batch, 4 * hidden, hidden, h0, 0, hidden, wHh, 0, hidden, gh, base * 4 * hidden,
                        4 * hidden, false);
            } else {
                LinearAlgebra.gemm(false, true, batch, 4 * hidden, hidden, out, prev * batch * 2 * hidden, 2 * hidden, wHh, 0,
                        hidden, gh, base * 4 * hidden, 4 * hidden, false);
            }
            RecurrentCells.forRows(batch, 4 * hidden, (from, to) -> {
                for (int r = from; r < to; r++) {
                    if (first) {
                        System.arraycopy(c0.array(), r * hidden, cPrev.array(), (base + r) * hidden, hidden);
                    } else {
                        System.arraycopy(out.array(), ((prev * batch + r) * 2 + 1) * hidden, cPrev.array(), (base + r) * hidden,
                                hidden);
                    }
                }
                if (dtype == DType.FLOAT32) {
                    K.lstm(gates.f32(), gh.f32(), cPrev.f32(), out.f32(), saved == null ? null : saved.f32(), hidden, base + from,
                            base + to);
                } else {
                    K.lstm(gates.f64(), gh.f64(), cPrev.f64(), out.f64(), saved == null ? null : saved.f64(), hidden, base + from,
                            base + to);
                }
            });
        }
        return Recorder.record("lstmSequence", out, (g, grads) -> {
            if (Recorder.wouldRecord(g, gates, h0, c0, wHh, out)) {
                Tensor[] d = lstmBackwardComposed(gates, h0, c0, wHh, out, g, reverse);
                addAll(grads, new Tensor[] {gates, h0, c0, wHh}, d);
            } else {
                lstmBackward(gates, h0, c0, wHh, out, cPrev, saved, g, reverse, grads);
            }
        }, gates, h0, c0, wHh);
    }

    /**
     * The fused reverse pass: per step, from the last, the cell's backward kernel on the saved activations
     * turns the step's gradient (its share of {@code g} plus what the next step passed back) into
     * {@code ∂a_t}, which is the gradient of {@code gates[t]}; {@code ∂a_t·W_hh} and {@code ∂c} pass back to
     * the step before, and finally to h0 and c0. ∂W_hh is one product over all steps at the end.
     */
    private static void lstmBackward(Tensor gates, Tensor h0, Tensor c0, Tensor wHh, Tensor out, Tensor cPrev, Tensor saved,
            Tensor g, boolean reverse, GradientSink grads) {
        int steps = gates.shapeRef()[0];
        int batch = gates.shapeRef()[1];
        int hidden = h0.shapeRef()[1];
        DType dtype = gates.dtype();
        // the gradient of [h_t | c_t], to which each step adds what the step after it passes back
        Tensor gradient = Tensor.empty(dtype, g.shapeRef());
        System.arraycopy(g.array(), 0, gradient.array(), 0, g.numel());
        Tensor dGates = Tensor.empty(dtype, gates.shapeRef());
        Tensor dc = Tensor.empty(dtype, new int[] {steps * batch, hidden});
        Tensor dh0 = Tensor.empty(dtype, new int[] {batch, hidden});
        Tensor dc0 = Tensor.empty(dtype, new int[] {batch, hidden});
        for (int i = steps - 1; i >= 0; i--) {
            int t = reverse ? steps - 1 - i : i;
            int prev = reverse ? t + 1 : t - 1;
            boolean first = i == 0;
            int base = t * batch;
            RecurrentCells.forRows(batch, 4 * hidden, (from, to) -> {
                if (dtype == DType.FLOAT32) {
                    K.lstmBackward(saved.f32(), cPrev.f32(), gradient.f32(), dGates.f32(), dc.f32(), hidden, base + from,
                            base + to);
                } else {
                    K.lstmBackward(saved.f64(), cPrev.f64(), gradient.f64(), dGates.f64(), dc.f64(), hidden, base + from,
                            base + to);
                }
                for (int r = from; r < to; r++) {
                    if (first) {
                        System.arraycopy(dc.array(), (base + r) * hidden, dc0.array(), r * hidden, hidden);
                    } else {
                        addRow(dc, (base + r) * hidden, gradient, ((prev * batch + r) * 2 + 1) * hidden, hidden);
                    }
                }
            });
            if (first) {
                LinearAlgebra.gemm(false, false, batch, hidden, 4 * hidden, dGates, base * 4 * hidden, 4 * hidden, wHh, 0, hidden,
                        dh0, 0, hidden, false);
            } else {
                LinearAlgebra.gemm(false, false, batch, hidden, 4 * hidden, dGates, base * 4 * hidden, 4 * hidden, wHh, 0, hidden,
                        gradient, prev * batch * 2 * hidden, 2 * hidden, true);
            }
        }
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

    /** {@code to[toOff + j] += from[fromOff + j]} for j &lt; n, in the tensors' (one) floating dtype. */
    private static void addRow(Tensor from, int fromOff, Tensor to, int toOff, int n) {
        if (from.dtype() == DType.FLOAT32) {
            float[] a = from.f32(), b = to.f32();
            for (int j = 0; j < n; j++) {
                b[toOff + j] += a[fromOff + j];
            }
        } else {
            double[] a = from.f64(), b = to.f64();
            for (int j = 0; j < n; j++) {
                b[toOff + j] += a[fromOff + j];
            }
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

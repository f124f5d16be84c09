package dev.panagrad.core;

import dev.panagrad.core.kernels.ElementwiseKernels;
import dev.panagrad.core.kernels.ElementwiseKernels.Binary;
import dev.panagrad.core.kernels.Parallel;
import dev.panagrad.core.kernels.RecurrentKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An LSTM or GRU layer over a whole sequence, in one direction, as one op (as cuDNN's and PyTorch's fused
 * RNN layers): per time step the input gates ({@code x_t·W_ihᵀ + b_ih}, with {@code + b_hh} for the LSTM),
 * the hidden gates ({@code h·W_hhᵀ}, with {@code + b_hh} for the GRU, whose reset gate scales it) and the
 * fused cell of {@link RecurrentCells}. One tape entry replaces the input projection and the per-step
 * matmuls, cells, narrows and stack of the unrolled loop, each with its own allocation, gradient sum and
 * thread hand-off.
 *
 * <p><b>How it runs.</b> The rows of a batch never meet in the recurrence, so blocks of batch rows run all
 * their time steps independently, split across threads: one hand-off per pass instead of several per
 * step. Each step's gates of a block stay in the cache between the products and the cell kernel; the
 * [T, N, 4H] input gates are never materialised forward. Backward, each block runs the cell's backward
 * kernel step by step from the last (∂a_t·W_hh and ∂c pass to the step before); the weight gradients are
 * then single products over all T·N rows: {@code ∂W_hh = Σ_t ∂a_tᵀ·h_{t−1}}, {@code ∂W_ih = ∂aᵀ·x}, and
 * {@code ∂x = ∂a·W_ih}.
 *
 * <p>The block products read transposed copies of the weights as plain operands, which the GEMM streams
 * for few rows. Two variants that pack the weights instead (once per pass, or per product from the
 * transposed original) made C2 now and then compile the GEMM micro-kernel with boxed vectors, 5× slower
 * for the rest of the JVM's life (4–5 JVM runs in 12; none in 22 with the copies).
 *
 * <p>The LSTM's result packs {@code [h_t | c_t]} of every step as [T, N, 2H] in time order (a tape entry
 * has one output); callers narrow the hidden sequence and the final states from it. The GRU's is h_t,
 * [T, N, H]. When an enclosing tape is recording the reverse pass (a gradient of a gradient), the rule
 * composes the same backward recurrence from differentiable ops, step by step, as the cell's rule does.
 */
final class RecurrentSequences {
    private static final RecurrentKernels K = RecurrentKernels.INSTANCE;
    private static final ElementwiseKernels E = ElementwiseKernels.INSTANCE;

    /** Batch rows per block of {@link #forBlocks}: 8, 16 and 32 measured alike for N = 64, H = 128. */
    private static final int BLOCK_ROWS = 16;

    private RecurrentSequences() {}

    /** The operands of one layer and direction; biases may be null, and c0 is null for a GRU. */
    private record Layer(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, boolean reverse,
            int steps, int batch, int in, int hidden) {
        DType dtype() {
            return x.dtype();
        }

        /** The op's inputs, biases only when given. */
        Tensor[] inputs() {
            List<Tensor> all = new ArrayList<>(List.of(x, h0));
            if (c0 != null) all.add(c0);
            all.add(wIh);
            all.add(wHh);
            if (bIh != null) all.add(bIh);
            if (bHh != null) all.add(bHh);
            return all.toArray(Tensor[]::new);
        }
    }

    /**
     * The LSTM layer over {@code x} [T, N, in] from {@code h0}, {@code c0} [N, H] with {@code wIh} [4H, in],
     * {@code wHh} [4H, H] and biases [4H] (each may be null), backwards over time when {@code reverse} (step t
     * then starts from the state after step t + 1); returns [T, N, 2H] with h_t and c_t of each step t.
     */
    static Tensor lstm(Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, boolean reverse) {
        Layer l = check("lstmLayer", 4, x, h0, c0, wIh, wHh, bIh, bHh, reverse);
        int hidden = l.hidden;
        int batch = l.batch;
        DType dtype = l.dtype();
        Tensor out = Tensor.empty(dtype, new int[] {l.steps, batch, 2 * hidden});
        Tensor[] inputs = l.inputs();
        // i, f, g, o, tanh c' per row for the fused backward, kept only if the op will be recorded
        Tensor saved = Recorder.wouldRecord(inputs) ? Tensor.empty(dtype, new int[] {l.steps * batch, 5 * hidden}) : null;
        Tensor bias = combinedBias(l);
        Tensor wIhT;
        Tensor wHhT;
        try (NoGrad scope = NoGrad.enter()) { // plain right operands: the GEMM reads them in place for few rows
            wIhT = wIh.t();
            wHhT = wHh.t();
        }
        forBlocks(batch, (r0, rows) -> {
            // one step's input and hidden gates for these rows
            Tensor gx = Tensor.empty(dtype, new int[] {rows, 4 * hidden});
            Tensor gh = Tensor.empty(dtype, new int[] {rows, 4 * hidden});
            for (int i = 0; i < l.steps; i++) {
                State from = State.before(i, l, out);
                int at = from.step * batch + r0;
                startAtBias(bias, gx, 0, rows);
                // x_t·W_ihᵀ and h·W_hhᵀ, on this thread: the pool runs nested work serially
                LinearAlgebra.gemm(false, false, rows, 4 * hidden, l.in, x, at * l.in, l.in, wIhT, 0, 4 * hidden, gx, 0, 4 * hidden,
                        bias != null);
                LinearAlgebra.gemm(false, false, rows, 4 * hidden, hidden, from.h, from.hOff + r0 * from.stride, from.stride, wHhT,
                        0, 4 * hidden, gh, 0, 4 * hidden, false);
                int cOff = from.cOff + r0 * from.stride;
                if (dtype == DType.FLOAT32) {
                    K.lstm(gx.f32(), 0, gh.f32(), 0, from.c.f32(), cOff, from.stride, out.f32(), at * 2 * hidden,
                            saved == null ? null : saved.f32(), at * 5 * hidden, hidden, rows);
                } else {
                    K.lstm(gx.f64(), 0, gh.f64(), 0, from.c.f64(), cOff, from.stride, out.f64(), at * 2 * hidden,
                            saved == null ? null : saved.f64(), at * 5 * hidden, hidden, rows);
                }
            }
        });
        return Recorder.record("lstmLayer", out, (g, grads) -> {
            if (Recorder.wouldRecord(g, out) || Recorder.wouldRecord(inputs)) {
                lstmBackwardComposed(l, out, g, grads);
            } else {
                lstmBackward(l, out, saved, g, grads);
            }
        }, inputs);
    }

    /** {@code b_ih + b_hh} (as the {@code add} op rounds it, not recorded), the one bias given, or null. */
    private static Tensor combinedBias(Layer l) {
        if (l.bIh == null || l.bHh == null) {
            return l.bIh != null ? l.bIh : l.bHh;
        }
        Tensor sum = Tensor.empty(l.dtype(), l.bIh.shapeRef());
        add(l.bIh, 0, l.bHh, 0, sum, 0, sum.numel());
        return sum;
    }

    /** A block of batch rows {@code [r0, r0 + rows)}. */
    private interface Block {
        void run(int r0, int rows);
    }

    /**
     * Runs {@code body} over blocks of {@link #BLOCK_ROWS} batch rows, split across threads; each block runs
     * every time step without waiting for the others. The blocks depend on the batch size alone, so results
     * do not depend on the thread count.
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
     * Where the step taken {@code i}-th starts from: time index {@code step}, and its h and (LSTM) c, which are
     * h0 and c0 (row stride H) for the first step taken and otherwise the previous step's rows of {@code out}
     * (stride 2H for the LSTM's packed [h | c], H for the GRU, whose c is null).
     */
    private record State(int step, Tensor h, int hOff, Tensor c, int cOff, int stride) {
        static State before(int i, Layer l, Tensor out) {
            int step = l.reverse ? l.steps - 1 - i : i;
            if (i == 0) {
                return new State(step, l.h0, 0, l.c0, 0, l.hidden);
            }
            int width = l.c0 != null ? 2 * l.hidden : l.hidden;
            int prev = (l.reverse ? step + 1 : step - 1) * l.batch * width;
            return new State(step, out, prev, l.c0 != null ? out : null, prev + l.hidden, width);
        }
    }

    /**
     * The fused reverse pass: per block of batch rows and per step, from the last taken, the cell's backward
     * kernel turns the step's gradient (its rows of {@code g} plus what the step after it passed back) into
     * {@code ∂a_t}, the gradient of the step's gates, using the saved activations; {@code ∂a_t·W_hh} and
     * {@code ∂c} pass back to the step before, and finally to h0 and c0. The weight, bias and input gradients
     * are then products and sums over all steps at once.
     */
    private static void lstmBackward(Layer l, Tensor out, Tensor saved, Tensor g, GradientSink grads) {
        int hidden = l.hidden;
        int batch = l.batch;
        DType dtype = l.dtype();
        Tensor dGates = Tensor.empty(dtype, new int[] {l.steps * batch, 4 * hidden});
        Tensor dh0 = Tensor.empty(dtype, new int[] {batch, hidden});
        Tensor dc0 = Tensor.empty(dtype, new int[] {batch, hidden});
        forBlocks(batch, (r0, rows) -> {
            Tensor back = Tensor.empty(dtype, new int[] {rows, 2 * hidden});     // [∂h | ∂c] from the step after
            Tensor stepGrad = Tensor.empty(dtype, new int[] {rows, 2 * hidden}); // g_t + back
            for (int i = l.steps - 1; i >= 0; i--) {
                State from = State.before(i, l, out);
                int at = from.step * batch + r0;
                Tensor grad = g;
                int gradOff = at * 2 * hidden;
                if (i < l.steps - 1) {
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
                LinearAlgebra.gemm(false, false, rows, hidden, 4 * hidden, dGates, at * 4 * hidden, 4 * hidden, l.wHh, 0, hidden, dh,
                        dhOff, stride, false);
            }
        });
        weightGradients(l, 4, dGates, dGates, out, 2 * hidden, grads);
        if (grads.needs(l.h0)) grads.add(l.h0, dh0);
        if (grads.needs(l.c0)) grads.add(l.c0, dc0);
    }

    /**
     * The GRU layer over {@code x} [T, N, in] from {@code h0} [N, H] with {@code wIh} [3H, in], {@code wHh}
     * [3H, H] and biases [3H] (each may be null), backwards over time when {@code reverse}; returns h_t of every
     * step t, [T, N, H]. Per step {@code gi = x_t·W_ihᵀ + b_ih} and {@code gh = h·W_hhᵀ + b_hh} go to the cell
     * of {@link RecurrentCells#gruCell}; {@code b_hh} stays in gh, where the reset gate scales its n part.
     */
    static Tensor gru(Tensor x, Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, boolean reverse) {
        Layer l = check("gruLayer", 3, x, h0, null, wIh, wHh, bIh, bHh, reverse);
        int hidden = l.hidden;
        int batch = l.batch;
        DType dtype = l.dtype();
        Tensor out = Tensor.empty(dtype, new int[] {l.steps, batch, hidden});
        Tensor[] inputs = l.inputs();
        // r, z, n and each step's gh (the backward reads gh_n) for the fused backward, kept only if recorded
        boolean keep = Recorder.wouldRecord(inputs);
        Tensor saved = keep ? Tensor.empty(dtype, new int[] {l.steps * batch, 3 * hidden}) : null;
        Tensor ghAll = keep ? Tensor.empty(dtype, new int[] {l.steps * batch, 3 * hidden}) : null;
        Tensor wIhT;
        Tensor wHhT;
        try (NoGrad scope = NoGrad.enter()) { // plain right operands, as for the LSTM
            wIhT = wIh.t();
            wHhT = wHh.t();
        }
        forBlocks(batch, (r0, rows) -> {
            Tensor gx = Tensor.empty(dtype, new int[] {rows, 3 * hidden});
            Tensor ghRows = keep ? null : Tensor.empty(dtype, new int[] {rows, 3 * hidden});
            for (int i = 0; i < l.steps; i++) {
                State from = State.before(i, l, out);
                int at = from.step * batch + r0;
                Tensor h = from.h;
                int hOff = from.hOff + r0 * hidden;
                Tensor gh = keep ? ghAll : ghRows;
                int ghOff = keep ? at * 3 * hidden : 0;
                startAtBias(bIh, gx, 0, rows);
                startAtBias(bHh, gh, ghOff, rows);
                LinearAlgebra.gemm(false, false, rows, 3 * hidden, l.in, x, at * l.in, l.in, wIhT, 0, 3 * hidden, gx, 0, 3 * hidden,
                        bIh != null);
                LinearAlgebra.gemm(false, false, rows, 3 * hidden, hidden, h, hOff, hidden, wHhT, 0, 3 * hidden, gh, ghOff,
                        3 * hidden, bHh != null);
                if (dtype == DType.FLOAT32) {
                    K.gru(gx.f32(), 0, gh.f32(), ghOff, h.f32(), hOff, out.f32(), at * hidden, keep ? saved.f32() : null,
                            at * 3 * hidden, hidden, rows);
                } else {
                    K.gru(gx.f64(), 0, gh.f64(), ghOff, h.f64(), hOff, out.f64(), at * hidden, keep ? saved.f64() : null,
                            at * 3 * hidden, hidden, rows);
                }
            }
        });
        return Recorder.record("gruLayer", out, (g, grads) -> {
            if (Recorder.wouldRecord(g, out) || Recorder.wouldRecord(inputs)) {
                gruBackwardComposed(l, out, g, grads);
            } else {
                gruBackward(l, out, saved, ghAll, g, grads);
            }
        }, inputs);
    }

    /** Rows {@code [0, rows)} of {@code gates} from {@code off} set to the bias (every row starts at it), when there is one. */
    private static void startAtBias(Tensor bias, Tensor gates, int off, int rows) {
        if (bias != null) {
            int width = bias.numel();
            for (int r = 0; r < rows; r++) {
                System.arraycopy(bias.array(), 0, gates.array(), off + r * width, width);
            }
        }
    }

    /**
     * The GRU's fused reverse pass: per block and step, from the last taken, the cell's backward kernel turns
     * the step's gradient (its rows of {@code g} plus what the step after passed back) into the gradients of
     * the step's input and hidden gates and {@code g·z}, to which {@code ∂gh·W_hh} adds the rest of ∂h for the
     * step before; then the weight, bias and input gradients over all steps at once.
     */
    private static void gruBackward(Layer l, Tensor out, Tensor saved, Tensor ghAll, Tensor g, GradientSink grads) {
        int hidden = l.hidden;
        int batch = l.batch;
        DType dtype = l.dtype();
        Tensor dGi = Tensor.empty(dtype, new int[] {l.steps * batch, 3 * hidden});
        Tensor dGh = Tensor.empty(dtype, new int[] {l.steps * batch, 3 * hidden});
        Tensor dh0 = Tensor.empty(dtype, new int[] {batch, hidden});
        forBlocks(batch, (r0, rows) -> {
            Tensor back = Tensor.empty(dtype, new int[] {rows, hidden});     // ∂h from the step after
            Tensor stepGrad = Tensor.empty(dtype, new int[] {rows, hidden}); // g_t + back
            for (int i = l.steps - 1; i >= 0; i--) {
                State from = State.before(i, l, out);
                int at = from.step * batch + r0;
                Tensor h = from.h;
                int hOff = from.hOff + r0 * hidden;
                Tensor grad = g;
                int gradOff = at * hidden;
                if (i < l.steps - 1) {
                    add(g, at * hidden, back, 0, stepGrad, 0, rows * hidden);
                    grad = stepGrad;
                    gradOff = 0;
                }
                Tensor dh = i == 0 ? dh0 : back;
                int dhOff = i == 0 ? r0 * hidden : 0;
                if (dtype == DType.FLOAT32) {
                    K.gruBackward(saved.f32(), at * 3 * hidden, ghAll.f32(), at * 3 * hidden, h.f32(), hOff, grad.f32(), gradOff,
                            dGi.f32(), dGh.f32(), at * 3 * hidden, dh.f32(), dhOff, hidden, rows);
                } else {
                    K.gruBackward(saved.f64(), at * 3 * hidden, ghAll.f64(), at * 3 * hidden, h.f64(), hOff, grad.f64(), gradOff,
                            dGi.f64(), dGh.f64(), at * 3 * hidden, dh.f64(), dhOff, hidden, rows);
                }
                // ∂h_{t−1} = g·z + ∂gh·W_hh
                LinearAlgebra.gemm(false, false, rows, hidden, 3 * hidden, dGh, at * 3 * hidden, 3 * hidden, l.wHh, 0, hidden, dh,
                        dhOff, hidden, true);
            }
        });
        weightGradients(l, 3, dGi, dGh, out, hidden, grads);
        if (grads.needs(l.h0)) grads.add(l.h0, dh0);
    }

    /** The gradients of {@link #gru} as differentiable ops, for an enclosing tape, as {@link #lstmBackwardComposed}. */
    private static void gruBackwardComposed(Layer l, Tensor out, Tensor g, GradientSink grads) {
        Tensor gates = l.x.linear(l.wIh, l.bIh);
        Tensor[] dGi = new Tensor[l.steps];
        Tensor[] dGh = new Tensor[l.steps];
        Tensor dh = null;
        Tensor dWhh = null;
        for (int i = l.steps - 1; i >= 0; i--) {
            int t = l.reverse ? l.steps - 1 - i : i;
            Tensor hPrev = i == 0 ? l.h0 : step(out, l.reverse ? t + 1 : t - 1);
            Tensor gradient = dh == null ? step(g, t) : step(g, t).add(dh);
            Tensor[] d = RecurrentCells.gruBackwardComposed(step(gates, t), hPrev.linear(l.wHh, l.bHh), hPrev, gradient);
            dGi[t] = d[0];
            dGh[t] = d[1];
            dh = d[2].add(d[1].matmul(l.wHh));
            Tensor w = d[1].t().matmul(hPrev);
            dWhh = dWhh == null ? w : dWhh.add(w);
        }
        int all = l.steps * l.batch;
        Tensor di = Tensor.stack(0, dGi).reshape(all, 3 * l.hidden);
        Tensor dgh = Tensor.stack(0, dGh).reshape(all, 3 * l.hidden);
        composedWeightGradients(l, di, dgh, dWhh, grads);
        if (grads.needs(l.h0)) grads.add(l.h0, dh);
    }

    /**
     * {@link #weightGradients} as differentiable ops, from the stacked gate gradients {@code di}, {@code dgh}
     * [T·N, G·H] (one tensor for an LSTM) and ∂W_hh summed over the steps.
     */
    private static void composedWeightGradients(Layer l, Tensor di, Tensor dgh, Tensor dWhh, GradientSink grads) {
        if (grads.needs(l.x)) grads.add(l.x, di.matmul(l.wIh).reshape(l.x.shape()));
        if (grads.needs(l.wIh)) grads.add(l.wIh, di.t().matmul(l.x.reshape(l.steps * l.batch, l.in)));
        if (grads.needs(l.wHh)) grads.add(l.wHh, dWhh);
        if (l.bIh != null && grads.needs(l.bIh)) grads.add(l.bIh, di.sum(new int[] {0}, false));
        if (l.bHh != null && grads.needs(l.bHh)) grads.add(l.bHh, dgh.sum(new int[] {0}, false));
    }

    /**
     * What a layer op's backward computes over all steps at once, from the gradients of every step's input
     * gates {@code dGi} and hidden gates {@code dGh} ([T·N, G·H]; one tensor for an LSTM, whose gates are their
     * sum): {@code ∂x = dGi·W_ih}, {@code ∂W_ih = dGiᵀ·x}, {@code ∂W_hh = Σ_t dGh_tᵀ·h_{t−1}} (the steps after the
     * first read h_{t−1} from {@code out}, rows {@code outStride} apart, which run alongside) and the biases'
     * column sums.
     */
    private static void weightGradients(Layer l, int gates, Tensor dGi, Tensor dGh, Tensor out, int outStride,
            GradientSink grads) {
        int hidden = l.hidden;
        int batch = l.batch;
        int width = gates * hidden;
        int all = l.steps * batch;
        DType dtype = l.dtype();
        if (grads.needs(l.x)) {
            Tensor dx = Tensor.empty(dtype, l.x.shapeRef());
            LinearAlgebra.gemm(false, false, all, l.in, width, dGi, 0, width, l.wIh, 0, l.in, dx, 0, l.in, false);
            grads.add(l.x, dx);
        }
        if (grads.needs(l.wIh)) {
            Tensor dW = Tensor.empty(dtype, l.wIh.shapeRef());
            LinearAlgebra.gemm(true, false, width, l.in, all, dGi, 0, width, l.x, 0, l.in, dW, 0, l.in, false);
            grads.add(l.wIh, dW);
        }
        if (grads.needs(l.wHh)) {
            Tensor dW = Tensor.empty(dtype, l.wHh.shapeRef());
            int later = (l.steps - 1) * batch;
            int firstStep = l.reverse ? l.steps - 1 : 0;
            if (later > 0) {
                LinearAlgebra.gemm(true, false, width, hidden, later, dGh, l.reverse ? 0 : batch * width, width, out,
                        l.reverse ? batch * outStride : 0, outStride, dW, 0, hidden, false);
            }
            LinearAlgebra.gemm(true, false, width, hidden, batch, dGh, firstStep * batch * width, width, l.h0, 0, hidden, dW, 0,
                    hidden, later > 0);
            grads.add(l.wHh, dW);
        }
        Tensor dbIh = null;
        if (l.bIh != null && grads.needs(l.bIh)) {
            dbIh = dGi.sum(new int[] {0}, false);
            grads.add(l.bIh, dbIh);
        }
        if (l.bHh != null && grads.needs(l.bHh)) {
            grads.add(l.bHh, dGh == dGi && dbIh != null ? dbIh : dGh.sum(new int[] {0}, false));
        }
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
     * The gradients of {@link #lstm} as differentiable ops, for an enclosing tape: the input gates as a linear
     * op, then the fused rule's recurrence step by step, each step's cell gradient from the cell's composed
     * rule, and the weight, bias and input gradients as products and sums of those.
     */
    private static void lstmBackwardComposed(Layer l, Tensor out, Tensor g, GradientSink grads) {
        int hidden = l.hidden;
        Tensor bias = l.bIh == null ? l.bHh : l.bHh == null ? l.bIh : l.bIh.add(l.bHh);
        Tensor gates = l.x.linear(l.wIh, bias);
        Tensor[] dGates = new Tensor[l.steps];
        Tensor dh = null;
        Tensor dc = null;
        Tensor dWhh = null;
        for (int i = l.steps - 1; i >= 0; i--) {
            int t = l.reverse ? l.steps - 1 - i : i;
            int prev = l.reverse ? t + 1 : t - 1;
            boolean first = i == 0;
            Tensor hPrev = first ? l.h0 : step(out, prev).narrow(1, 0, hidden);
            Tensor cPrev = first ? l.c0 : step(out, prev).narrow(1, hidden, hidden);
            Tensor gradient = dh == null ? step(g, t) : step(g, t).add(Tensor.cat(1, dh, dc));
            Tensor[] d = RecurrentCells.lstmBackwardComposed(step(gates, t), hPrev.linear(l.wHh, null), cPrev, step(out, t),
                    gradient, hidden);
            dGates[t] = d[0];
            dh = d[0].matmul(l.wHh);
            dc = d[1];
            Tensor w = d[0].t().matmul(hPrev);
            dWhh = dWhh == null ? w : dWhh.add(w);
        }
        Tensor da = Tensor.stack(0, dGates).reshape(l.steps * l.batch, 4 * hidden);
        composedWeightGradients(l, da, da, dWhh, grads);
        if (grads.needs(l.h0)) grads.add(l.h0, dh);
        if (grads.needs(l.c0)) grads.add(l.c0, dc);
    }

    /** {@code x[t]}. */
    private static Tensor step(Tensor x, int t) {
        return x.narrow(0, t, 1).squeeze(0);
    }

    /**
     * Checks the operands of a layer op with {@code gates} gates (4: LSTM, with c0; 3: GRU, c0 null): one
     * floating dtype, x [T, N, in], states [N, H], W_ih [G·H, in], W_hh [G·H, H], biases [G·H] or null, with
     * T, N, H ≥ 1.
     */
    private static Layer check(String op, int gates, Tensor x, Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh,
            Tensor bHh, boolean reverse) {
        boolean lstm = gates == 4;
        Tensor[] all = {x, h0, c0, wIh, wHh, bIh, bHh};
        String[] names = {"x", "h0", "c0", "weight_ih", "weight_hh", "bias_ih", "bias_hh"};
        StringBuilder shapes = new StringBuilder();
        StringBuilder dtypes = new StringBuilder();
        for (int k = 0; k < all.length; k++) {
            if (all[k] != null) {
                Elementwise.requireFloating(op, all[k]);
                shapes.append(shapes.isEmpty() ? "" : ", ").append(names[k]).append(' ').append(Shapes.format(all[k].shapeRef()));
                dtypes.append(dtypes.isEmpty() ? "" : ", ").append(names[k]).append(' ').append(all[k].dtype());
            } else if (k < 5 && (k != 2 || lstm)) {
                throw new IllegalArgumentException(op + ": " + names[k] + " must not be null");
            }
        }
        for (Tensor t : all) {
            if (t != null && t.dtype() != x.dtype()) {
                throw new IllegalArgumentException(op + ": all operands must have one dtype, got " + dtypes);
            }
        }
        int[] w = wHh.shapeRef();
        if (w.length != 2 || w[1] < 1 || w[0] != gates * w[1]) {
            throw new IllegalArgumentException(op + ": expected weight_hh [" + gates + "·H, H] with H ≥ 1, got " + shapes);
        }
        int hidden = w[1];
        int[] s = x.shapeRef();
        if (s.length != 3 || s[0] < 1 || s[1] < 1) {
            throw new IllegalArgumentException(op + ": expected x [T, N, input_size] with T, N ≥ 1, got " + shapes);
        }
        if (!Arrays.equals(wIh.shapeRef(), new int[] {gates * hidden, s[2]})) {
            throw new IllegalArgumentException(op + ": expected weight_ih [" + gates * hidden + ", " + s[2] + "] for H = "
                    + hidden + " and input_size " + s[2] + ", got " + shapes);
        }
        int[] state = {s[1], hidden};
        if (!Arrays.equals(h0.shapeRef(), state) || (lstm && !Arrays.equals(c0.shapeRef(), state))) {
            throw new IllegalArgumentException(op + ": expected " + (lstm ? "h0 and c0 " : "h0 ") + Shapes.format(state)
                    + ", got " + shapes);
        }
        if (!lstm && c0 != null) {
            throw new IllegalArgumentException(op + ": a GRU has no cell state, got " + shapes);
        }
        for (Tensor b : new Tensor[] {bIh, bHh}) {
            if (b != null && !Arrays.equals(b.shapeRef(), new int[] {gates * hidden})) {
                throw new IllegalArgumentException(op + ": expected biases [" + gates * hidden + "], got " + shapes);
            }
        }
        return new Layer(x, h0, c0, wIh, wHh, bIh, bHh, reverse, s[0], s[1], s[2], hidden);
    }
}

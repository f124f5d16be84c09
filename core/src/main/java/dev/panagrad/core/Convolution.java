package dev.panagrad.core;

import dev.panagrad.core.kernels.ConvGeometry;
import dev.panagrad.core.kernels.ConvKernels;
import dev.panagrad.core.kernels.ElementwiseKernels;
import dev.panagrad.core.kernels.ElementwiseKernels.Binary;
import dev.panagrad.core.kernels.GemmKernels;
import dev.panagrad.core.kernels.Parallel;
import dev.panagrad.core.kernels.ReductionKernels;

/**
 * Convolutions (PyTorch semantics, NCHW / NCL, or unbatched CHW / CL as a batch of one). Everything is built on three differentiable primitives
 * of one trilinear form {@code T(big, w, small) = Σ small[n,so,oy,ox] · w[so,bc,ky,kx] · big[n,g·Cb+bc,iy,ix]}
 * with {@code iy = oy·s − p + ky·d} (see {@link ConvGeometry}; {@code so} runs over the small side's
 * channels of group {@code g}):
 * <ul>
 * <li>{@link #convolve}: {@code small = ∂T/∂small} — conv2d (and conv1d) forward;
 * <li>{@link #transpose}: {@code big = ∂T/∂big} — convTranspose2d forward and conv2d's input gradient;
 * <li>{@link #weightGrad}: {@code w = ∂T/∂w} — both ops' weight gradient.
 * </ul>
 * Each one's gradients are the other two, so the set is closed under differentiation: gradients of
 * any order (WGAN-GP's gradient penalty through a conv net) need nothing else. Values are computed by
 * im2col + GEMM per group over blocks of samples: the samples' column matrices sit side by side in one
 * per-thread scratch matrix (see {@link Scratch}), so one large GEMM, parallel inside, serves the whole
 * block, and the channel-major product is moved to NCHW afterwards (a block of one sample and one group
 * is read and written in place: its planes are already channel-major). A conv2d's or a transposed
 * convolution's backward computes its three gradients in one pass over the output gradient
 * ({@link #convolveBackward}, {@link #transposeBackward}). Block sizes depend on the shapes only, so
 * results are the same for every thread count.
 */
final class Convolution {
    private static final ConvKernels K = ConvKernels.INSTANCE;
    private static final GemmKernels GEMM = GemmKernels.INSTANCE;
    private static final ElementwiseKernels E = ElementwiseKernels.INSTANCE;
    private static final ReductionKernels SUMS = ReductionKernels.INSTANCE;

    private Convolution() {}

    // ------------------------------------------------------------------ public ops

    /** 2-D convolution, see {@link Tensor#conv2d(Tensor, Tensor, int[], int[], int[], int)}; an unbatched x is a batch of one. */
    static Tensor conv2d(Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] dilation, int groups) {
        ConvGeometry geo = ConvChecks.forward("conv2d", 2, x, w, b, stride, padding, dilation, groups);
        return x.dim() == 4 ? convolve(x, w, b, groups, geo) : convolve(x.unsqueeze(0), w, b, groups, geo).squeeze(0);
    }

    /** 1-D convolution: conv2d over a height of 1, see {@link Tensor#conv1d}; an unbatched x is a batch of one. */
    static Tensor conv1d(Tensor x, Tensor w, Tensor b, int stride, int padding, int dilation, int groups) {
        ConvGeometry geo = ConvChecks.forward("conv1d", 1, x, w, b, new int[] {stride}, new int[] {padding},
                new int[] {dilation}, groups);
        int[] xs = x.shapeRef(), ws = w.shapeRef();
        int n = x.dim() == 3 ? xs[0] : 1, c = xs[xs.length - 2], l = xs[xs.length - 1];
        Tensor y = convolve(x.reshape(n, c, 1, l), w.reshape(ws[0], ws[1], 1, ws[2]), b, groups, geo);
        return x.dim() == 3 ? y.reshape(n, ws[0], geo.ow()) : y.reshape(ws[0], geo.ow());
    }

    /** 2-D transposed convolution, see {@link Tensor#convTranspose2d}; an unbatched x is a batch of one. */
    static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b, int[] stride, int[] padding, int[] outputPadding,
            int[] dilation, int groups) {
        ConvGeometry geo = ConvChecks.transposed(x, w, b, stride, padding, outputPadding, dilation, groups);
        return x.dim() == 4 ? transpose(x, w, b, groups, geo) : transpose(x.unsqueeze(0), w, b, groups, geo).squeeze(0);
    }

    // ------------------------------------------------------------------ the three primitives

    /**
     * small[n, so, oy, ox] = b[so] + Σ_{bc,ky,kx} w[so, bc, ky, kx] · big[n, g·Cb + bc, iy, ix].
     * ∂big = transpose(g, w), ∂w = weightGrad(big, g), ∂b = Σ_{n,oy,ox} g, all three from one pass over g
     * ({@link #convolveBackward}).
     */
    static Tensor convolve(Tensor big, Tensor w, Tensor b, int groups, ConvGeometry geo) {
        int[] bs = big.shapeRef();
        int n = bs[0], cb = bs[1] / groups, cs = w.shapeRef()[0] / groups;
        int kc = cb * geo.kernelArea(), area = geo.outArea(), plane = geo.h() * geo.w();
        Tensor y = Tensor.empty(big.dtype(), new int[] {n, groups * cs, geo.oh(), geo.ow()});
        Object x = big.array(), wt = w.array(), out = y.array(), bias = b == null ? null : b.array();
        if (direct(big.dtype(), groups, cb, geo)) {
            convolveDirect((float[]) x, cb, geo, (float[]) wt, cs, (float[]) bias, (float[]) out, n);
        } else {
            forBlocks(big.dtype(), n, kc, cs, area, (chunk, n0, m, col, prod) -> {
                int ld = m * area;
                for (int gi = 0; gi < groups; gi++) {
                    im2colBlock(x, n0, m, gi, groups, cb, plane, geo, col, ld);
                    productToPlanes(wt, gi, cs, kc, col, ld, prod, out, n0, m, groups, area, bias);
                }
            });
        }
        return Recorder.record("conv2d", y, (g, grads) -> convolveBackward(big, w, b, g, groups, geo, grads),
                inputs(big, w, b));
    }

    /**
     * {@link #convolve} without a column matrix ({@code ConvKernels.convolveDirect}), samples in parallel: for the layers
     * whose column matrix is short, bitwise the same result.
     */
    private static void convolveDirect(float[] x, int channels, ConvGeometry geo, float[] w, int outChannels,
            float[] bias, float[] out, int n) {
        int plane = geo.h() * geo.w(), area = geo.outArea();
        Parallel.forRange(n, grain((long) outChannels * channels * geo.kernelArea() * area), (from, to) -> {
            float[] pad = padded(channels, geo, outChannels);
            for (int j = from; j < to; j++) {
                K.convolveDirect(x, j * channels * plane, channels, geo, w, 0, outChannels, bias, 0, out, j * outChannels * area, pad);
            }
        });
    }

    /** Whether a conv2d of these shapes convolves directly: in float32, with one group, where the kernels say so. */
    private static boolean direct(DType dtype, int groups, int cb, ConvGeometry geo) {
        return dtype == DType.FLOAT32 && groups == 1 && K.convolvesDirectly(cb, geo);
    }

    /**
     * Whether a conv2d of these shapes takes its weight gradient directly: in float32, with one group, where the kernels
     * say so. Its backward, the transposed convolution's backward and {@link #weightGrad} all ask, so that the weight
     * gradient is the same whichever computes it.
     */
    private static boolean weightGradDirectly(DType dtype, int groups, int cb, int cs, ConvGeometry geo) {
        return dtype == DType.FLOAT32 && groups == 1 && K.weightGradDirectly(cb, cs, geo);
    }

    /** This thread's working space for the direct kernels. */
    private static float[] padded(int channels, ConvGeometry geo, int outChannels) {
        return (float[]) Scratch.array(DType.FLOAT32, Scratch.Slot.PADDED, ConvKernels.directScratch(channels, geo, outChannels));
    }

    /**
     * Sample j's weight gradient by {@code ConvKernels.weightGradDirect}, written to its own slot of {@code perSample}
     * (cs·kc floats per sample), so that {@link #sampleSum} adds the samples in order whatever the thread count.
     */
    private static void directWeightGrad(float[] x, float[] g, int j, int cb, int cs, ConvGeometry geo, float[] perSample) {
        int kc = cb * geo.kernelArea();
        K.weightGradDirect(x, j * cb * geo.h() * geo.w(), cb, geo, g, j * cs * geo.outArea(), cs, perSample, j * cs * kc,
                padded(cb, geo, cs));
    }

    /** The weight gradient {@code shape} as the sum, in sample order, of the n per-sample gradients of {@code perSample}. */
    private static Tensor sampleSum(float[] perSample, int n, int[] shape) {
        Tensor dw = Tensor.empty(DType.FLOAT32, shape);
        for (int j = 0; j < n; j++) {
            addInto(dw.array(), perSample, j * dw.numel());
        }
        return dw;
    }

    /**
     * The gradients of {@link #convolve}'s inputs from one pass over g's sample blocks: each block of g is read
     * from memory once and serves the bias sum, the weight gradient's product and the input gradient's product
     * while it is in cache (three separate passes read all of g three times). The input and weight gradients
     * are bitwise what {@link #transpose} and {@link #weightGrad} compute alone (the same products in the same
     * order) and are recorded with their rules, the bias gradient with {@code sum}'s, so gradients of any order
     * still work. The bias sums are per block and channel in double, added in block order at the end: the
     * result does not depend on the thread count.
     */
    private static void convolveBackward(Tensor big, Tensor w, Tensor b, Tensor g, int groups, ConvGeometry geo,
            GradientSink grads) {
        boolean needBig = grads.needs(big), needW = grads.needs(w), needB = b != null && grads.needs(b);
        if (!needBig && !needW && !needB) {
            return;
        }
        int[] bs = big.shapeRef();
        int n = bs[0], cb = bs[1] / groups, cs = w.shapeRef()[0] / groups, channels = groups * cs;
        int kc = cb * geo.kernelArea(), area = geo.outArea(), plane = geo.h() * geo.w();
        Tensor dBig = needBig ? Tensor.empty(big.dtype(), bs.clone()) : null; // zero-filled: col2im adds into it
        boolean directW = needW && weightGradDirectly(big.dtype(), groups, cb, cs, geo);
        WeightGradient dw = needW && !directW ? new WeightGradient(big.dtype(), n, kc, cs, area, groups, geo) : null;
        float[] perSample = directW ? new float[n * cs * kc] : null;
        int nb = blockSize(n, kc, cs, area);
        double[] biasSums = needB ? new double[Math.ceilDiv(n, nb) * channels] : null;
        Object x = big.array(), s = g.array(), wt = w.array(), dx = needBig ? dBig.array() : null;
        forBlocks(big.dtype(), n, kc, cs, area, (chunk, n0, m, col, grad) -> {
            int ld = m * area;
            for (int gi = 0; gi < groups; gi++) {
                Rows rows = channelRows(s, grad, n0, m, gi, groups, cs, area);
                if (needB) {
                    for (int so = 0; so < cs; so++) {
                        biasSums[n0 / nb * channels + gi * cs + so] += runSum(rows.array(), rows.offset() + so * ld, ld);
                    }
                }
                if (directW) {
                    for (int j = n0; j < n0 + m; j++) {
                        directWeightGrad((float[]) x, (float[]) s, j, cb, cs, geo, perSample);
                    }
                } else if (needW) {
                    im2colBlock(x, n0, m, gi, groups, cb, plane, geo, col, ld);
                    dw.add(chunk, gi, col, rows, ld);
                }
                if (needBig) {
                    foldProduct(wt, gi, cs, kc, rows, ld, col, n0, m, groups, cb, plane, geo, dx);
                }
            }
        });
        if (needBig) {
            grads.add(big, Recorder.record("convTranspose2d", dBig, transposeRule(g, w, null, groups, geo), g, w));
        }
        if (needW) {
            Tensor dW = directW ? sampleSum(perSample, n, w.shape()) : dw.result();
            grads.add(w, Recorder.record("conv2dWeightGrad", dW, weightGradRule(big, g, groups, geo), big, g));
        }
        if (needB) {
            grads.add(b, biasGradient(biasSums, channels, b.dtype(), g));
        }
    }

    /**
     * big[n, g·Cb + bc, iy, ix] = b[g·Cb + bc] + Σ w[so, bc, ky, kx] · small[n, so, oy, ox] over the
     * (so, oy, ox, ky, kx) that reach (iy, ix).  ∂small = convolve(g, w), ∂w = weightGrad(g, small), ∂b = Σ g.
     */
    static Tensor transpose(Tensor small, Tensor w, Tensor b, int groups, ConvGeometry geo) {
        int[] ss = small.shapeRef(), ws = w.shapeRef();
        int n = ss[0], cs = ss[1] / groups, cb = ws[1];
        int kc = cb * geo.kernelArea(), area = geo.outArea(), plane = geo.h() * geo.w();
        Tensor y = Tensor.empty(small.dtype(), new int[] {n, groups * cb, geo.h(), geo.w()});
        Object s = small.array(), wt = w.array(), out = y.array();
        if (b != null) {
            fillBias(out, b.array(), n, groups * cb, plane);
        }
        forBlocks(small.dtype(), n, kc, cs, area, (chunk, n0, m, col, grad) -> {
            int ld = m * area;
            for (int gi = 0; gi < groups; gi++) {
                Rows rows = channelRows(s, grad, n0, m, gi, groups, cs, area);
                foldProduct(wt, gi, cs, kc, rows, ld, col, n0, m, groups, cb, plane, geo, out);
            }
        });
        return Recorder.record("convTranspose2d", y, transposeRule(small, w, b, groups, geo), inputs(small, w, b));
    }

    /** {@link #transpose}'s gradient rule: {@link #transposeBackward}. */
    private static BackwardRule transposeRule(Tensor small, Tensor w, Tensor b, int groups, ConvGeometry geo) {
        return (g, grads) -> transposeBackward(small, w, b, g, groups, geo, grads);
    }

    /**
     * The gradients of {@link #transpose}'s inputs from one pass over g's sample blocks, as {@link #convolveBackward}
     * does for a convolution: ∂small = convolve(g, w) and ∂w = weightGrad(g, small) share each block's column
     * matrix of g (unfolded once instead of twice), and the bias sums read the block's planes while they are in
     * cache. ∂small and ∂w are bitwise what those primitives compute alone and are recorded with their rules.
     */
    private static void transposeBackward(Tensor small, Tensor w, Tensor b, Tensor g, int groups, ConvGeometry geo,
            GradientSink grads) {
        boolean needSmall = grads.needs(small), needW = grads.needs(w), needB = b != null && grads.needs(b);
        if (!needSmall && !needW && !needB) {
            return;
        }
        int[] ss = small.shapeRef();
        int n = ss[0], cs = ss[1] / groups, cb = w.shapeRef()[1], channels = groups * cb;
        int kc = cb * geo.kernelArea(), area = geo.outArea(), plane = geo.h() * geo.w();
        Tensor dSmall = needSmall ? Tensor.empty(small.dtype(), ss.clone()) : null;
        boolean directW = needW && weightGradDirectly(small.dtype(), groups, cb, cs, geo);
        WeightGradient dw = needW && !directW ? new WeightGradient(small.dtype(), n, kc, cs, area, groups, geo) : null;
        float[] perSample = directW ? new float[n * cs * kc] : null;
        int nb = blockSize(n, kc, cs, area);
        double[] biasSums = needB ? new double[Math.ceilDiv(n, nb) * channels] : null;
        Object big = g.array(), s = small.array(), wt = w.array(), out = needSmall ? dSmall.array() : null;
        forBlocks(small.dtype(), n, kc, cs, area, (chunk, n0, m, col, prod) -> {
            int ld = m * area;
            for (int j = 0; needB && j < m; j++) {
                for (int c = 0; c < channels; c++) {
                    biasSums[n0 / nb * channels + c] += runSum(big, ((n0 + j) * channels + c) * plane, plane);
                }
            }
            for (int j = n0; directW && j < n0 + m; j++) {
                directWeightGrad((float[]) big, (float[]) s, j, cb, cs, geo, perSample);
            }
            for (int gi = 0; (needSmall || dw != null) && gi < groups; gi++) {
                im2colBlock(big, n0, m, gi, groups, cb, plane, geo, col, ld);
                if (dw != null) { // reads small's rows (gathered into prod) before the product below overwrites prod
                    dw.add(chunk, gi, col, channelRows(s, prod, n0, m, gi, groups, cs, area), ld);
                }
                if (needSmall) {
                    productToPlanes(wt, gi, cs, kc, col, ld, prod, out, n0, m, groups, area, null);
                }
            }
        });
        if (needSmall) {
            grads.add(small, Recorder.record("conv2d", dSmall,
                    (gs, sink) -> convolveBackward(g, w, null, gs, groups, geo, sink), g, w));
        }
        if (needW) {
            Tensor dW = directW ? sampleSum(perSample, n, w.shape()) : dw.result();
            grads.add(w, Recorder.record("conv2dWeightGrad", dW, weightGradRule(g, small, groups, geo), g, small));
        }
        if (needB) {
            grads.add(b, biasGradient(biasSums, channels, b.dtype(), g));
        }
    }

    /**
     * Group {@code gi}'s product {@code W_g (cs × kc) · col (kc × m·area)} for samples {@code n0 … n0+m−1}, written to
     * their NCHW planes of {@code out} (channels {@code gi·cs …}) plus {@code bias} when given: straight into the planes
     * when {@link #inPlace}, else through the channel-major scratch {@code prod}.
     */
    private static void productToPlanes(Object wt, int gi, int cs, int kc, Object col, int ld, Object prod, Object out,
            int n0, int m, int groups, int area, Object bias) {
        if (inPlace(m, groups)) { // one sample, one group: its planes are the channel-major product
            int q = n0 * cs * area;
            gemm(false, false, cs, ld, kc, wt, 0, kc, col, 0, ld, out, q, ld, false);
            if (bias != null) {
                addBias(out, q, cs, area, bias);
            }
            return;
        }
        gemm(false, false, cs, ld, kc, wt, gi * cs * kc, kc, col, 0, ld, prod, 0, ld, false);
        moveChannels(prod, false, out, n0, m, gi * cs, groups * cs, cs, area, bias);
    }

    /**
     * Group {@code gi}'s product {@code col (kc × m·area) = W_gᵀ (kc × cs) · rows (cs × m·area)} for samples
     * {@code n0 …}, folded back (added) into their big planes of {@code out}.
     */
    private static void foldProduct(Object wt, int gi, int cs, int kc, Rows rows, int ld, Object col, int n0, int m,
            int groups, int cb, int plane, ConvGeometry geo, Object out) {
        gemm(true, false, kc, ld, cs, wt, gi * cs * kc, kc, rows.array(), rows.offset(), ld, col, 0, ld, false);
        col2imBlock(col, ld, n0, m, gi, groups, cb, plane, geo, out);
    }

    /**
     * A bias gradient {@code Σ_{n,y,x} g[n, c, y, x]} from per-block sums ({@code sums[block·channels + c]}, in
     * double), added in block order, recorded with {@code sum}'s rule so that it differentiates again.
     */
    private static Tensor biasGradient(double[] sums, int channels, DType dtype, Tensor g) {
        double[] total = new double[channels];
        for (int i = 0; i < sums.length; i++) {
            total[i % channels] += sums[i];
        }
        int[] kept = {1, channels, 1, 1};
        return Recorder.record("sum", Tensor.of(total, channels).to(dtype),
                (gb, sink) -> sink.add(g, Reductions.spread(gb, kept, g.shapeRef())), g);
    }

    /**
     * dw[so, bc, ky, kx] = Σ_{n,oy,ox} small[n, so, oy, ox] · big[n, g·Cb + bc, iy, ix].
     * With G the gradient of dw: ∂big = transpose(small, G), ∂small = convolve(big, G).
     */
    static Tensor weightGrad(Tensor big, Tensor small, int groups, ConvGeometry geo) {
        int[] bs = big.shapeRef(), ss = small.shapeRef();
        int n = bs[0], cb = bs[1] / groups, cs = ss[1] / groups;
        int kc = cb * geo.kernelArea(), area = geo.outArea(), plane = geo.h() * geo.w();
        if (weightGradDirectly(big.dtype(), groups, cb, cs, geo)) {
            float[] perSample = new float[n * cs * kc];
            Parallel.forRange(n, grain((long) cs * kc * area), (from, to) -> {
                for (int j = from; j < to; j++) {
                    directWeightGrad(big.f32(), small.f32(), j, cb, cs, geo, perSample);
                }
            });
            return Recorder.record("conv2dWeightGrad", sampleSum(perSample, n, new int[] {cs, cb, geo.kh(), geo.kw()}),
                    weightGradRule(big, small, groups, geo), big, small);
        }
        WeightGradient dw = new WeightGradient(big.dtype(), n, kc, cs, area, groups, geo);
        Object x = big.array(), s = small.array();
        forBlocks(big.dtype(), n, kc, cs, area, (chunk, n0, m, col, grad) -> {
            int ld = m * area;
            for (int gi = 0; gi < groups; gi++) {
                im2colBlock(x, n0, m, gi, groups, cb, plane, geo, col, ld);
                dw.add(chunk, gi, col, channelRows(s, grad, n0, m, gi, groups, cs, area), ld);
            }
        });
        return Recorder.record("conv2dWeightGrad", dw.result(), weightGradRule(big, small, groups, geo), big, small);
    }

    /** {@link #weightGrad}'s gradient rule. */
    private static BackwardRule weightGradRule(Tensor big, Tensor small, int groups, ConvGeometry geo) {
        return (g, grads) -> {
            if (grads.needs(big)) grads.add(big, transpose(small, g, null, groups, geo));
            if (grads.needs(small)) grads.add(small, convolve(big, g, null, groups, geo));
        };
    }

    /**
     * A weight gradient summed over sample blocks: each chunk of blocks sums into its own partial, and the partials
     * are added in chunk order at the end. When a group has fewer output channels than column-matrix rows
     * (cs &lt; kc), the chunks compute dwᵀ = col · smallᵀ instead and dw is transposed once at the end: the GEMM
     * then reads the large column matrix in place and packs only the small gradient block (LeNet's second layer,
     * 16 × 200 × 300 per block: 43 against 24 µs on one core).
     */
    private static final class WeightGradient {
        private final DType dtype;
        private final int groups, kc, cs;
        private final int[] shape;
        private final boolean transposed;
        private final Tensor[] partials;

        WeightGradient(DType dtype, int n, int kc, int cs, int area, int groups, ConvGeometry geo) {
            this.dtype = dtype;
            this.groups = groups;
            this.kc = kc;
            this.cs = cs;
            this.shape = new int[] {groups * cs, kc / geo.kernelArea(), geo.kh(), geo.kw()};
            this.transposed = cs < kc;
            this.partials = new Tensor[Math.max(1, Math.ceilDiv(n, blockSize(n, kc, cs, area)))];
        }

        /**
         * Adds group {@code gi}'s product of a block to the partial of {@code chunk} (touched by that chunk's thread
         * only): the block's column matrix {@code col} (kc × ld) against its channel-major gradient rows (cs × ld).
         */
        void add(int chunk, int gi, Object col, Rows rows, int ld) {
            Object small = rows.array();
            int off = rows.offset();
            if (partials[chunk] == null) {
                partials[chunk] = Tensor.empty(dtype, shape);
            }
            Object out = partials[chunk].array();
            if (transposed) {
                // dW_gᵀ (kc × cs) += col (kc × m·area) · small_gᵀ (m·area × cs)
                gemm(false, true, kc, cs, ld, col, 0, ld, small, off, ld, out, gi * cs * kc, cs, true);
            } else {
                // dW_g (cs × kc) += small_g (cs × m·area) · colᵀ (m·area × kc)
                gemm(false, true, cs, kc, ld, small, off, ld, col, 0, ld, out, gi * cs * kc, kc, true);
            }
        }

        /** The sum of the partials, in the weight's layout. */
        Tensor result() {
            Tensor sum = partials[0] == null ? Tensor.empty(dtype, shape) : partials[0];
            for (int i = 1; i < partials.length; i++) {
                if (partials[i] != null) {
                    addInto(sum.array(), partials[i].array(), 0);
                }
            }
            return transposed ? transposeGroups(sum, groups, kc, cs, shape) : sum;
        }
    }

    /** The weight {@code shape} from per-group transposed blocks: {@code dw[g·cs + o][p] = t[g][p][o]}. */
    private static Tensor transposeGroups(Tensor t, int groups, int kc, int cs, int[] shape) {
        Tensor dw = Tensor.empty(t.dtype(), shape);
        for (int g = 0; g < groups; g++) {
            int base = g * cs * kc;
            for (int o = 0; o < cs; o++) {
                int row = base + o * kc;
                if (dw.array() instanceof float[] to) {
                    float[] from = t.f32();
                    for (int p = 0; p < kc; p++) {
                        to[row + p] = from[base + p * cs + o];
                    }
                } else {
                    double[] to = dw.f64(), from = t.f64();
                    for (int p = 0; p < kc; p++) {
                        to[row + p] = from[base + p * cs + o];
                    }
                }
            }
        }
        return dw;
    }

    // ------------------------------------------------------------------ blocks of samples

    /**
     * Work on samples {@code n0 … n0+m−1} with this thread's scratch (a column matrix and a channel-major
     * block); {@code chunk} is the first block of the chunk this block belongs to.
     */
    @FunctionalInterface
    private interface BlockBody {
        void run(int chunk, int n0, int m, Object col, Object product);
    }

    /**
     * Runs {@code body} over the sample blocks of {@link #blockSize}, chunks of consecutive blocks in parallel
     * (each block's GEMM then runs on its thread alone).
     */
    private static void forBlocks(DType dtype, int n, int kc, int cs, int area, BlockBody body) {
        int nb = blockSize(n, kc, cs, area);
        int blocks = Math.ceilDiv(n, nb);
        Parallel.forRange(blocks, 1, (from, to) -> {
            Object col = Scratch.array(dtype, Scratch.Slot.COLUMNS, kc * nb * area);
            Object product = Scratch.array(dtype, Scratch.Slot.PRODUCT, cs * nb * area);
            for (int blk = from; blk < to; blk++) {
                int n0 = blk * nb;
                body.run(from, n0, Math.min(nb, n - n0), col, product);
            }
        });
    }

    /** {@code to[i] += from[fromOff + i]} over all of {@code to}, through the element-wise kernel. */
    private static void addInto(Object to, Object from, int fromOff) {
        if (to instanceof float[] t) {
            E.binary(Binary.ADD, t, 0, 1, (float[]) from, fromOff, 1, t, 0, t.length);
        } else {
            double[] t = (double[]) to;
            E.binary(Binary.ADD, t, 0, 1, (double[]) from, fromOff, 1, t, 0, t.length);
        }
    }

    /**
     * Column-matrix elements one GEMM may cover (256 KiB in float32): enough samples per GEMM that small
     * layers are not overhead-bound, few enough that the block stays in cache and the blocks spread over
     * the threads.
     */
    private static final int COLUMN_BUDGET = 1 << 16;
    /** Elements of im2col/col2im work below which one sample is not worth a hand-off to the pool. */
    private static final int PARALLEL_WORK = 1 << 14;

    /**
     * Samples per GEMM: as many as fit the budget in both scratch arrays (at least one). It depends on the
     * shapes alone, so results do not depend on the thread count.
     */
    private static int blockSize(int n, int kc, int cs, int area) {
        long perSample = (long) Math.max(kc, cs) * Math.max(1, area);
        return (int) Math.max(1, Math.min(n, COLUMN_BUDGET / perSample));
    }

    /** The pool grain for per-sample work of {@code perSample} elements. */
    private static int grain(long perSample) {
        return (int) Math.max(1, PARALLEL_WORK / Math.max(1, perSample));
    }

    /**
     * Whether a block's channel-major rows are its samples' NCHW planes as they lie: one sample, one group. Then
     * the products read and write the tensors in place instead of moving the block through the scratch.
     */
    private static boolean inPlace(int m, int groups) {
        return m == 1 && groups == 1;
    }

    /** Channel-major rows ({@code cs} of stride {@code m·area}) at {@code offset} of {@code array}. */
    private record Rows(Object array, int offset) {}

    /**
     * Group {@code gi}'s channels of samples {@code n0 … n0+m−1} of {@code nchw} as channel-major rows: where they
     * lie when {@link #inPlace}, else gathered into {@code scratch}.
     */
    private static Rows channelRows(Object nchw, Object scratch, int n0, int m, int gi, int groups, int cs, int area) {
        if (inPlace(m, groups)) {
            return new Rows(nchw, n0 * cs * area);
        }
        moveChannels(scratch, true, nchw, n0, m, gi * cs, groups * cs, cs, area, null);
        return new Rows(scratch, 0);
    }

    /** Σ array[from … from+n−1], in double. */
    private static double runSum(Object array, int from, int n) {
        return array instanceof float[] f ? SUMS.sum(f, from, n) : SUMS.sum((double[]) array, from, n);
    }

    private static Tensor[] inputs(Tensor a, Tensor w, Tensor b) {
        return b == null ? new Tensor[] {a, w} : new Tensor[] {a, w, b};
    }

    /** out[n, c, :] = bias[c] for every sample. */
    private static void fillBias(Object out, Object bias, int n, int channels, int area) {
        for (int ni = 0; ni < n; ni++) {
            for (int c = 0; c < channels; c++) {
                int from = (ni * channels + c) * area;
                if (out instanceof float[] o) {
                    java.util.Arrays.fill(o, from, from + area, ((float[]) bias)[c]);
                } else {
                    java.util.Arrays.fill((double[]) out, from, from + area, ((double[]) bias)[c]);
                }
            }
        }
    }

    /**
     * The column matrices of samples {@code n0 … n0+m−1} (group {@code gi}) side by side: sample j's columns
     * start at {@code j·area} of rows of stride {@code ld = m·area}. Samples run in parallel.
     */
    private static void im2colBlock(Object x, int n0, int m, int gi, int groups, int cb, int plane, ConvGeometry geo,
            Object col, int ld) {
        int area = geo.outArea();
        Parallel.forRange(m, grain((long) cb * geo.kernelArea() * area), (from, to) -> {
            for (int j = from; j < to; j++) {
                int xOff = ((n0 + j) * groups + gi) * cb * plane;
                if (x instanceof float[] f) {
                    K.im2col(f, xOff, cb, geo, (float[]) col, j * area, ld);
                } else {
                    K.im2col((double[]) x, xOff, cb, geo, (double[]) col, j * area, ld);
                }
            }
        });
    }

    /** Adds the side-by-side column matrices of {@link #im2colBlock} back into each sample's planes, in parallel. */
    private static void col2imBlock(Object col, int ld, int n0, int m, int gi, int groups, int cb, int plane,
            ConvGeometry geo, Object out) {
        int area = geo.outArea();
        Parallel.forRange(m, grain((long) cb * geo.kernelArea() * area), (from, to) -> {
            for (int j = from; j < to; j++) {
                int xOff = ((n0 + j) * groups + gi) * cb * plane;
                if (col instanceof float[] f) {
                    K.col2im(f, j * area, cb, geo, (float[]) out, xOff, ld);
                } else {
                    K.col2im((double[]) col, j * area, cb, geo, (double[]) out, xOff, ld);
                }
            }
        });
    }

    /**
     * Moves channels {@code c0 … c0+cs−1} of samples {@code n0 … n0+m−1} between NCHW ({@code nchw}, with
     * {@code channels} channels) and channel-major ({@code major}: row so holds the samples' planes side by
     * side, stride {@code m·area}). {@code gather}: major ← nchw; else nchw ← major, plus {@code bias[c0+so]}
     * when a bias is given.
     */
    private static void moveChannels(Object major, boolean gather, Object nchw, int n0, int m, int c0, int channels,
            int cs, int area, Object bias) {
        int ld = m * area;
        for (int j = 0; j < m; j++) {
            for (int so = 0; so < cs; so++) {
                int p = so * ld + j * area;
                int q = ((n0 + j) * channels + c0 + so) * area;
                if (gather) {
                    System.arraycopy(nchw, q, major, p, area);
                } else if (bias == null) {
                    System.arraycopy(major, p, nchw, q, area);
                } else {
                    addBias(major, p, nchw, q, area, bias, c0 + so);
                }
            }
        }
    }

    /** Adds {@code bias[r]} to plane r of the {@code rows} consecutive planes at {@code q} of {@code out}. */
    private static void addBias(Object out, int q, int rows, int area, Object bias) {
        for (int r = 0; r < rows; r++) {
            addBias(out, q + r * area, out, q + r * area, area, bias, r);
        }
    }

    /** {@code to[q + i] = from[p + i] + bias[c]} for {@code i < len}: the element-wise kernel, bias broadcast. */
    private static void addBias(Object from, int p, Object to, int q, int len, Object bias, int c) {
        if (to instanceof float[] t) {
            E.binary(Binary.ADD, (float[]) from, p, 1, (float[]) bias, c, 0, t, q, len);
        } else {
            E.binary(Binary.ADD, (double[]) from, p, 1, (double[]) bias, c, 0, (double[]) to, q, len);
        }
    }

    private static void gemm(boolean ta, boolean tb, int m, int n, int k, Object a, int aOff, int lda, Object b, int bOff,
            int ldb, Object c, int cOff, int ldc, boolean accumulate) {
        if (c instanceof float[] cf) {
            GEMM.gemm(ta, tb, m, n, k, (float[]) a, aOff, lda, (float[]) b, bOff, ldb, cf, cOff, ldc, accumulate);
        } else {
            GEMM.gemm(ta, tb, m, n, k, (double[]) a, aOff, lda, (double[]) b, bOff, ldb, (double[]) c, cOff, ldc, accumulate);
        }
    }
}

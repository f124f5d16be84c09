package dev.panagrad.core;

import dev.panagrad.core.kernels.ConvGeometry;
import dev.panagrad.core.kernels.ConvKernels;
import dev.panagrad.core.kernels.GemmKernels;

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
 * im2col + GEMM per sample and group (groups are offsets into the same buffers, never copies).
 */
final class Convolution {
    private static final ConvKernels K = ConvKernels.INSTANCE;
    private static final GemmKernels GEMM = GemmKernels.INSTANCE;

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
     * ∂big = transpose(g, w), ∂w = weightGrad(big, g), ∂b = Σ_{n,oy,ox} g.
     */
    static Tensor convolve(Tensor big, Tensor w, Tensor b, int groups, ConvGeometry geo) {
        int[] bs = big.shapeRef();
        int n = bs[0], cb = bs[1] / groups, cs = w.shapeRef()[0] / groups;
        int kc = cb * geo.kernelArea(), area = geo.outArea(), plane = geo.h() * geo.w();
        Tensor y = Tensor.empty(big.dtype(), new int[] {n, groups * cs, geo.oh(), geo.ow()});
        Object x = big.array(), wt = w.array(), out = y.array();
        if (b != null) {
            fillBias(out, b.array(), n, groups * cs, area);
        }
        boolean direct = isPointwise(geo);
        Object col = direct ? null : scratch(big.dtype(), kc * area);
        for (int ni = 0; ni < n; ni++) {
            for (int gi = 0; gi < groups; gi++) {
                int xOff = (ni * groups + gi) * cb * plane;
                if (!direct) {
                    im2col(x, xOff, cb, geo, col);
                }
                // small_g (cs × area) = W_g (cs × kc) · col (kc × area)
                gemm(false, false, cs, area, kc, wt, gi * cs * kc, kc, direct ? x : col, direct ? xOff : 0, area,
                        out, (ni * groups + gi) * cs * area, area, b != null);
            }
        }
        return Recorder.record("conv2d", y, (g, grads) -> {
            if (grads.needs(big)) grads.add(big, transpose(g, w, null, groups, geo));
            if (grads.needs(w)) grads.add(w, weightGrad(big, g, groups, geo));
            if (b != null && grads.needs(b)) grads.add(b, g.sum(new int[] {0, 2, 3}, false));
        }, inputs(big, w, b));
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
        boolean direct = isPointwise(geo);
        Object col = direct ? null : scratch(small.dtype(), kc * area);
        for (int ni = 0; ni < n; ni++) {
            for (int gi = 0; gi < groups; gi++) {
                int yOff = (ni * groups + gi) * cb * plane;
                // col (kc × area) = W_gᵀ (kc × cs) · small_g (cs × area), folded back into the big planes
                gemm(true, false, kc, area, cs, wt, gi * cs * kc, kc, s, (ni * groups + gi) * cs * area, area,
                        direct ? out : col, direct ? yOff : 0, area, direct);
                if (!direct) {
                    col2im(col, cb, geo, out, yOff);
                }
            }
        }
        return Recorder.record("convTranspose2d", y, (g, grads) -> {
            if (grads.needs(small)) grads.add(small, convolve(g, w, null, groups, geo));
            if (grads.needs(w)) grads.add(w, weightGrad(g, small, groups, geo));
            if (b != null && grads.needs(b)) grads.add(b, g.sum(new int[] {0, 2, 3}, false));
        }, inputs(small, w, b));
    }

    /**
     * dw[so, bc, ky, kx] = Σ_{n,oy,ox} small[n, so, oy, ox] · big[n, g·Cb + bc, iy, ix].
     * With G the gradient of dw: ∂big = transpose(small, G), ∂small = convolve(big, G).
     */
    static Tensor weightGrad(Tensor big, Tensor small, int groups, ConvGeometry geo) {
        int[] bs = big.shapeRef(), ss = small.shapeRef();
        int n = bs[0], cb = bs[1] / groups, cs = ss[1] / groups;
        int kc = cb * geo.kernelArea(), area = geo.outArea(), plane = geo.h() * geo.w();
        Tensor dw = Tensor.empty(big.dtype(), new int[] {groups * cs, cb, geo.kh(), geo.kw()});
        Object x = big.array(), s = small.array(), out = dw.array();
        boolean direct = isPointwise(geo);
        Object col = direct ? null : scratch(big.dtype(), kc * area);
        for (int ni = 0; ni < n; ni++) {
            for (int gi = 0; gi < groups; gi++) {
                int xOff = (ni * groups + gi) * cb * plane;
                if (!direct) {
                    im2col(x, xOff, cb, geo, col);
                }
                // dW_g (cs × kc) += small_g (cs × area) · colᵀ (area × kc)
                gemm(false, true, cs, kc, area, s, (ni * groups + gi) * cs * area, area, direct ? x : col,
                        direct ? xOff : 0, area, out, gi * cs * kc, kc, true);
            }
        }
        return Recorder.record("conv2dWeightGrad", dw, (g, grads) -> {
            if (grads.needs(big)) grads.add(big, transpose(small, g, null, groups, geo));
            if (grads.needs(small)) grads.add(small, convolve(big, g, null, groups, geo));
        }, big, small);
    }

    // ------------------------------------------------------------------ array plumbing

    /** A 1×1 kernel with unit stride and no padding: the big planes are the column matrix already. */
    private static boolean isPointwise(ConvGeometry geo) {
        return geo.kh() == 1 && geo.kw() == 1 && geo.sh() == 1 && geo.sw() == 1 && geo.ph() == 0 && geo.pw() == 0
                && geo.oh() == geo.h() && geo.ow() == geo.w();
    }

    private static Tensor[] inputs(Tensor a, Tensor w, Tensor b) {
        return b == null ? new Tensor[] {a, w} : new Tensor[] {a, w, b};
    }

    private static Object scratch(DType dtype, int size) {
        return dtype == DType.FLOAT32 ? new float[size] : new double[size];
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

    private static void im2col(Object x, int xOff, int channels, ConvGeometry geo, Object col) {
        if (x instanceof float[] f) {
            K.im2col(f, xOff, channels, geo, (float[]) col, 0);
        } else {
            K.im2col((double[]) x, xOff, channels, geo, (double[]) col, 0);
        }
    }

    private static void col2im(Object col, int channels, ConvGeometry geo, Object x, int xOff) {
        if (col instanceof float[] f) {
            K.col2im(f, 0, channels, geo, (float[]) x, xOff);
        } else {
            K.col2im((double[]) col, 0, channels, geo, (double[]) x, xOff);
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

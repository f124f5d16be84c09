package dev.panagrad.core.kernels.simd;

import dev.panagrad.core.kernels.ConvGeometry;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct float32 convolution with stride 1 for layers with a short column matrix (a network's first layer on 1 or 3
 * image channels), see {@code ConvKernels.convolveDirect}, and its weight gradient ({@link #weightGrad}, used for at
 * most 16 output channels). The sample's planes are copied once into zero-bordered planes, so every tap of every
 * output row is an unconditional vector load; a register block of 4 output channels ×
 * 2 vectors of one output row (8 accumulators) takes, per tap, 2 loads of the input row and 4 weight broadcasts for 8
 * FMAs, as the 4 × 16 GEMM tile does per k, but with nothing unfolded or packed. A row's last block ends at the row's
 * end and recomputes the columns it shares with the one before (the same values). Rows narrower than two vectors take
 * blocks of one vector, and rows narrower than one vector go element by element with {@link Math#fma}, which rounds
 * as a vector lane does. Taps are summed in column-matrix row order from 0 and the bias is added last, so the result
 * is bitwise what im2col, the packed GEMM and the bias add give. The taps' offsets come from a table, so the loop
 * over them is one loop of {@code channels·kh·kw} iterations: nested loops over kx of 3 or 5 iterations ran at half
 * the speed (the JIT's pre- and post-loops take most of such short trips). Forward, output allocation included:
 * LeNet's first layer (1 → 8 channels, 5 × 5, padding 2, 28 × 28, 64 samples) 0.49 instead of 0.81 ms on one core;
 * the 3 → 64-channel 3 × 3 layer on 32 × 32 3.1 instead of 3.8 ms on two, about 70 GFLOP/s per core in the kernel.
 */
final class DirectConvolution {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** Output channels per register block. */
    private static final int CO = 4;

    private DirectConvolution() {}

    /** {@code ConvKernels.convolveDirect}, with the layout given there. */
    static void convolve(float[] x, int xOff, int channels, ConvGeometry g, float[] w, int wOff, int outChannels,
            float[] bias, int biasOff, float[] out, int outOff, float[] pad) {
        int hp = g.h() + 2 * g.ph(), wp = g.w() + 2 * g.pw(), padPlane = hp * wp, taps = channels * g.kernelArea();
        int oh = g.oh(), ow = g.ow(), area = oh * ow, weights = channels * padPlane;
        padPlanes(x, xOff, channels, g, pad, hp, wp);
        // the weights in blocks of CO channels, tap-major within a block (CO weights per tap side by side), zero
        // weights for the channels past outChannels in the last block
        int blocks = Math.ceilDiv(outChannels, CO);
        for (int blk = 0; blk < blocks; blk++) {
            for (int i = 0; i < CO; i++) {
                int o = blk * CO + i;
                for (int t = 0; t < taps; t++) {
                    pad[weights + (blk * taps + t) * CO + i] = o < outChannels ? w[wOff + o * taps + t] : 0f;
                }
            }
        }
        int[] offsets = tapOffsets(channels, g, padPlane, wp);
        // the bias in the same blocks (zero past outChannels), after the weights
        int biases = weights + blocks * taps * CO;
        for (int o = 0; bias != null && o < blocks * CO; o++) {
            pad[biases + o] = o < outChannels ? bias[biasOff + o] : 0f;
        }
        int width = ow >= 2 * L ? 2 * L : ow >= L ? L : 0;
        for (int blk = 0; blk < blocks; blk++) {
            int o0 = blk * CO, live = Math.min(CO, outChannels - o0), wAt = weights + blk * taps * CO;
            for (int oy = 0; oy < oh; oy++) {
                int outAt = outOff + o0 * area + oy * ow;
                if (width == 0) {
                    elements(pad, oy * wp, offsets, taps, wAt, live, bias != null, biases + o0, out, outAt, area, ow);
                    continue;
                }
                for (int ox = 0; ; ox += width) {
                    int x0 = Math.min(ox, ow - width);
                    if (width == 2 * L) {
                        block4x2(pad, oy * wp + x0, offsets, taps, wAt, live, bias != null, biases + o0, out, outAt + x0, area);
                    } else {
                        block4x1(pad, oy * wp + x0, offsets, taps, wAt, live, bias != null, biases + o0, out, outAt + x0, area);
                    }
                    if (x0 + width >= ow) {
                        break;
                    }
                }
            }
        }
    }

    /** The padded-plane offset of each tap {@code (c, ky, kx)} from tap (0, 0), in column-matrix row order. */
    private static int[] tapOffsets(int channels, ConvGeometry g, int padPlane, int wp) {
        int[] offsets = new int[channels * g.kernelArea()];
        for (int c = 0, t = 0; c < channels; c++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, t++) {
                    offsets[t] = c * padPlane + ky * g.dh() * wp + kx * g.dw();
                }
            }
        }
        return offsets;
    }

    /**
     * {@code ConvKernels.weightGradDirect}: each weight is a dot product of an output channel's gradient plane with a
     * tap's shifted input plane. A register block of 4 channels × 2 taps (8 accumulators) sweeps the sample's output
     * positions, a vector of one output row at a time, 4 gradient and 2 input loads per 8 FMAs; the positions come
     * from a table, so the sweep is one loop (rows are only a few vectors wide). A row's last, partial vector ends at
     * the row's end and adds only its lanes not counted before (a blend: zeroing the gradient's counted lanes instead
     * would add 0 · ∞ = NaN where an input is infinite). The 8 sums' lanes are added in lane order at the end. Rows
     * narrower than a vector go element by element.
     */
    static void weightGrad(float[] x, int xOff, int channels, ConvGeometry g, float[] grad, int gOff, int outChannels,
            float[] dw, int dwOff, float[] pad) {
        int hp = g.h() + 2 * g.ph(), wp = g.w() + 2 * g.pw(), padPlane = hp * wp, taps = channels * g.kernelArea();
        int oh = g.oh(), ow = g.ow(), area = oh * ow;
        padPlanes(x, xOff, channels, g, pad, hp, wp);
        int[] offsets = tapOffsets(channels, g, padPlane, wp);
        if (ow < L) {
            for (int o = 0; o < outChannels; o++) {
                for (int t = 0; t < taps; t++) {
                    float s = 0f;
                    for (int oy = 0; oy < oh; oy++) {
                        for (int ox = 0; ox < ow; ox++) {
                            s = Math.fma(grad[gOff + o * area + oy * ow + ox], pad[offsets[t] + oy * wp + ox], s);
                        }
                    }
                    dw[dwOff + o * taps + t] = s;
                }
            }
            return;
        }
        // whole vectors: (gradient, input) positions of each; the partial last vector of each row apart
        int whole = ow / L, rem = ow - whole * L;
        int[] gAt = new int[oh * whole], xAt = new int[oh * whole], gTail = new int[rem > 0 ? oh : 0], xTail = new int[gTail.length];
        for (int oy = 0, v = 0; oy < oh; oy++) {
            for (int j = 0; j < whole; j++, v++) {
                gAt[v] = oy * ow + j * L;
                xAt[v] = oy * wp + j * L;
            }
            if (rem > 0) {
                gTail[oy] = oy * ow + ow - L;
                xTail[oy] = oy * wp + ow - L;
            }
        }
        VectorMask<Float> fresh = F.indexInRange(rem - L, rem);
        float[] tile = new float[2 * CO * L];
        for (int o0 = 0; o0 < outChannels; o0 += CO) {
            int live = Math.min(CO, outChannels - o0);
            // channels past outChannels read the block's first channel; their sums are dropped
            int g0 = gOff + o0 * area, g1 = live > 1 ? g0 + area : g0, g2 = live > 2 ? g0 + 2 * area : g0;
            int g3 = live > 3 ? g0 + 3 * area : g0;
            for (int t = 0; t < taps; t += 2) {
                int u = Math.min(t + 1, taps - 1);
                tapPair(grad, g0, g1, g2, g3, pad, offsets[t], offsets[u], gAt, xAt, gTail, xTail, fresh, dw,
                        dwOff + o0 * taps, taps, t, u, live, tile);
            }
        }
    }

    /**
     * The weights of taps t and u (u = t for an odd last tap) for the block's channels, whose gradient planes start at
     * {@code g0 … g3}; tap t's input plane starts at {@code pad[xt]}, u's at {@code pad[xu]}. Writes channel i's sums to
     * {@code dw[dwAt + i·taps + t]} (and {@code + u}) for the {@code live} channels; {@code tile} holds 8 vectors.
     */
    private static void tapPair(float[] grad, int g0, int g1, int g2, int g3, float[] pad, int xt, int xu, int[] gAt,
            int[] xAt, int[] gTail, int[] xTail, VectorMask<Float> fresh, float[] dw, int dwAt, int taps, int t, int u,
            int live, float[] tile) {
        FloatVector z = FloatVector.zero(F);
        FloatVector s0t = z, s0u = z, s1t = z, s1u = z, s2t = z, s2u = z, s3t = z, s3u = z;
        for (int v = 0; v < gAt.length; v++) {
            int gp = gAt[v], xp = xAt[v];
            FloatVector a = FloatVector.fromArray(F, pad, xt + xp), b = FloatVector.fromArray(F, pad, xu + xp);
            FloatVector d0 = FloatVector.fromArray(F, grad, g0 + gp);
            s0t = a.fma(d0, s0t);
            s0u = b.fma(d0, s0u);
            FloatVector d1 = FloatVector.fromArray(F, grad, g1 + gp);
            s1t = a.fma(d1, s1t);
            s1u = b.fma(d1, s1u);
            FloatVector d2 = FloatVector.fromArray(F, grad, g2 + gp);
            s2t = a.fma(d2, s2t);
            s2u = b.fma(d2, s2u);
            FloatVector d3 = FloatVector.fromArray(F, grad, g3 + gp);
            s3t = a.fma(d3, s3t);
            s3u = b.fma(d3, s3u);
        }
        for (int v = 0; v < gTail.length; v++) {
            int gp = gTail[v], xp = xTail[v];
            FloatVector a = FloatVector.fromArray(F, pad, xt + xp), b = FloatVector.fromArray(F, pad, xu + xp);
            FloatVector d0 = FloatVector.fromArray(F, grad, g0 + gp);
            s0t = s0t.blend(a.fma(d0, s0t), fresh);
            s0u = s0u.blend(b.fma(d0, s0u), fresh);
            FloatVector d1 = FloatVector.fromArray(F, grad, g1 + gp);
            s1t = s1t.blend(a.fma(d1, s1t), fresh);
            s1u = s1u.blend(b.fma(d1, s1u), fresh);
            FloatVector d2 = FloatVector.fromArray(F, grad, g2 + gp);
            s2t = s2t.blend(a.fma(d2, s2t), fresh);
            s2u = s2u.blend(b.fma(d2, s2u), fresh);
            FloatVector d3 = FloatVector.fromArray(F, grad, g3 + gp);
            s3t = s3t.blend(a.fma(d3, s3t), fresh);
            s3u = s3u.blend(b.fma(d3, s3u), fresh);
        }
        // the lanes added in order from a tile (reduceLanes may add them in another order once compiled than when
        // interpreted, and a helper taking a vector risks boxing it); u's sums first: for an odd last tap (u = t)
        // they are the same and t's overwrite them
        s0u.intoArray(tile, 0);
        s0t.intoArray(tile, L);
        s1u.intoArray(tile, 2 * L);
        s1t.intoArray(tile, 3 * L);
        s2u.intoArray(tile, 4 * L);
        s2t.intoArray(tile, 5 * L);
        s3u.intoArray(tile, 6 * L);
        s3t.intoArray(tile, 7 * L);
        for (int i = 0; i < live; i++) {
            dw[dwAt + i * taps + u] = laneSum(tile, 2 * i * L);
            dw[dwAt + i * taps + t] = laneSum(tile, (2 * i + 1) * L);
        }
    }

    /** {@code tile[at] + tile[at + 1] + … + tile[at + L − 1]}, in that order. */
    private static float laneSum(float[] tile, int at) {
        float s = 0f;
        for (int l = 0; l < L; l++) {
            s += tile[at + l];
        }
        return s;
    }

    /** The sample's planes with a zero border of ph rows and pw columns, {@code hp × wp} each, at {@code pad[0…]}. */
    private static void padPlanes(float[] x, int xOff, int channels, ConvGeometry g, float[] pad, int hp, int wp) {
        int h = g.h(), w = g.w(), ph = g.ph(), pw = g.pw();
        Arrays.fill(pad, 0, channels * hp * wp, 0f);
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(x, xOff + (c * h + y) * w, pad, (c * hp + y + ph) * wp + pw, w);
            }
        }
    }

    /**
     * Output columns {@code [x0, x0 + 2L)} of one output row for 4 channels; {@code at} is the padded-plane position of
     * the row's column x0 (tap (0, 0) of channel 0); weights at {@code pad[wAt + t·CO + i]}, biases at
     * {@code pad[bAt + i]}; only the first {@code live} channels are stored. No vector crosses a call: one the JIT does
     * not inline is boxed, as the GEMM micro-kernels' former {@code fma} helper was in some JVM runs (4.7 MB per LeNet
     * step).
     */
    private static void block4x2(float[] pad, int at, int[] offsets, int taps, int wAt, int live, boolean biased, int bAt,
            float[] out, int outAt, int area) {
        FloatVector a00 = FloatVector.zero(F), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        for (int t = 0; t < taps; t++) {
            int p = at + offsets[t];
            FloatVector v0 = FloatVector.fromArray(F, pad, p);
            FloatVector v1 = FloatVector.fromArray(F, pad, p + L);
            FloatVector w0 = FloatVector.broadcast(F, pad[wAt + t * CO]);
            a00 = v0.fma(w0, a00);
            a01 = v1.fma(w0, a01);
            FloatVector w1 = FloatVector.broadcast(F, pad[wAt + t * CO + 1]);
            a10 = v0.fma(w1, a10);
            a11 = v1.fma(w1, a11);
            FloatVector w2 = FloatVector.broadcast(F, pad[wAt + t * CO + 2]);
            a20 = v0.fma(w2, a20);
            a21 = v1.fma(w2, a21);
            FloatVector w3 = FloatVector.broadcast(F, pad[wAt + t * CO + 3]);
            a30 = v0.fma(w3, a30);
            a31 = v1.fma(w3, a31);
        }
        if (biased) {
            a00 = a00.add(pad[bAt]);
            a01 = a01.add(pad[bAt]);
            a10 = a10.add(pad[bAt + 1]);
            a11 = a11.add(pad[bAt + 1]);
            a20 = a20.add(pad[bAt + 2]);
            a21 = a21.add(pad[bAt + 2]);
            a30 = a30.add(pad[bAt + 3]);
            a31 = a31.add(pad[bAt + 3]);
        }
        a00.intoArray(out, outAt);
        a01.intoArray(out, outAt + L);
        if (live > 1) {
            a10.intoArray(out, outAt + area);
            a11.intoArray(out, outAt + area + L);
        }
        if (live > 2) {
            a20.intoArray(out, outAt + 2 * area);
            a21.intoArray(out, outAt + 2 * area + L);
        }
        if (live > 3) {
            a30.intoArray(out, outAt + 3 * area);
            a31.intoArray(out, outAt + 3 * area + L);
        }
    }

    /** {@link #block4x2} for output columns {@code [x0, x0 + L)}. */
    private static void block4x1(float[] pad, int at, int[] offsets, int taps, int wAt, int live, boolean biased, int bAt,
            float[] out, int outAt, int area) {
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int t = 0; t < taps; t++) {
            FloatVector v = FloatVector.fromArray(F, pad, at + offsets[t]);
            a0 = v.fma(FloatVector.broadcast(F, pad[wAt + t * CO]), a0);
            a1 = v.fma(FloatVector.broadcast(F, pad[wAt + t * CO + 1]), a1);
            a2 = v.fma(FloatVector.broadcast(F, pad[wAt + t * CO + 2]), a2);
            a3 = v.fma(FloatVector.broadcast(F, pad[wAt + t * CO + 3]), a3);
        }
        if (biased) {
            a0 = a0.add(pad[bAt]);
            a1 = a1.add(pad[bAt + 1]);
            a2 = a2.add(pad[bAt + 2]);
            a3 = a3.add(pad[bAt + 3]);
        }
        a0.intoArray(out, outAt);
        if (live > 1) {
            a1.intoArray(out, outAt + area);
        }
        if (live > 2) {
            a2.intoArray(out, outAt + 2 * area);
        }
        if (live > 3) {
            a3.intoArray(out, outAt + 3 * area);
        }
    }

    /** One output row narrower than a vector, element by element, each sum a chain of {@link Math#fma}. */
    private static void elements(float[] pad, int at, int[] offsets, int taps, int wAt, int live, boolean biased, int bAt,
            float[] out, int outAt, int area, int ow) {
        for (int i = 0; i < live; i++) {
            for (int ox = 0; ox < ow; ox++) {
                float s = 0f;
                for (int t = 0; t < taps; t++) {
                    s = Math.fma(pad[at + ox + offsets[t]], pad[wAt + t * CO + i], s);
                }
                out[outAt + i * area + ox] = biased ? s + pad[bAt + i] : s;
            }
        }
    }
}

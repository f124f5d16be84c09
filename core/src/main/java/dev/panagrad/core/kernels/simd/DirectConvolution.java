package dev.panagrad.core.kernels.simd;

import dev.panagrad.core.kernels.ConvGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct float32 convolution with stride 1 for layers with a short column matrix (a network's first layer on 1 or 3
 * image channels), see {@code ConvKernels.convolveDirect}. The sample's planes are copied once into zero-bordered
 * planes, so every tap of every output row is an unconditional vector load; a register block of 4 output channels ×
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
        // the padded-plane offset of each tap (c, ky, kx) from tap (0, 0)
        int[] offsets = new int[taps];
        for (int c = 0, t = 0; c < channels; c++) {
            for (int ky = 0; ky < g.kh(); ky++) {
                for (int kx = 0; kx < g.kw(); kx++, t++) {
                    offsets[t] = c * padPlane + ky * g.dh() * wp + kx * g.dw();
                }
            }
        }
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

    /** The sample's planes with a zero border of ph rows and pw columns, {@code hp × wp} each, at {@code pad[0…]}. */
    private static void padPlanes(float[] x, int xOff, int channels, ConvGeometry g, float[] pad, int hp, int wp) {
        int h = g.h(), w = g.w(), ph = g.ph(), pw = g.pw();
        java.util.Arrays.fill(pad, 0, channels * hp * wp, 0f);
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

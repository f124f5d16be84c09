package dev.panagrad.core.ops;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Domain;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Source;
import dev.panagrad.core.check.TensorGen;
import java.util.ArrayList;
import java.util.List;

/**
 * Small random configurations of the convolution and pooling ops, for the op table and the focused
 * tests. A configuration travels with the tensors as a trailing INT32 tensor (gradcheck passes INT32
 * inputs through), so table rows stay plain functions of their input list.
 */
final class ConvCases {
    private ConvCases() {}

    /**
     * A convolution: batch {@code n}, {@code groups}, channels per group on the input and output side,
     * kernel, stride, padding, dilation and output padding per axis, input size, and whether there is a bias.
     */
    record Conv(int n, int groups, int inPerGroup, int outPerGroup, int kh, int kw, int sh, int sw, int ph, int pw, int dh,
            int dw, int oph, int opw, int h, int w, boolean bias) {

        int[] stride() {
            return new int[] {sh, sw};
        }

        int[] padding() {
            return new int[] {ph, pw};
        }

        int[] dilation() {
            return new int[] {dh, dw};
        }

        int[] outputPadding() {
            return new int[] {oph, opw};
        }

        Tensor encode() {
            return Tensor.of(new int[] {n, groups, inPerGroup, outPerGroup, kh, kw, sh, sw, ph, pw, dh, dw, oph, opw, h, w,
                    bias ? 1 : 0}, 17);
        }

        static Conv decode(Tensor t) {
            int[] v = t.toIntArray();
            return new Conv(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[14],
                    v[15], v[16] == 1);
        }
    }

    /**
     * A pooling: batch, channels, kernel, stride, padding and dilation per axis, ceil mode,
     * {@code countIncludePad}, {@code divisorOverride} (0: none), input size.
     */
    record Pool(int n, int c, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw, boolean ceil,
            boolean countIncludePad, int divisorOverride, int h, int w) {

        /** A pooling with PyTorch's defaults: no dilation, floor mode, padding counted, no divisor override. */
        Pool(int n, int c, int kh, int kw, int sh, int sw, int ph, int pw, int h, int w) {
            this(n, c, kh, kw, sh, sw, ph, pw, 1, 1, false, true, 0, h, w);
        }

        int[] dilation() {
            return new int[] {dh, dw};
        }

        int[] kernel() {
            return new int[] {kh, kw};
        }

        int[] stride() {
            return new int[] {sh, sw};
        }

        int[] padding() {
            return new int[] {ph, pw};
        }

        int outH() {
            return Naive.poolOutputSize(h, kh, sh, ph, dh, ceil);
        }

        int outW() {
            return Naive.poolOutputSize(w, kw, sw, pw, dw, ceil);
        }

        /** The same pooling on an unbatched [c, h, w] input. */
        int[] unbatchedShape() {
            return new int[] {c, h, w};
        }

        Tensor encode() {
            return Tensor.of(new int[] {n, c, kh, kw, sh, sw, ph, pw, dh, dw, ceil ? 1 : 0, countIncludePad ? 1 : 0,
                    divisorOverride, h, w}, 15);
        }

        static Pool decode(Tensor t) {
            int[] v = t.toIntArray();
            return new Pool(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10] == 1, v[11] == 1, v[12], v[13],
                    v[14]);
        }
    }

    /** An input size along one axis on which a kernel of {@code extent} fits with {@code padding}: the smallest such size plus up to {@code slack}. */
    private static int fitting(Source s, int extent, int padding, int slack) {
        int min = Math.max(1, extent - 2 * padding);
        return s.drawInt(min, min + slack);
    }

    /** Convolution configurations with at most 2 samples, 4 channels and 6×6 inputs. */
    static Gen<Conv> convs(boolean transposed) {
        return s -> {
            int n = s.drawInt(1, 2), groups = s.drawInt(1, 2), cin = s.drawInt(1, 2), cout = s.drawInt(1, 2);
            int kh = s.drawInt(1, 3), kw = s.drawInt(1, 3), sh = s.drawInt(1, 2), sw = s.drawInt(1, 2);
            int ph = s.drawInt(0, 1), pw = s.drawInt(0, 1), dh = s.drawInt(1, 2), dw = s.drawInt(1, 2);
            int oph = 0, opw = 0;
            if (transposed) {
                oph = s.drawInt(0, Math.max(sh, dh) - 1);
                opw = s.drawInt(0, Math.max(sw, dw) - 1);
            }
            int h, w;
            if (transposed) {
                h = s.drawInt(1, 3);
                w = s.drawInt(1, 3);
                // keep the output positive: (h−1)·s − 2p + d(k−1) + op + 1 > 0
                while ((h - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1 <= 0) h++;
                while ((w - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1 <= 0) w++;
            } else {
                h = Math.min(6, fitting(s, dh * (kh - 1) + 1, ph, 2));
                w = Math.min(6, fitting(s, dw * (kw - 1) + 1, pw, 2));
            }
            boolean bias = s.drawInt(0, 1) == 0;
            return new Conv(n, groups, cin, cout, kh, kw, sh, sw, ph, pw, dh, dw, oph, opw, h, w, bias);
        };
    }

    /** Pooling configurations: kernel ≤ 3, stride ≤ 3, padding ≤ half the kernel, inputs ≤ 6×6. */
    static Gen<Pool> pools() {
        return s -> {
            int n = s.drawInt(1, 2), c = s.drawInt(1, 2), kh = s.drawInt(1, 3), kw = s.drawInt(1, 3);
            int sh = s.drawInt(1, 3), sw = s.drawInt(1, 3), ph = s.drawInt(0, kh / 2), pw = s.drawInt(0, kw / 2);
            int h = Math.min(6, fitting(s, kh, ph, 3)), w = Math.min(6, fitting(s, kw, pw, 3));
            return new Pool(n, c, kh, kw, sh, sw, ph, pw, h, w);
        };
    }

    /**
     * Poolings with every option PyTorch has: kernel ≤ 3, stride ≤ 3, padding ≤ half the kernel, ceil mode
     * either way, inputs ≤ 8×8 on which every window holds an input element. Max poolings ({@code max})
     * draw a dilation of 1–2; average poolings draw {@code countIncludePad} and a divisor override of 0–4.
     */
    static Gen<Pool> fullPools(boolean max) {
        return s -> {
            int n = s.drawInt(1, 2), c = s.drawInt(1, 2), kh = s.drawInt(1, 3), kw = s.drawInt(1, 3);
            int sh = s.drawInt(1, 3), sw = s.drawInt(1, 3), ph = s.drawInt(0, kh / 2), pw = s.drawInt(0, kw / 2);
            int dh = max ? s.drawInt(1, 2) : 1, dw = max ? s.drawInt(1, 2) : 1;
            boolean ceil = s.drawInt(0, 1) == 1, countIncludePad = max || s.drawInt(0, 1) == 1;
            int divisor = max || s.drawInt(0, 1) == 0 ? 0 : s.drawInt(1, 4);
            int h = fitting(s, dh * (kh - 1) + 1, ph, 2), w = fitting(s, dw * (kw - 1) + 1, pw, 2);
            while (!Naive.everyWindowHoldsInput(h, kh, sh, ph, dh, ceil)) h++;
            while (!Naive.everyWindowHoldsInput(w, kw, sw, pw, dw, ceil)) w++;
            return new Pool(n, c, kh, kw, sh, sw, ph, pw, dh, dw, ceil, countIncludePad, divisor, h, w);
        };
    }

    /** FLOAT64 values in [−2, 2]. */
    static Tensor real(Source s, int... shape) {
        return TensorGen.tensors(shape, Domain.REAL, DType.FLOAT64).generate(s);
    }

    /** FLOAT64 values that are pairwise at least 4/numel apart (a random permutation of a grid): no ties in a max. */
    static Tensor distinct(Source s, int... shape) {
        int n = Math.toIntExact(java.util.Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = -2 + 4.0 * i / Math.max(1, n);
        }
        for (int i = n - 1; i > 0; i--) {
            int j = s.drawInt(0, i);
            double t = v[i];
            v[i] = v[j];
            v[j] = t;
        }
        return Tensor.of(v, shape);
    }

    /** Weight shape of a convolution case: {@code [out, in/groups, kh, kw]}, or {@code [in, out/groups, kh, kw]} transposed. */
    static int[] weightShape(Conv c, boolean transposed) {
        return transposed ? new int[] {c.groups() * c.inPerGroup(), c.outPerGroup(), c.kh(), c.kw()}
                : new int[] {c.groups() * c.outPerGroup(), c.inPerGroup(), c.kh(), c.kw()};
    }

    /** {@code [x, w, (b,) cfg]} for a 2-D (transposed) convolution. */
    static Gen<List<Tensor>> convInputs(boolean transposed) {
        return convInputs(transposed, true);
    }

    /** {@code [x, w, (b,) cfg]} for a 2-D (transposed) convolution; x {@code [C, H, W]} unless {@code batched}. */
    static Gen<List<Tensor>> convInputs(boolean transposed, boolean batched) {
        return convs(transposed).flatMap(c -> s -> {
            List<Tensor> in = new ArrayList<>();
            int channels = c.groups() * c.inPerGroup();
            in.add(batched ? real(s, c.n(), channels, c.h(), c.w()) : real(s, channels, c.h(), c.w()));
            in.add(real(s, weightShape(c, transposed)));
            if (c.bias()) {
                in.add(real(s, c.groups() * c.outPerGroup()));
            }
            in.add(c.encode());
            return in;
        });
    }

    /** Output spatial size of a forward convolution case. */
    static int[] convOut(Conv c) {
        return new int[] {(c.h() + 2 * c.ph() - c.dh() * (c.kh() - 1) - 1) / c.sh() + 1,
                (c.w() + 2 * c.pw() - c.dw() * (c.kw() - 1) - 1) / c.sw() + 1};
    }

    /** The configuration (last input) of a row's input list. */
    static Tensor cfg(List<Tensor> in) {
        return in.get(in.size() - 1);
    }

    /** The bias of {@code [x, w, b, cfg]}, or null for {@code [x, w, cfg]}. */
    static Tensor bias(List<Tensor> in) {
        return in.size() == 4 ? in.get(2) : null;
    }
}

package dev.panagrad.core.ops;

import dev.panagrad.core.Tensor;

/**
 * Direct float64 loops straight from the definitions of the ops, for known-answer tests: no im2col,
 * no GEMM, no separable passes, no shared index arithmetic with the library.
 */
final class Naive {
    private Naive() {}

    /** y[n,o,i,j] = b[o] + Σ_{c,ky,kx} w[o,c,ky,kx] · x[n, g·Cg + c, i·s − p + ky·d, j·s − p + kx·d]. */
    static Tensor conv2d(Tensor x, Tensor w, Tensor b, int[] s, int[] p, int[] d, int groups) {
        int[] xs = x.shape(), ws = w.shape();
        int n = xs[0], cin = xs[1], h = xs[2], wd = xs[3], cout = ws[0], cg = ws[1], kh = ws[2], kw = ws[3];
        int oh = (h + 2 * p[0] - d[0] * (kh - 1) - 1) / s[0] + 1, ow = (wd + 2 * p[1] - d[1] * (kw - 1) - 1) / s[1] + 1;
        double[] out = new double[n * cout * oh * ow];
        int outPerGroup = cout / groups;
        for (int ni = 0; ni < n; ni++) {
            for (int o = 0; o < cout; o++) {
                int g = o / outPerGroup;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = b == null ? 0 : b.get(o);
                        for (int c = 0; c < cg; c++) {
                            for (int ky = 0; ky < kh; ky++) {
                                for (int kx = 0; kx < kw; kx++) {
                                    int iy = i * s[0] - p[0] + ky * d[0], ix = j * s[1] - p[1] + kx * d[1];
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                                        acc += w.get(o, c, ky, kx) * x.get(ni, g * cg + c, iy, ix);
                                    }
                                }
                            }
                        }
                        out[((ni * cout + o) * oh + i) * ow + j] = acc;
                    }
                }
            }
        }
        return Tensor.of(out, n, cout, oh, ow);
    }

    /** Scatter form: every x[n,c,i,j] adds x · w[c,o,ky,kx] to y[n, g·Og + o, i·s − p + ky·d, j·s − p + kx·d]. */
    static Tensor convTranspose2d(Tensor x, Tensor w, Tensor b, int[] s, int[] p, int[] op, int[] d, int groups) {
        int[] xs = x.shape(), ws = w.shape();
        int n = xs[0], cin = xs[1], h = xs[2], wd = xs[3], og = ws[1], kh = ws[2], kw = ws[3], cout = og * groups;
        int oh = (h - 1) * s[0] - 2 * p[0] + d[0] * (kh - 1) + op[0] + 1;
        int ow = (wd - 1) * s[1] - 2 * p[1] + d[1] * (kw - 1) + op[1] + 1;
        double[] out = new double[n * cout * oh * ow];
        int inPerGroup = cin / groups;
        for (int ni = 0; ni < n; ni++) {
            for (int o = 0; o < cout; o++) {
                for (int k = 0; k < oh * ow; k++) {
                    out[(ni * cout + o) * oh * ow + k] = b == null ? 0 : b.get(o);
                }
            }
            for (int c = 0; c < cin; c++) {
                int g = c / inPerGroup;
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < wd; j++) {
                        for (int o = 0; o < og; o++) {
                            for (int ky = 0; ky < kh; ky++) {
                                for (int kx = 0; kx < kw; kx++) {
                                    int y = i * s[0] - p[0] + ky * d[0], z = j * s[1] - p[1] + kx * d[1];
                                    if (y >= 0 && y < oh && z >= 0 && z < ow) {
                                        out[((ni * cout + g * og + o) * oh + y) * ow + z] += x.get(ni, c, i, j) * w.get(c, o, ky, kx);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor.of(out, n, cout, oh, ow);
    }

    /**
     * PyTorch's pooling output size: ⌊(in + 2p − d(k − 1) − 1 + (ceil ? s − 1 : 0)) / s⌋ + 1, then, in ceil
     * mode, one less if the last window would start at or after in + p.
     */
    static int poolOutputSize(int in, int k, int s, int p, int d, boolean ceil) {
        int out = Math.floorDiv(in + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0), s) + 1;
        if (ceil && (out - 1) * s >= in + p) {
            out--;
        }
        return out;
    }

    /** Whether the output size is positive and every window has a tap i·s − p + t·d (t < k) inside [0, in). */
    static boolean everyWindowHoldsInput(int in, int k, int s, int p, int d, boolean ceil) {
        int out = poolOutputSize(in, k, s, p, d, ceil);
        for (int i = 0; i < out; i++) {
            boolean holds = false;
            for (int t = 0; t < k; t++) {
                int y = i * s - p + t * d;
                holds |= y >= 0 && y < in;
            }
            if (!holds) {
                return false;
            }
        }
        return out >= 1;
    }

    /** {@link #maxPool2d(Tensor, int[], int[], int[], int[], boolean)} without dilation, in floor mode. */
    static double[][] maxPool2d(Tensor x, int[] k, int[] s, int[] p) {
        return maxPool2d(x, k, s, p, new int[] {1, 1}, false);
    }

    /**
     * Max over the taps (i·s − p + ky·d, j·s − p + kx·d) of each window that fall inside the input, and
     * the first (row-major) position of the maximum.
     */
    static double[][] maxPool2d(Tensor x, int[] k, int[] s, int[] p, int[] d, boolean ceil) {
        int[] xs = x.shape();
        int oh = poolOutputSize(xs[2], k[0], s[0], p[0], d[0], ceil), ow = poolOutputSize(xs[3], k[1], s[1], p[1], d[1], ceil);
        int planes = xs[0] * xs[1];
        double[] values = new double[planes * oh * ow], positions = new double[planes * oh * ow];
        double[] v = x.toDoubleArray();
        for (int pl = 0; pl < planes; pl++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int arg = -1;
                    for (int ky = 0; ky < k[0]; ky++) {
                        for (int kx = 0; kx < k[1]; kx++) {
                            int y = i * s[0] - p[0] + ky * d[0], z = j * s[1] - p[1] + kx * d[1];
                            if (y >= 0 && y < xs[2] && z >= 0 && z < xs[3]) {
                                double e = v[(pl * xs[2] + y) * xs[3] + z];
                                if (arg < 0 || e > best) {
                                    best = e;
                                    arg = y * xs[3] + z;
                                }
                            }
                        }
                    }
                    values[(pl * oh + i) * ow + j] = best;
                    positions[(pl * oh + i) * ow + j] = arg;
                }
            }
        }
        return new double[][] {values, positions};
    }

    /** Sum of each window of the zero-padded input divided by kH·kW. */
    static Tensor avgPool2d(Tensor x, int[] k, int[] s, int[] p) {
        return avgPool2d(x, k, s, p, false, true, 0);
    }

    /**
     * PyTorch's avg_pool2d loop: with start = i·s − p and end = min(start + k, in + p), the divisor is
     * the override if positive, else (hend − hstart)·(wend − wstart) taken before clipping to the input
     * when countIncludePad, or after it otherwise; the sum runs over the clipped window.
     */
    static Tensor avgPool2d(Tensor x, int[] k, int[] s, int[] p, boolean ceil, boolean countIncludePad, int divisorOverride) {
        int[] xs = x.shape();
        int oh = poolOutputSize(xs[2], k[0], s[0], p[0], 1, ceil), ow = poolOutputSize(xs[3], k[1], s[1], p[1], 1, ceil);
        double[] out = new double[xs[0] * xs[1] * oh * ow];
        for (int n = 0; n < xs[0]; n++) {
            for (int c = 0; c < xs[1]; c++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int hstart = i * s[0] - p[0], wstart = j * s[1] - p[1];
                        int hend = Math.min(hstart + k[0], xs[2] + p[0]), wend = Math.min(wstart + k[1], xs[3] + p[1]);
                        int poolSize = (hend - hstart) * (wend - wstart);
                        hstart = Math.max(hstart, 0);
                        wstart = Math.max(wstart, 0);
                        hend = Math.min(hend, xs[2]);
                        wend = Math.min(wend, xs[3]);
                        double acc = 0;
                        for (int y = hstart; y < hend; y++) {
                            for (int z = wstart; z < wend; z++) {
                                acc += x.get(n, c, y, z);
                            }
                        }
                        int divisor = divisorOverride > 0 ? divisorOverride
                                : countIncludePad ? poolSize : (hend - hstart) * (wend - wstart);
                        out[((n * xs[1] + c) * oh + i) * ow + j] = acc / divisor;
                    }
                }
            }
        }
        return Tensor.of(out, xs[0], xs[1], oh, ow);
    }

    /** Mean over rows [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉) and the matching columns. */
    static Tensor adaptiveAvgPool2d(Tensor x, int oh, int ow) {
        int[] xs = x.shape();
        double[] out = new double[xs[0] * xs[1] * oh * ow];
        for (int n = 0; n < xs[0]; n++) {
            for (int c = 0; c < xs[1]; c++) {
                for (int i = 0; i < oh; i++) {
                    int y0 = Math.floorDiv(i * xs[2], oh), y1 = -Math.floorDiv(-(i + 1) * xs[2], oh);
                    for (int j = 0; j < ow; j++) {
                        int z0 = Math.floorDiv(j * xs[3], ow), z1 = -Math.floorDiv(-(j + 1) * xs[3], ow);
                        double acc = 0;
                        for (int y = y0; y < y1; y++) {
                            for (int z = z0; z < z1; z++) {
                                acc += x.get(n, c, y, z);
                            }
                        }
                        out[((n * xs[1] + c) * oh + i) * ow + j] = acc / ((y1 - y0) * (z1 - z0));
                    }
                }
            }
        }
        return Tensor.of(out, xs[0], xs[1], oh, ow);
    }

    /** ⟨a, b⟩ over all elements. */
    static double dot(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        double acc = 0;
        for (int i = 0; i < x.length; i++) {
            acc += x[i] * y[i];
        }
        return acc;
    }

    /** Largest |a − b| relative to max(1, largest |b|). */
    static double relativeError(Tensor a, Tensor b) {
        double[] x = a.toDoubleArray(), y = b.toDoubleArray();
        double worst = 0, scale = 1;
        for (int i = 0; i < x.length; i++) {
            worst = Math.max(worst, Math.abs(x[i] - y[i]));
            scale = Math.max(scale, Math.abs(y[i]));
        }
        return worst / scale;
    }
}

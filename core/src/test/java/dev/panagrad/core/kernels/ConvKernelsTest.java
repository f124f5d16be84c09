package dev.panagrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.panagrad.core.Rng;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** KER-01 for im2col/col2im: the Vector API kernels equal the scalar ones bitwise, on awkward widths, offsets and row strides. */
class ConvKernelsTest {
    private static final int[] WIDTHS = {1, 7, 15, 16, 17, 31, 33, 40};
    private static final ConvKernels SCALAR = new ScalarConv();
    private static ConvKernels vector;

    /** A geometry whose kernel fits, with awkward widths, plus channels, an array offset and a gap between column rows. */
    record Case(ConvGeometry g, int channels, int offset, int gap) {
        /** The column matrix's row stride. */
        int ld() {
            return g.outArea() + gap;
        }

        /** The column matrix's extent: its rows at stride {@link #ld()}. */
        int colSize() {
            return channels * g.kernelArea() * ld();
        }
    }

    private static final Gen<Case> CASES = s -> {
        int kh = s.drawInt(1, 3), kw = s.drawInt(1, 3), sh = s.drawInt(1, 3), sw = s.drawInt(1, 3);
        int ph = s.drawInt(0, 2), pw = s.drawInt(0, 2), dh = s.drawInt(1, 2), dw = s.drawInt(1, 2);
        int h = Math.max(1, dh * (kh - 1) + 1 - 2 * ph) + s.drawInt(0, 4);
        int w = Math.max(WIDTHS[s.drawInt(0, WIDTHS.length - 1)], dw * (kw - 1) + 1 - 2 * pw);
        int oh = (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1, ow = (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1;
        return new Case(new ConvGeometry(h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow), s.drawInt(1, 3), s.drawInt(0, 3),
                s.drawInt(0, 1) * s.drawInt(1, 9));
    };

    /**
     * A stride-1 geometry for the direct kernels: kernels 1 to 5 with padding 0 to 2 and dilation 1 or 2, output rows
     * 1 to 42 wide (below one vector, one to two vectors and longer) and 1 to 9 high, 1 to 3 input and 1 to 9 output
     * channels (a last block of 1 to 4), with or without a bias, at an array offset.
     */
    record DirectCase(ConvGeometry g, int channels, int outChannels, boolean bias, int offset) {
        int taps() {
            return channels * g.kernelArea();
        }

        @Override
        public String toString() {
            return g + " channels " + channels + " → " + outChannels + (bias ? " with bias" : "") + " at " + offset;
        }
    }

    private static final Gen<DirectCase> DIRECT_CASES = ((Gen<DirectCase>) s -> {
        int kh = s.drawInt(1, 5), kw = s.drawInt(1, 5), ph = s.drawInt(0, 2), pw = s.drawInt(0, 2), dh = s.drawInt(1, 2);
        int dw = s.drawInt(1, 2), ow = s.drawInt(1, 12) + s.drawInt(0, 1) * s.drawInt(0, 30), oh = s.drawInt(1, 9);
        int h = oh - 1 + dh * (kh - 1) + 1 - 2 * ph, w = ow - 1 + dw * (kw - 1) + 1 - 2 * pw;
        return h < 1 || w < 1 ? null : new DirectCase(new ConvGeometry(h, w, kh, kw, 1, 1, ph, pw, dh, dw, oh, ow),
                s.drawInt(1, 3), s.drawInt(1, 9), s.drawInt(0, 1) == 1, s.drawInt(0, 5));
    }).filter(java.util.Objects::nonNull);

    @BeforeAll
    static void loadVectorKernels() {
        vector = Kernels.vector(ConvKernels.class, "VectorConv");
    }

    @Test
    void im2colFloatIsBitwiseEqual() {
        assumeTrue(vector != null, "jdk.incubator.vector is not in the boot layer");
        Property.forAll(CASES, 300, c -> {
            float[] x = floats(c.offset() + c.channels() * c.g().h() * c.g().w(), c.hashCode());
            int size = c.colSize();
            float[] a = new float[c.offset() + size], b = new float[c.offset() + size];
            java.util.Arrays.fill(a, 7f);
            java.util.Arrays.fill(b, 7f);
            SCALAR.im2col(x, c.offset(), c.channels(), c.g(), a, c.offset(), c.ld());
            vector.im2col(x, c.offset(), c.channels(), c.g(), b, c.offset(), c.ld());
            assertArrayEquals(a, b);
        });
    }

    @Test
    void im2colDoubleIsBitwiseEqual() {
        assumeTrue(vector != null, "jdk.incubator.vector is not in the boot layer");
        Property.forAll(CASES, 300, c -> {
            double[] x = doubles(c.offset() + c.channels() * c.g().h() * c.g().w(), c.hashCode());
            int size = c.colSize();
            double[] a = new double[c.offset() + size], b = new double[c.offset() + size];
            SCALAR.im2col(x, c.offset(), c.channels(), c.g(), a, c.offset(), c.ld());
            vector.im2col(x, c.offset(), c.channels(), c.g(), b, c.offset(), c.ld());
            assertArrayEquals(a, b);
        });
    }

    @Test
    void col2imFloatIsBitwiseEqual() {
        assumeTrue(vector != null, "jdk.incubator.vector is not in the boot layer");
        Property.forAll(CASES, 300, c -> {
            int size = c.colSize();
            float[] col = floats(c.offset() + size, c.hashCode());
            float[] a = floats(c.offset() + c.channels() * c.g().h() * c.g().w(), 17), b = a.clone();
            SCALAR.col2im(col, c.offset(), c.channels(), c.g(), a, c.offset(), c.ld());
            vector.col2im(col, c.offset(), c.channels(), c.g(), b, c.offset(), c.ld());
            assertArrayEquals(a, b);
        });
    }

    @Test
    void col2imDoubleIsBitwiseEqual() {
        assumeTrue(vector != null, "jdk.incubator.vector is not in the boot layer");
        Property.forAll(CASES, 300, c -> {
            int size = c.colSize();
            double[] col = doubles(c.offset() + size, c.hashCode());
            double[] a = doubles(c.offset() + c.channels() * c.g().h() * c.g().w(), 17), b = a.clone();
            SCALAR.col2im(col, c.offset(), c.channels(), c.g(), a, c.offset(), c.ld());
            vector.col2im(col, c.offset(), c.channels(), c.g(), b, c.offset(), c.ld());
            assertArrayEquals(a, b);
        });
    }

    @Test
    void unitStrideRunsAreBitwiseEqualInABatchBlock() {
        // the stride-1 fast paths (one copy / vector adds per output row) on every padding 0..2, square kernel
        // 1, 3, 5 and width 1..10, 14, 17 or 28 (runs below one vector, of one to two vectors as LeNet's 14 → 10,
        // and longer), for 3 samples side by side (ldCol = 3·oh·ow + 5 > oh·ow), each sample
        // written at its own column offset, as Convolution lays a batch block out
        assumeTrue(vector != null, "jdk.incubator.vector is not in the boot layer");
        int[] widths = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 17, 28};
        int nb = 3, channels = 2;
        for (int p = 0; p <= 2; p++) {
            for (int k = 1; k <= 5; k += 2) {
                for (int w : widths) {
                    int h = w >= 10 ? w : Math.max(1, 10 - w), oh = h + 2 * p - k + 1, ow = w + 2 * p - k + 1;
                    if (oh < 1 || ow < 1) {
                        continue;
                    }
                    ConvGeometry g = new ConvGeometry(h, w, k, k, 1, 1, p, p, 1, 1, oh, ow);
                    int plane = h * w, area = g.outArea(), ld = nb * area + 5, rows = channels * g.kernelArea();
                    float[] xf = floats(nb * channels * plane, 31L * w + k), af = new float[rows * ld], bf = new float[rows * ld];
                    double[] xd = doubles(nb * channels * plane, 37L * w + k), ad = new double[rows * ld], bd = new double[rows * ld];
                    java.util.Arrays.fill(af, 7f);
                    java.util.Arrays.fill(bf, 7f);
                    java.util.Arrays.fill(ad, 7.0);
                    java.util.Arrays.fill(bd, 7.0);
                    for (int j = 0; j < nb; j++) {
                        SCALAR.im2col(xf, j * channels * plane, channels, g, af, j * area, ld);
                        vector.im2col(xf, j * channels * plane, channels, g, bf, j * area, ld);
                        SCALAR.im2col(xd, j * channels * plane, channels, g, ad, j * area, ld);
                        vector.im2col(xd, j * channels * plane, channels, g, bd, j * area, ld);
                    }
                    String shape = "p=" + p + " k=" + k + " h=" + h + " w=" + w;
                    assertArrayEquals(af, bf, "im2col float " + shape);
                    assertArrayEquals(ad, bd, "im2col double " + shape);
                    float[] colf = floats(rows * ld, 41L * w + p), gf = floats(nb * channels * plane, 5), hf = gf.clone();
                    double[] cold = doubles(rows * ld, 43L * w + p), gd = doubles(nb * channels * plane, 6), hd = gd.clone();
                    for (int j = 0; j < nb; j++) {
                        SCALAR.col2im(colf, j * area, channels, g, gf, j * channels * plane, ld);
                        vector.col2im(colf, j * area, channels, g, hf, j * channels * plane, ld);
                        SCALAR.col2im(cold, j * area, channels, g, gd, j * channels * plane, ld);
                        vector.col2im(cold, j * area, channels, g, hd, j * channels * plane, ld);
                    }
                    assertArrayEquals(gf, hf, "col2im float " + shape);
                    assertArrayEquals(gd, hd, "col2im double " + shape);
                }
            }
        }
    }

    @Test
    void directConvolutionIsBitwiseTheUnfoldedProduct() {
        // convolveDirect against im2col, the same family's GEMM and the bias add, in both families, written at an offset
        // with the elements around left alone
        GemmKernels[] gemms = {new ScalarGemm(), Kernels.vector(GemmKernels.class, "VectorGemm")};
        ConvKernels[] convs = {SCALAR, vector};
        for (int family = 0; family < 2; family++) {
            if (convs[family] == null || gemms[family] == null) {
                continue;
            }
            ConvKernels conv = convs[family];
            GemmKernels gemm = gemms[family];
            Property.forAll(DIRECT_CASES, 200, c -> {
                ConvGeometry g = c.g();
                int taps = c.taps(), area = g.outArea(), offset = c.offset(), outChannels = c.outChannels();
                float[] x = floats(offset + c.channels() * g.h() * g.w(), 3L * g.h() + g.w());
                float[] wt = floats(offset + outChannels * taps, 5L * g.kh() + g.kw());
                float[] bias = c.bias() ? floats(offset + outChannels, 7) : null;
                float[] col = new float[taps * area], expected = new float[2 * offset + outChannels * area];
                float[] actual = new float[expected.length];
                java.util.Arrays.fill(expected, 7f);
                java.util.Arrays.fill(actual, 7f);
                conv.im2col(x, offset, c.channels(), g, col, 0, area);
                gemm.gemm(false, false, outChannels, area, taps, wt, offset, taps, col, 0, area, expected, offset, area, false);
                for (int o = 0; bias != null && o < outChannels; o++) {
                    for (int p = 0; p < area; p++) {
                        expected[offset + o * area + p] += bias[offset + o];
                    }
                }
                conv.convolveDirect(x, offset, c.channels(), g, wt, offset, outChannels, bias, offset, actual, offset,
                        new float[ConvKernels.directScratch(c.channels(), g, outChannels)]);
                assertArrayEquals(expected, actual, conv.getClass().getSimpleName() + " " + c);
            });
        }
    }

    @Test
    void directWeightGradientIsTheSumOverOutputPositions() {
        // weightGradDirect in both families against a float64 sum of the same products, within float32 summation
        // error, written at an offset with the elements around left alone
        for (ConvKernels conv : new ConvKernels[] {SCALAR, vector}) {
            if (conv == null) {
                continue;
            }
            Property.forAll(DIRECT_CASES, 200, c -> {
                ConvGeometry g = c.g();
                int taps = c.taps(), offset = c.offset(), outChannels = c.outChannels();
                float[] x = floats(offset + c.channels() * g.h() * g.w(), 11L * g.h() + g.w());
                float[] grad = floats(offset + outChannels * g.outArea(), 13L * g.oh() + g.ow());
                float[] actual = new float[2 * offset + outChannels * taps];
                java.util.Arrays.fill(actual, 7f);
                conv.weightGradDirect(x, offset, c.channels(), g, grad, offset, outChannels, actual, offset,
                        new float[ConvKernels.directScratch(c.channels(), g, outChannels)]);
                double[][] expected = weightGradReference(x, offset, c.channels(), g, grad, offset, outChannels);
                String where = conv.getClass().getSimpleName() + " " + c;
                for (int i = 0; i < actual.length; i++) {
                    int k = i - offset;
                    if (k < 0 || k >= outChannels * taps) {
                        assertEquals(7f, actual[i], where + ": element " + i + " outside dw written");
                        continue;
                    }
                    assertEquals(expected[0][k], actual[i], 1e-5 * expected[1][k] + 1e-30, where + ": dw[" + k + "]");
                }
            });
        }
    }

    @Test
    void directWeightGradientCountsAnInfiniteInputOnce() {
        // a 12-wide output row is a whole vector and a last vector over columns 4..11 (8 lanes); an infinite input
        // in the columns both read must give an infinite weight gradient, not the NaN of adding 0 · ∞ for the lanes
        // counted before
        assumeTrue(vector != null, "jdk.incubator.vector is not in the boot layer");
        ConvGeometry g = new ConvGeometry(1, 12, 1, 1, 1, 1, 0, 0, 1, 1, 1, 12);
        float[] x = new float[12], grad = new float[12], dw = new float[1];
        java.util.Arrays.fill(x, 1f);
        java.util.Arrays.fill(grad, 1f);
        x[5] = Float.POSITIVE_INFINITY;
        for (ConvKernels conv : new ConvKernels[] {SCALAR, vector}) {
            conv.weightGradDirect(x, 0, 1, g, grad, 0, 1, dw, 0, new float[ConvKernels.directScratch(1, g, 1)]);
            assertEquals(Float.POSITIVE_INFINITY, dw[0], conv.getClass().getSimpleName());
            x[5] = 1f;
            conv.weightGradDirect(x, 0, 1, g, grad, 0, 1, dw, 0, new float[ConvKernels.directScratch(1, g, 1)]);
            assertEquals(12f, dw[0], conv.getClass().getSimpleName() + ": each column counted once");
            x[5] = Float.POSITIVE_INFINITY;
        }
    }

    /** {@code [0]}: the weight gradient in float64; {@code [1]}: the sum of the products' magnitudes (for a tolerance). */
    private static double[][] weightGradReference(float[] x, int xOff, int channels, ConvGeometry g, float[] grad, int gOff,
            int outChannels) {
        int taps = channels * g.kernelArea();
        double[][] r = new double[2][outChannels * taps];
        for (int o = 0; o < outChannels; o++) {
            for (int c = 0; c < channels; c++) {
                for (int ky = 0; ky < g.kh(); ky++) {
                    for (int kx = 0; kx < g.kw(); kx++) {
                        int t = o * taps + (c * g.kh() + ky) * g.kw() + kx;
                        for (int oy = 0; oy < g.oh(); oy++) {
                            for (int ox = 0; ox < g.ow(); ox++) {
                                int iy = g.inRow(oy, ky), ix = ox + kx * g.dw() - g.pw();
                                if (iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w()) {
                                    double p = (double) grad[gOff + (o * g.oh() + oy) * g.ow() + ox] * x[xOff + (c * g.h() + iy) * g.w() + ix];
                                    r[0][t] += p;
                                    r[1][t] += Math.abs(p);
                                }
                            }
                        }
                    }
                }
            }
        }
        return r;
    }

    @Test
    void col2imIsTheAdjointOfIm2col() {
        // ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩, exactly the relation the convolution gradients rely on
        Property.forAll(CASES, 200, c -> {
            double[] x = doubles(c.channels() * c.g().h() * c.g().w(), 3);
            double[] col = doubles(c.channels() * c.g().kernelArea() * c.g().outArea(), 4);
            double[] ix = new double[col.length], ct = new double[x.length];
            SCALAR.im2col(x, 0, c.channels(), c.g(), ix, 0, c.g().outArea());
            SCALAR.col2im(col, 0, c.channels(), c.g(), ct, 0, c.g().outArea());
            double left = 0, right = 0;
            for (int i = 0; i < col.length; i++) left += ix[i] * col[i];
            for (int i = 0; i < x.length; i++) right += x[i] * ct[i];
            if (Math.abs(left - right) > 1e-12 * Math.max(1, Math.abs(left))) {
                throw new AssertionError("⟨im2col(x), c⟩ = " + left + " but ⟨x, col2im(c)⟩ = " + right);
            }
        });
    }

    static float[] floats(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) rng.nextGaussian();
        return v;
    }

    static double[] doubles(int n, long seed) {
        Rng rng = new Rng(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) v[i] = rng.nextGaussian();
        return v;
    }
}

package dev.panagrad.core.ops;

import static dev.panagrad.core.ops.PoolingTest.assertAdjoint;
import static dev.panagrad.core.ops.PoolingTest.gradient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import dev.panagrad.core.ops.ConvCases.Pool;
import org.junit.jupiter.api.Test;

/**
 * PyTorch's pooling options beyond the defaults: dilation and ceil mode for max pooling, ceil mode,
 * {@code count_include_pad} and {@code divisor_override} for average pooling, and unbatched
 * {@code [C, H, W]} inputs. Random cases are checked against {@link Naive}'s transcriptions of
 * PyTorch's loops; the small cases below are worked out by hand.
 */
class PoolingOptionsTest {

    /** A max-pooling case with every option and values drawn from {0, 1, 2}: many ties. */
    private static final Gen<Object[]> TIED_MAX = ConvCases.fullPools(true).flatMap(p -> s -> {
        double[] v = new double[p.n() * p.c() * p.h() * p.w()];
        for (int i = 0; i < v.length; i++) {
            v[i] = s.drawInt(0, 2);
        }
        return new Object[] {p, Tensor.of(v, p.n(), p.c(), p.h(), p.w())};
    });

    private static final Gen<Object[]> AVERAGES = ConvCases.fullPools(false)
            .flatMap(p -> s -> new Object[] {p, ConvCases.real(s, p.n(), p.c(), p.h(), p.w())});

    private static Tensor row(double... values) {
        return Tensor.of(values, 1, 1, 1, values.length);
    }

    // ------------------------------------------------------------------ against the direct loops

    @Test
    void dilatedCeilModeMaxPoolMatchesTheDirectLoopIncludingTies() {
        Property.forAll(TIED_MAX, 300, c -> {
            Pool p = (Pool) c[0];
            Tensor x = (Tensor) c[1];
            double[][] expected = Naive.maxPool2d(x, p.kernel(), p.stride(), p.padding(), p.dilation(), p.ceil());
            Tensor y = NeuralSpecs.maxPoolFull(x, p);
            assertArrayEquals(new int[] {p.n(), p.c(), p.outH(), p.outW()}, y.shape());
            assertArrayEquals(expected[0], y.toDoubleArray());
        });
    }

    @Test
    void dilatedMaxPoolSendsTheGradientToTheFirstMaximumOfEachWindow() {
        Property.forAll(TIED_MAX, 300, c -> {
            Pool p = (Pool) c[0];
            Tensor x = (Tensor) c[1];
            double[] positions = Naive.maxPool2d(x, p.kernel(), p.stride(), p.padding(), p.dilation(), p.ceil())[1];
            int outArea = p.outH() * p.outW(), inArea = p.h() * p.w();
            double[] expected = new double[x.numel()];
            for (int o = 0; o < positions.length; o++) {
                expected[o / outArea * inArea + (int) positions[o]] += 1;
            }
            assertArrayEquals(expected, gradient(x, y -> NeuralSpecs.maxPoolFull(y, p)).toDoubleArray());
            assertArrayEquals(expected, gradient(x.to(DType.FLOAT32), y -> NeuralSpecs.maxPoolFull(y, p)).toDoubleArray());
        });
    }

    @Test
    void avgPoolWithEveryOptionMatchesPyTorchsLoop() {
        Property.forAll(AVERAGES, 300, c -> {
            Pool p = (Pool) c[0];
            Tensor x = (Tensor) c[1];
            Tensor expected = Naive.avgPool2d(x, p.kernel(), p.stride(), p.padding(), p.ceil(), p.countIncludePad(),
                    p.divisorOverride());
            Tensor y = NeuralSpecs.avgPoolFull(x, p);
            assertArrayEquals(expected.shape(), y.shape());
            assertArrayEquals(expected.toDoubleArray(), y.toDoubleArray(), 1e-14);
        });
    }

    @Test
    void avgPoolWithEveryOptionIsItsGradientsAdjoint() {
        Property.forAll(AVERAGES, 100, c -> {
            Pool p = (Pool) c[0];
            Tensor u = (Tensor) c[1];
            assertAdjoint(u, x -> NeuralSpecs.avgPoolFull(x, p));
        });
    }

    // ------------------------------------------------------------------ ceil mode by hand

    @Test
    void ceilModeKeepsALastWindowThatStartsInsideTheInput() {
        // width 5, kernel 2, stride 2: floor mode has windows [0,2) [2,4); ceil mode adds [4,6) clipped to [4,5)
        int[] k = {1, 2}, s = {1, 2}, p = {0, 0};
        Tensor x = row(1, 2, 3, 4, 5);
        assertArrayEquals(new double[] {2, 4}, x.maxPool2d(k, s, p, new int[] {1, 1}, false).toDoubleArray());
        assertArrayEquals(new double[] {2, 4, 5}, x.maxPool2d(k, s, p, new int[] {1, 1}, true).toDoubleArray());
        // the clipped window averages over its one element: min(4 + 2, 5 + 0) − 4 = 1
        assertArrayEquals(new double[] {1.5, 3.5, 5}, x.avgPool2d(k, s, p, true, true, 0).toDoubleArray(), 1e-15);
    }

    @Test
    void ceilModeDropsALastWindowThatWouldStartInTheRightPadding() {
        // width 4, kernel 2, stride 3, padding 1: ⌈(4 + 2 − 2) / 3⌉ + 1 = 3 windows, but the third starts at 5 ≥ 4 + 1
        Tensor x = row(1, 2, 3, 4);
        Tensor y = x.maxPool2d(new int[] {1, 2}, new int[] {1, 3}, new int[] {0, 1}, new int[] {1, 1}, true);
        assertArrayEquals(new int[] {1, 1, 1, 2}, y.shape());
        assertArrayEquals(new double[] {1, 4}, y.toDoubleArray());
        assertEquals(2, Naive.poolOutputSize(4, 2, 3, 1, 1, true));
    }

    @Test
    void ceilModeDivisorCountsPaddingButNotTheOverhangPastIt() {
        // width 6, kernel 3, stride 2, padding 1, ceil: windows start at −1, 1, 3, 5; the last one
        // ends at min(5 + 3, 6 + 1) = 7, so it divides by 2 with the padding counted, by 1 without
        int[] k = {1, 3}, s = {1, 2}, p = {0, 1};
        Tensor x = row(1, 2, 3, 4, 5, 6);
        assertArrayEquals(new double[] {1, 3, 5, 3}, x.avgPool2d(k, s, p, true, true, 0).toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {1.5, 3, 5, 6}, x.avgPool2d(k, s, p, true, false, 0).toDoubleArray(), 1e-15);
    }

    @Test
    void ceilModeAcceptsAKernelOverhangingTheInputByLessThanAStride() {
        // ⌊(3 − 4 + 2 − 1) / 2⌋ + 1 = 1 window, clipped to the whole 3×3 input
        Tensor x = Tensor.arange(0, 9, 1, DType.FLOAT64).reshape(1, 1, 3, 3);
        int[] k = {4, 4}, s = {2, 2}, p = {0, 0};
        assertArrayEquals(new double[] {8}, x.maxPool2d(k, s, p, new int[] {1, 1}, true).toDoubleArray());
        // count_include_pad divides by min(0 + 4, 3 + 0)² = 9, not 16
        assertArrayEquals(new double[] {4}, x.avgPool2d(k, s, p, true, true, 0).toDoubleArray(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> x.maxPool2d(k, s, p, new int[] {1, 1}, false));
    }

    // ------------------------------------------------------------------ dilation, divisors by hand

    @Test
    void dilatedWindowsSkipTheElementsBetweenTheirTaps() {
        // kernel 3, dilation 2: taps {0, 2, 4}, {1, 3, 5}, {2, 4, 6}
        Tensor x = row(3, 1, 4, 1, 5, 9, 2);
        int[] k = {1, 3}, s = {1, 1}, p = {0, 0}, d = {1, 2};
        assertArrayEquals(new double[] {5, 9, 5}, x.maxPool2d(k, s, p, d, false).toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 0, 0, 2, 1, 0}, gradient(x, y -> y.maxPool2d(k, s, p, d, false)).toDoubleArray());
    }

    @Test
    void dilatedPaddedWindowsStartAtTheirFirstTapInsideTheInput() {
        // kernel 2, dilation 2, padding 1: taps {−1, 1}, {0, 2}, {1, 3}, {2, 4}
        Tensor x = row(-1, -2, -3, -4);
        Tensor y = x.maxPool2d(new int[] {1, 2}, new int[] {1, 1}, new int[] {0, 1}, new int[] {1, 2}, false);
        assertArrayEquals(new double[] {-2, -1, -2, -3}, y.toDoubleArray());
    }

    @Test
    void divisorOverrideReplacesEveryWindowsDivisor() {
        Tensor x = Tensor.ones(DType.FLOAT64, 1, 1, 3, 3);
        double[] y = x.avgPool2d(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, false, true, 2).toDoubleArray();
        assertArrayEquals(new double[] {2, 3, 2, 3, 4.5, 3, 2, 3, 2}, y, 1e-15);
    }

    @Test
    void excludingPaddingAveragesOnlyTheInputElements() {
        Tensor x = Tensor.ones(DType.FLOAT64, 1, 1, 3, 3);
        double[] y = x.avgPool2d(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, false, false, 0).toDoubleArray();
        assertArrayEquals(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, y, 1e-15);
    }

    // ------------------------------------------------------------------ unbatched inputs

    @Test
    void unbatchedPoolingsEqualABatchOfOneSqueezed() {
        Property.forAll(ConvCases.fullPools(true).flatMap(p -> s -> new Object[] {p, ConvCases.real(s, p.unbatchedShape())}),
                100, c -> {
                    Pool p = (Pool) c[0];
                    Tensor x = (Tensor) c[1], batch = x.reshape(1, p.c(), p.h(), p.w());
                    Tensor y = NeuralSpecs.maxPoolFull(x, p);
                    assertArrayEquals(new int[] {p.c(), p.outH(), p.outW()}, y.shape());
                    assertArrayEquals(NeuralSpecs.maxPoolFull(batch, p).toDoubleArray(), y.toDoubleArray());
                    assertArrayEquals(gradient(batch, b -> NeuralSpecs.maxPoolFull(b, p)).toDoubleArray(),
                            gradient(x, u -> NeuralSpecs.maxPoolFull(u, p)).toDoubleArray());
                    Tensor a = x.avgPool2d(p.kernel(), p.stride(), p.padding(), p.ceil(), false, 0);
                    assertArrayEquals(batch.avgPool2d(p.kernel(), p.stride(), p.padding(), p.ceil(), false, 0).toDoubleArray(),
                            a.toDoubleArray());
                    assertArrayEquals(new int[] {p.c(), 2, 3}, x.adaptiveAvgPool2d(2, 3).shape());
                    assertArrayEquals(batch.adaptiveAvgPool2d(2, 3).toDoubleArray(), x.adaptiveAvgPool2d(2, 3).toDoubleArray());
                });
    }

    // ------------------------------------------------------------------ errors

    @Test
    void nonPositiveDilationIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1, 1, 4, 4)
                .maxPool2d(new int[] {2, 2}, null, new int[] {0, 0}, new int[] {1, 0}, false));
        assertEquals("maxPool2d: dilation must be positive, got [1, 0]", e.getMessage());
    }

    @Test
    void negativeDivisorOverrideIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 4, 4)
                .avgPool2d(new int[] {2, 2}, null, new int[] {0, 0}, false, true, -3));
        assertEquals("avgPool2d: divisorOverride must be positive (or 0 for none), got -3 for input [2, 4, 4]", e.getMessage());
    }

    @Test
    void paddingIsBoundedByHalfTheKernelSizeNotItsDilatedExtent() {
        // PyTorch compares the padding with the kernel size: 2 > 3/2 although the dilated kernel spans 5
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1, 1, 6, 6)
                .maxPool2d(new int[] {3, 3}, null, new int[] {2, 2}, new int[] {2, 2}, false));
        assertEquals("maxPool2d: padding 2 must be at most half the kernel size 3 along spatial dim 0", e.getMessage());
    }

    @Test
    void aDilatedKernelLargerThanThePaddedInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3, 4, 6)
                .maxPool2d(new int[] {3, 3}, null, new int[] {1, 1}, new int[] {3, 1}, false));
        assertEquals("maxPool2d: kernel of extent 7 (size 3, dilation 3) is larger than the padded input 6 (size 4 + 2·padding 1)"
                + " along spatial dim 0 of input [3, 4, 6]", e.getMessage());
    }

    @Test
    void aWindowWhoseTapsAllFallInThePaddingIsRejected() {
        // kernel 2, dilation 5, padding 1 on width 4: the only window's taps are −1 and 4
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1, 1, 4, 4)
                .maxPool2d(new int[] {1, 2}, null, new int[] {0, 1}, new int[] {1, 5}, false));
        assertEquals("maxPool2d: window 0 along spatial dim 1 covers only padding (kernel 2, dilation 5, padding 1) of input "
                + "[1, 1, 4, 4]", e.getMessage());
    }
}

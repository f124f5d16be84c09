package dev.panagrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * MaxPool2d, AvgPool2d and AdaptiveAvgPool2d beyond the module table: defaults, hand-computed windows
 * from PyTorch's formulas, options reaching the pooling, printing and construction errors.
 */
class PoolingLayersTest {
    private static final Rng RNG = new Rng(11);

    /** 0, 1, …, h·w − 1 as a [1, 1, h, w] plane. */
    private static Tensor ramp(int h, int w) {
        return Tensor.arange(0, h * w, 1, DType.FLOAT32).reshape(1, 1, h, w);
    }

    private static void assertValues(double[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toDoubleArray(), 1e-5);
    }

    @Test
    void maxPoolStrideDefaultsToTheKernel() {
        // 4 × 4 ramp, 2 × 2 windows: the bottom-right entry of each window
        assertValues(new double[] {5, 7, 13, 15}, new MaxPool2d(2).forward(ramp(4, 4)));
    }

    @Test
    void maxPoolCeilModeKeepsThePartialLastWindow() {
        // 5 × 5 ramp, kernel 2: floor mode gives 2 × 2, ceil mode 3 × 3 (last windows cover one row/column)
        assertArrayEquals(new int[] {1, 1, 2, 2}, new MaxPool2d(2).forward(ramp(5, 5)).shape());
        Tensor ceil = new MaxPool2d(2, MaxPool2d.options().ceilMode(true)).forward(ramp(5, 5));
        assertValues(new double[] {6, 8, 9, 16, 18, 19, 21, 23, 24}, ceil);
    }

    @Test
    void maxPoolPadsWithMinusInfinityAndDilates() {
        // all-negative input: padding must never win; windows with stride 1, taps 2 apart
        Tensor x = ramp(3, 3).sub(100);
        Tensor padded = new MaxPool2d(3, 1, 1).forward(x);
        assertValues(new double[] {-96, -95, -95, -93, -92, -92, -93, -92, -92}, padded);
        Tensor dilated = new MaxPool2d(2, MaxPool2d.options().stride(1).dilation(2)).forward(ramp(3, 4));
        // window (i, j) takes rows i, i+2 and columns j, j+2: maximum at (i+2, j+2)
        assertValues(new double[] {10, 11}, dilated);
    }

    @Test
    void maxPoolOptionsReachThePooling() {
        MaxPool2d pool = new MaxPool2d(3, 2, MaxPool2d.options().stride(2, 1).padding(1, 1).ceilMode(true));
        Tensor x = Tensor.randn(RNG, 2, 3, 7, 6);
        Tensor expected = x.maxPool2d(new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 1}, true);
        assertArrayEquals(expected.toFloatArray(), pool.forward(x).toFloatArray());
    }

    @Test
    void avgPoolAveragesEachWindow() {
        assertValues(new double[] {2.5, 4.5, 10.5, 12.5}, new AvgPool2d(2).forward(ramp(4, 4)));
    }

    @Test
    void avgPoolCountsPaddingOnlyWhenAsked() {
        // 3 × 3 ones, 3 × 3 windows, stride 1, padding 1: a corner window covers 4 inputs of its 9 positions
        Tensor ones = Tensor.ones(1, 1, 3, 3);
        Tensor included = new AvgPool2d(3, 1, 1).forward(ones);
        assertValues(new double[] {4 / 9.0, 6 / 9.0, 4 / 9.0, 6 / 9.0, 1, 6 / 9.0, 4 / 9.0, 6 / 9.0, 4 / 9.0}, included);
        Tensor excluded = new AvgPool2d(3, AvgPool2d.options().stride(1).padding(1).countIncludePad(false)).forward(ones);
        assertValues(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, excluded);
    }

    @Test
    void avgPoolDivisorOverrideReplacesTheArea() {
        // window sums of the 4 × 4 ramp are 10, 18, 42, 50
        Tensor y = new AvgPool2d(2, AvgPool2d.options().divisorOverride(3)).forward(ramp(4, 4));
        assertValues(new double[] {10 / 3.0, 6, 14, 50 / 3.0}, y);
    }

    @Test
    void avgPoolCeilModeDividesByTheClippedWindow() {
        // 1 × 5 row, kernel (1, 2), ceil mode: the last window holds only the 5th entry
        Tensor y = new AvgPool2d(1, 2, AvgPool2d.options().ceilMode(true)).forward(ramp(1, 5));
        assertValues(new double[] {0.5, 2.5, 4}, y);
    }

    @Test
    void adaptiveAvgPoolToOneIsTheGlobalAverage() {
        Tensor x = Tensor.randn(RNG, DType.FLOAT64, 2, 3, 5, 7);
        Tensor y = new AdaptiveAvgPool2d(1).forward(x);
        assertArrayEquals(new int[] {2, 3, 1, 1}, y.shape());
        assertArrayEquals(x.mean(new int[] {2, 3}, true).toDoubleArray(), y.toDoubleArray(), 1e-12);
    }

    @Test
    void adaptiveAvgPoolWindowsOverlapWhenTheSizeDoesNotDivide() {
        // width 5 → 2: columns [0, 3) and [2, 5)
        assertValues(new double[] {1, 3}, new AdaptiveAvgPool2d(1, 2).forward(ramp(1, 5)));
        // height kept (null), width 4 → 3: columns [0, 2), [1, 3), [2, 4)
        Tensor y = new AdaptiveAvgPool2d(null, 3).forward(ramp(2, 4));
        assertArrayEquals(new int[] {1, 1, 2, 3}, y.shape());
        assertValues(new double[] {0.5, 1.5, 2.5, 4.5, 5.5, 6.5}, y);
    }

    @Test
    void poolingAcceptsUnbatchedInputs() {
        Tensor x = Tensor.randn(RNG, 3, 6, 5);
        Module[] pools = {new MaxPool2d(2), new AvgPool2d(3, 1, 1), new AdaptiveAvgPool2d(2, 3)};
        for (Module pool : pools) {
            assertArrayEquals(pool.forward(x.unsqueeze(0)).squeeze(0).toFloatArray(), pool.forward(x).toFloatArray(),
                    pool.toString());
        }
    }

    @Test
    void constructionRejectsBadSettingsNamingTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(3, 1, 2));
        assertTrue(e.getMessage().startsWith("MaxPool2d") && e.getMessage().contains("half"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(2, AvgPool2d.options().padding(2)));
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(0));
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, MaxPool2d.options().stride(0)));
        assertThrows(IllegalArgumentException.class, () -> AvgPool2d.options().divisorOverride(0));
        assertThrows(IllegalArgumentException.class, () -> new AdaptiveAvgPool2d(0));
    }

    @Test
    void aWindowLargerThanTheInputIsRejectedNamingLayerAndShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new AvgPool2d(3).forward(Tensor.zeros(2, 1, 2, 5)));
        assertTrue(e.getMessage().startsWith("AvgPool2d(kernel_size=3") && e.getMessage().contains("[2, 1, 2, 5]"),
                e.getMessage());
    }

    @Test
    void printsLikePyTorch() {
        assertEquals("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).toString());
        assertEquals("MaxPool2d(kernel_size=3, stride=2, padding=1, dilation=1, ceil_mode=False)",
                new MaxPool2d(3, 2, 1).toString());
        assertEquals("MaxPool2d(kernel_size=(3, 2), stride=(1, 2), padding=(1, 0), dilation=2, ceil_mode=True)",
                new MaxPool2d(3, 2, MaxPool2d.options().stride(1, 2).padding(1, 0).dilation(2).ceilMode(true)).toString());
        assertEquals("AvgPool2d(kernel_size=2, stride=2, padding=0)", new AvgPool2d(2).toString());
        assertEquals("AvgPool2d(kernel_size=3, stride=(2, 1), padding=1)",
                new AvgPool2d(3, AvgPool2d.options().stride(2, 1).padding(1).countIncludePad(false)).toString());
        assertEquals("AdaptiveAvgPool2d(output_size=1)", new AdaptiveAvgPool2d(1).toString());
        assertEquals("AdaptiveAvgPool2d(output_size=(5, None))", new AdaptiveAvgPool2d(5, null).toString());
    }
}

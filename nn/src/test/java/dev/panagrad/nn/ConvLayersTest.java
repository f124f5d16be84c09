package dev.panagrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Conv1d, Conv2d and ConvTranspose2d beyond the module table: "same" padding (sizes and hand-computed
 * outputs, asymmetric for even kernels), padding modes, options reaching the convolution, PyTorch's
 * initialization bounds and printing, and construction errors. Known answers follow PyTorch's formula
 * {@code y[o, l] = b[o] + Σ w[o, c, k]·x[c, l·stride − padLeft + k·dilation]}.
 */
class ConvLayersTest {
    private static final Rng RNG = new Rng(7);

    private static void set(Tensor parameter, double... values) {
        try (NoGrad ignored = NoGrad.enter()) {
            parameter.assign(Tensor.of(values, parameter.shape()).to(parameter.dtype()));
        }
    }

    private static Tensor input(double[] values, int... shape) {
        return Tensor.of(values, shape).to(DType.FLOAT32);
    }

    private static void assertValues(double[] expected, Tensor actual) {
        assertArrayEquals(expected, actual.toDoubleArray(), 1e-4);
    }

    // ------------------------------------------------------------------ "same" padding

    @Test
    void samePaddingKeepsTheSizeForOddAndEvenKernelsAndDilations() {
        int[][] kernels = {{3, 3}, {4, 4}, {2, 5}, {1, 6}};
        for (int[] k : kernels) {
            for (int d = 1; d <= 2; d++) {
                Conv2d conv = new Conv2d(2, 3, k, Conv2d.options().padding("same").dilation(d), RNG);
                Tensor y = conv.forward(Tensor.randn(RNG, 1, 2, 7, 6));
                assertArrayEquals(new int[] {1, 3, 7, 6}, y.shape(), conv.toString());
            }
        }
        for (int k = 1; k <= 6; k++) {
            Conv1d conv = new Conv1d(1, 1, k, Conv1d.options().padding("same"), RNG);
            assertArrayEquals(new int[] {1, 1, 9}, conv.forward(Tensor.randn(RNG, 1, 1, 9)).shape(), conv.toString());
        }
    }

    @Test
    void samePaddingWithAnEvenKernelPutsTheExtraZeroOnTheRight() {
        // k = 4: total padding 3, one zero before and two after: y[l] = Σ w[k]·x[l − 1 + k]
        Conv1d conv = new Conv1d(1, 1, 4, Conv1d.options().padding("same").bias(false), RNG);
        set(conv.weight(), 1, 10, 100, 1000);
        Tensor y = conv.forward(input(new double[] {1, 2, 3, 4, 5}, 1, 1, 5));
        assertValues(new double[] {3210, 4321, 5432, 543, 54}, y);
    }

    @Test
    void samePaddingIn2dPadsTheBottomAndRightForAKernelOfTwo() {
        // k = 2 × 2: no padding before, one zero row below and one zero column to the right
        Conv2d conv = new Conv2d(1, 1, 2, Conv2d.options().padding("same").bias(false), RNG);
        set(conv.weight(), 1, 2, 3, 4);
        Tensor y = conv.forward(input(new double[] {1, 2, 3, 4}, 1, 1, 2, 2));
        // y00 = 1·1 + 2·2 + 3·3 + 4·4, y01 = 1·2 + 3·4, y10 = 1·3 + 2·4, y11 = 1·4
        assertValues(new double[] {30, 14, 11, 4}, y);
    }

    @Test
    void samePaddingWithAnOddKernelIsSymmetricPadding() {
        Conv2d same = new Conv2d(2, 2, 3, Conv2d.options().padding("same").dilation(2), new Rng(3));
        Conv2d explicit = new Conv2d(2, 2, 3, Conv2d.options().padding(2).dilation(2), new Rng(3));
        Tensor x = Tensor.randn(RNG, 2, 2, 5, 6);
        assertArrayEquals(explicit.forward(x).toFloatArray(), same.forward(x).toFloatArray());
    }

    @Test
    void validPaddingIsNoPadding() {
        Conv2d valid = new Conv2d(2, 2, 3, Conv2d.options().padding("valid"), new Rng(3));
        Conv2d plain = new Conv2d(2, 2, 3, new Rng(3));
        Tensor x = Tensor.randn(RNG, 1, 2, 5, 4);
        assertArrayEquals(plain.forward(x).toFloatArray(), valid.forward(x).toFloatArray());
        assertEquals("Conv2d(2, 2, kernel_size=(3, 3), stride=(1, 1), padding=valid)", valid.toString());
    }

    @Test
    void samePaddingRefusesStrides() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(1, 1, 3, Conv2d.options().padding("same").stride(2), RNG));
        assertTrue(e.getMessage().contains("Conv2d") && e.getMessage().contains("strided"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv1d(1, 1, 3, Conv1d.options().padding("same").stride(2), RNG));
        assertThrows(IllegalArgumentException.class, () -> Conv2d.options().padding("full"));
    }

    // ------------------------------------------------------------------ padding modes

    @Test
    void reflectReplicateAndCircularPaddingPadTheInputAsFPad() {
        // weight (100, 10, 1) reads the padded row as a three-digit number
        double[] x = {1, 2, 3};
        String[] modes = {"zeros", "reflect", "replicate", "circular"};
        double[][] expected = {
            {12, 123, 230},  // [0, 1, 2, 3, 0]
            {212, 123, 232}, // [2, 1, 2, 3, 2]
            {112, 123, 233}, // [1, 1, 2, 3, 3]
            {312, 123, 231}, // [3, 1, 2, 3, 1]
        };
        for (int m = 0; m < modes.length; m++) {
            Conv1d conv = new Conv1d(1, 1, 3, Conv1d.options().padding(1).paddingMode(modes[m]).bias(false), RNG);
            set(conv.weight(), 100, 10, 1);
            assertValues(expected[m], conv.forward(input(x, 1, 1, 3)));
        }
    }

    @Test
    void reflectPaddingMustBeSmallerThanTheInput() {
        Conv2d conv = new Conv2d(1, 1, 3, Conv2d.options().padding(2).paddingMode("reflect"), RNG);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(1, 1, 2, 5)));
        assertTrue(e.getMessage().startsWith("Conv2d(") && e.getMessage().contains("[1, 1, 2, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 1, 3, Conv2d.options().paddingMode("mirror"), RNG));
    }

    // ------------------------------------------------------------------ options and shapes

    @Test
    void optionsReachTheConvolution() {
        Conv2d conv = new Conv2d(4, 6, new int[] {3, 2},
                Conv2d.options().stride(2, 1).padding(1, 2).dilation(1, 2).groups(2), RNG);
        Tensor x = Tensor.randn(RNG, 2, 4, 7, 5);
        Tensor expected = x.conv2d(conv.weight(), conv.bias(), new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 2}, 2);
        assertArrayEquals(expected.toFloatArray(), conv.forward(x).toFloatArray());
        assertArrayEquals(new int[] {6, 2, 3, 2}, conv.weight().shape());
        assertArrayEquals(new int[] {2, 6, 4, 7}, conv.forward(x).shape());
    }

    @Test
    void unbatchedInputsGiveTheBatchOfOneResult() {
        Tensor x = Tensor.randn(RNG, 2, 5, 6);
        Conv2d conv = new Conv2d(2, 3, 3, Conv2d.options().padding(1), RNG);
        assertArrayEquals(conv.forward(x.unsqueeze(0)).squeeze(0).toFloatArray(), conv.forward(x).toFloatArray());
        Conv1d conv1 = new Conv1d(5, 2, 2, RNG);
        assertArrayEquals(new int[] {2, 5}, conv1.forward(x.narrow(0, 0, 1).squeeze(0)).shape());
        ConvTranspose2d up = new ConvTranspose2d(2, 3, 2, ConvTranspose2d.options().stride(2), RNG);
        assertArrayEquals(new int[] {3, 10, 12}, up.forward(x).shape());
    }

    @Test
    void anInputSmallerThanTheKernelIsRejectedNamingLayerAndShape() {
        Conv2d conv = new Conv2d(1, 1, 5, RNG);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(1, 1, 3, 7)));
        assertTrue(e.getMessage().startsWith("Conv2d(1, 1, kernel_size=(5, 5)") && e.getMessage().contains("[1, 1, 3, 7]"),
                e.getMessage());
    }

    @Test
    void channelCountsMustBeDivisibleByGroups() {
        IllegalArgumentException in = assertThrows(IllegalArgumentException.class,
                () -> new Conv2d(3, 4, 3, Conv2d.options().groups(2), RNG));
        assertTrue(in.getMessage().contains("Conv2d") && in.getMessage().contains("in_channels=3"), in.getMessage());
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class,
                () -> new ConvTranspose2d(4, 3, 3, ConvTranspose2d.options().groups(2), RNG));
        assertTrue(out.getMessage().contains("ConvTranspose2d") && out.getMessage().contains("out_channels=3"), out.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv1d(2, 2, 3, Conv1d.options().groups(0), RNG));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(2, 2, 0, RNG));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(2, 2, 3, Conv2d.options().stride(0), RNG));
    }

    // ------------------------------------------------------------------ transposed convolution

    @Test
    void transposedConvolutionIsTheAdjointOfConvolutionWithTheSameWeight() {
        // conv: [3 → 2] weight [2, 3, 3, 3]; its adjoint is ConvTranspose2d(2 → 3) with the same weight tensor
        Conv2d conv = new Conv2d(3, 2, 3, Conv2d.options().stride(2).padding(1).bias(false), RNG);
        conv.to(DType.FLOAT64);
        ConvTranspose2d back = new ConvTranspose2d(2, 3, 3, ConvTranspose2d.options().stride(2).padding(1).bias(false), RNG);
        back.to(DType.FLOAT64);
        try (NoGrad ignored = NoGrad.enter()) {
            back.weight().assign(conv.weight());
        }
        Tensor x = Tensor.randn(RNG, DType.FLOAT64, 1, 3, 7, 7);
        Tensor y = Tensor.randn(RNG, DType.FLOAT64, 1, 2, 4, 4);
        double lhs = conv.forward(x).mul(y).sum().item();
        double rhs = x.mul(back.forward(y)).sum().item();
        assertEquals(lhs, rhs, 1e-10 * (1 + Math.abs(lhs)));
    }

    @Test
    void outputPaddingAndOutputSizeChooseAmongTheSizesAStridedConvolutionInverts() {
        ConvTranspose2d up = new ConvTranspose2d(2, 2, 3, ConvTranspose2d.options().stride(2).padding(1), new Rng(1));
        ConvTranspose2d padded = new ConvTranspose2d(2, 2, 3,
                ConvTranspose2d.options().stride(2).padding(1).outputPadding(1, 0), new Rng(1));
        Tensor x = Tensor.randn(RNG, 1, 2, 3, 4);
        assertArrayEquals(new int[] {1, 2, 5, 7}, up.forward(x).shape()); // (in − 1)·2 − 2 + 3
        assertArrayEquals(new int[] {1, 2, 6, 7}, padded.forward(x).shape());
        assertArrayEquals(padded.forward(x).toFloatArray(), up.forward(x, new int[] {6, 7}).toFloatArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> up.forward(x, new int[] {7, 7}));
        assertTrue(e.getMessage().contains("ConvTranspose2d") && e.getMessage().contains("[5, 7] to [6, 8]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new ConvTranspose2d(2, 2, 3, ConvTranspose2d.options().stride(2).outputPadding(2), RNG));
    }

    // ------------------------------------------------------------------ initialization

    private static void assertUniformWithin(Tensor t, double bound, String what) {
        double[] v = t.toDoubleArray();
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sumSq = 0;
        for (double x : v) {
            assertTrue(Math.abs(x) <= bound, what + ": " + x + " outside ±" + bound);
            min = Math.min(min, x);
            max = Math.max(max, x);
            sumSq += x * x;
        }
        assertTrue(v.length >= 200, what + ": too few values to judge the spread");
        assertTrue(min < -0.9 * bound && max > 0.9 * bound, what + ": values should fill ±" + bound + ", got [" + min + ", " + max + "]");
        double variance = sumSq / v.length; // U(−b, b) has variance b²/3
        assertEquals(bound * bound / 3, variance, 0.15 * bound * bound / 3, what + ": variance");
    }

    @Test
    void weightsAndBiasesAreUniformWithinOneOverSqrtFanIn() {
        Conv2d conv = new Conv2d(16, 256, 3, RNG); // fanIn = 16·3·3 = 144
        assertUniformWithin(conv.weight(), 1 / 12.0, "Conv2d weight");
        assertUniformWithin(conv.bias(), 1 / 12.0, "Conv2d bias");
        Conv2d grouped = new Conv2d(16, 64, 3, Conv2d.options().groups(4), RNG); // fanIn = 4·9 = 36
        assertUniformWithin(grouped.weight(), 1 / 6.0, "grouped Conv2d weight");
        Conv1d conv1 = new Conv1d(8, 512, 2, RNG); // fanIn = 16
        assertUniformWithin(conv1.weight(), 0.25, "Conv1d weight");
        assertUniformWithin(conv1.bias(), 0.25, "Conv1d bias");
    }

    @Test
    void transposedConvolutionTakesItsFanInFromWeightDimOne() {
        // weight [16, 512/2, 3, 3]: PyTorch's fan_in = size(1)·kH·kW = 256·9 = 2304 (not 16·9)
        ConvTranspose2d up = new ConvTranspose2d(16, 512, 3, ConvTranspose2d.options().groups(2), RNG);
        assertArrayEquals(new int[] {16, 256, 3, 3}, up.weight().shape());
        assertUniformWithin(up.weight(), 1 / 48.0, "ConvTranspose2d weight");
        assertUniformWithin(up.bias(), 1 / 48.0, "ConvTranspose2d bias");
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        assertArrayEquals(new Conv2d(3, 4, 3, new Rng(5)).weight().toFloatArray(),
                new Conv2d(3, 4, 3, new Rng(5)).weight().toFloatArray());
    }

    // ------------------------------------------------------------------ printing

    @Test
    void printsLikePyTorch() {
        assertEquals("Conv2d(3, 64, kernel_size=(3, 3), stride=(1, 1))", new Conv2d(3, 64, 3, RNG).toString());
        assertEquals("Conv2d(3, 64, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))",
                new Conv2d(3, 64, 3, Conv2d.options().padding(1), RNG).toString());
        assertEquals("Conv2d(3, 64, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), bias=False)",
                new Conv2d(3, 64, 3, Conv2d.options().stride(2).padding(1).groups(1).bias(false), RNG).toString());
        assertEquals("Conv2d(4, 8, kernel_size=(3, 5), stride=(1, 1), padding=same, dilation=(2, 2), groups=2, bias=False, "
                + "padding_mode=reflect)", new Conv2d(4, 8, new int[] {3, 5},
                Conv2d.options().padding("same").dilation(2).groups(2).bias(false).paddingMode("reflect"), RNG).toString());
        assertEquals("Conv1d(4, 8, kernel_size=(3,), stride=(1,), padding=(1,))",
                new Conv1d(4, 8, 3, Conv1d.options().padding(1), RNG).toString());
        assertEquals("Conv1d(4, 8, kernel_size=(2,), stride=(2,), dilation=(3,), groups=4)",
                new Conv1d(4, 8, 2, Conv1d.options().stride(2).dilation(3).groups(4), RNG).toString());
        assertEquals("ConvTranspose2d(16, 8, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), output_padding=(1, 1))",
                new ConvTranspose2d(16, 8, 4, ConvTranspose2d.options().stride(2).padding(1).outputPadding(1), RNG).toString());
        assertEquals("ConvTranspose2d(4, 2, kernel_size=(2, 3), stride=(1, 1), dilation=(2, 2), groups=2, bias=False)",
                new ConvTranspose2d(4, 2, new int[] {2, 3}, ConvTranspose2d.options().dilation(2).groups(2).bias(false), RNG)
                        .toString());
    }
}

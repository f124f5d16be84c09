package dev.panagrad.core.ops;

import static dev.panagrad.core.ops.ConvCases.bias;
import static dev.panagrad.core.ops.ConvCases.cfg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.GradCheck;
import dev.panagrad.core.check.Property;
import dev.panagrad.core.ops.ConvCases.Conv;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Convolutions against direct loops, adjoint identities, float32 accuracy, second order, and error messages. */
class ConvolutionTest {

    @Test
    void conv2dMatchesTheDirectLoop() {
        Property.forAll(ConvCases.convInputs(false), 200, in -> {
            Conv c = Conv.decode(cfg(in));
            Tensor expected = Naive.conv2d(in.get(0), in.get(1), bias(in), c.stride(), c.padding(), c.dilation(), c.groups());
            Tensor actual = NeuralSpecs.conv2d(in);
            assertArrayEquals(expected.shape(), actual.shape());
            assertTrue(Naive.relativeError(actual, expected) <= 1e-13, () -> "error " + Naive.relativeError(actual, expected));
        });
    }

    @Test
    void convTranspose2dMatchesTheScatterLoop() {
        Property.forAll(ConvCases.convInputs(true), 200, in -> {
            Conv c = Conv.decode(cfg(in));
            Tensor expected = Naive.convTranspose2d(in.get(0), in.get(1), bias(in), c.stride(), c.padding(), c.outputPadding(),
                    c.dilation(), c.groups());
            Tensor actual = NeuralSpecs.convTranspose2d(in);
            assertArrayEquals(expected.shape(), actual.shape());
            assertTrue(Naive.relativeError(actual, expected) <= 1e-13, () -> "error " + Naive.relativeError(actual, expected));
        });
    }

    @Test
    void conv1dMatchesTheDirectLoopOverAHeightOfOne() {
        Property.forAll(NeuralSpecs.conv1dInputs(true), 100, in -> {
            Conv c = Conv.decode(cfg(in));
            int[] xs = in.get(0).shape(), ws = in.get(1).shape();
            Tensor expected = Naive.conv2d(in.get(0).reshape(xs[0], xs[1], 1, xs[2]), in.get(1).reshape(ws[0], ws[1], 1, ws[2]),
                    bias(in), new int[] {1, c.sw()}, new int[] {0, c.pw()}, new int[] {1, c.dw()}, c.groups());
            Tensor actual = NeuralSpecs.conv1d(in);
            assertArrayEquals(new int[] {xs[0], ws[0], expected.shape()[3]}, actual.shape());
            assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 1e-12);
        });
    }

    @Test
    void conv2dKnownAnswer() {
        // 3×3 input 1..9, 2×2 kernel of ones, stride 1: each output is a 2×2 window sum, plus bias 0.5
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.ones(DType.FLOAT64, 1, 1, 2, 2);
        Tensor y = x.conv2d(w, Tensor.of(new double[] {0.5}, 1), 1, 0);
        assertArrayEquals(new double[] {12.5, 16.5, 24.5, 28.5}, y.toDoubleArray());
    }

    @Test
    void conv2dIsSelfAdjointWithConvTranspose2d() {
        // ⟨conv2d(u), v⟩ = ⟨u, ∂⟩ where ∂ is the tape's vector-Jacobian product of v
        Property.forAll(ConvCases.convInputs(false), 100, in -> {
            Conv c = Conv.decode(cfg(in));
            Rng rng = new Rng(in.get(0).numel());
            Tensor u = in.get(0), w = in.get(1);
            Tensor ju = u.conv2d(w, null, c.stride(), c.padding(), c.dilation(), c.groups());
            Tensor v = Tensor.randn(rng, DType.FLOAT64, ju.shape());
            Tensor jtv;
            try (Tape tape = Tape.record()) {
                tape.watch(u);
                Tensor y = u.conv2d(w, null, c.stride(), c.padding(), c.dilation(), c.groups());
                jtv = tape.gradient(y, v, List.of(u)).get(u);
            }
            assertAdjoint(Naive.dot(ju, v), Naive.dot(u, jtv));
        });
    }

    @Test
    void convTranspose2dAdjointIdentityHolds() {
        Property.forAll(ConvCases.convInputs(true), 100, in -> {
            Conv c = Conv.decode(cfg(in));
            Tensor u = in.get(0), w = in.get(1);
            Tensor ju = u.convTranspose2d(w, null, c.stride(), c.padding(), c.outputPadding(), c.dilation(), c.groups());
            Tensor v = Tensor.randn(new Rng(ju.numel()), DType.FLOAT64, ju.shape());
            Tensor jtv;
            try (Tape tape = Tape.record()) {
                tape.watch(u);
                Tensor y = u.convTranspose2d(w, null, c.stride(), c.padding(), c.outputPadding(), c.dilation(), c.groups());
                jtv = tape.gradient(y, v, List.of(u)).get(u);
            }
            assertAdjoint(Naive.dot(ju, v), Naive.dot(u, jtv));
        });
    }

    @Test
    void weightGradientIsAdjointInTheWeight() {
        // conv2d is linear in w too: ⟨conv2d(x; u), v⟩ = ⟨u, ∂w⟩
        Property.forAll(ConvCases.convInputs(false), 100, in -> {
            Conv c = Conv.decode(cfg(in));
            Tensor x = in.get(0), u = in.get(1);
            Tensor ju = x.conv2d(u, null, c.stride(), c.padding(), c.dilation(), c.groups());
            Tensor v = Tensor.randn(new Rng(ju.numel() + 1), DType.FLOAT64, ju.shape());
            Tensor jtv;
            try (Tape tape = Tape.record()) {
                tape.watch(u);
                Tensor y = x.conv2d(u, null, c.stride(), c.padding(), c.dilation(), c.groups());
                jtv = tape.gradient(y, v, List.of(u)).get(u);
            }
            assertAdjoint(Naive.dot(ju, v), Naive.dot(u, jtv));
        });
    }

    @Test
    void float32MatchesTheFloat64Result() {
        Property.forAll(ConvCases.convInputs(false), 100, in -> {
            Conv c = Conv.decode(cfg(in));
            Tensor b = bias(in);
            Tensor y64 = NeuralSpecs.conv2d(in);
            Tensor y32 = in.get(0).to(DType.FLOAT32).conv2d(in.get(1).to(DType.FLOAT32), b == null ? null : b.to(DType.FLOAT32),
                    c.stride(), c.padding(), c.dilation(), c.groups());
            assertEquals(DType.FLOAT32, y32.dtype());
            assertArrayEquals(y64.toDoubleArray(), y32.toDoubleArray(), 1e-5);
        });
    }

    @Test
    void gradientPenaltyThroughConvolutionsHasCorrectGradients() {
        // WGAN-GP shape: penalty(w1, w2) = Σ (∂/∂x Σ D(x))², D = conv2d(w2) ∘ square ∘ conv2d(w1); its gradient in w1, w2
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, DType.FLOAT64, 2, 2, 5, 5);
        Tensor w1 = Tensor.randn(rng, DType.FLOAT64, 3, 2, 3, 3).mul(0.5);
        Tensor w2 = Tensor.randn(rng, DType.FLOAT64, 1, 3, 2, 2).mul(0.5);
        GradCheck.gradcheck(in -> {
            Tensor xi = x.detach();
            try (Tape tape = Tape.record()) {
                tape.watch(xi);
                Tensor h = xi.conv2d(in.get(0), null, new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 2}, 1);
                Tensor d = h.mul(h).conv2d(in.get(1), null, 1, 0).sum();
                Tensor gx = tape.gradient(d, xi).get(xi);
                return gx.mul(gx).sum();
            }
        }, List.of(w1, w2));
    }

    @Test
    void channelMismatchNamesBothShapes() {
        Tensor x = Tensor.zeros(1, 3, 8, 8);
        Tensor w = Tensor.zeros(4, 2, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.conv2d(w, null, 1, 1));
        assertEquals("conv2d: input [1, 3, 8, 8] has 3 channels but weight [4, 2, 3, 3] with groups=1 expects 2 "
                + "(weight.size(1)·groups)", e.getMessage());
    }

    @Test
    void kernelLargerThanThePaddedInputIsRejected() {
        Tensor x = Tensor.zeros(1, 1, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> x.conv2d(Tensor.zeros(1, 1, 5, 5), null, 1, 1));
        assertTrue(e.getMessage().startsWith("conv2d: kernel of extent 5 (size 5, dilation 1) is larger than the padded input 4"),
                e.getMessage());
    }

    @Test
    void outputPaddingMustBeSmallerThanStrideOrDilation() {
        Tensor x = Tensor.zeros(1, 1, 3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.convTranspose2d(
                Tensor.zeros(1, 1, 3, 3), null, new int[] {2, 2}, new int[] {0, 0}, new int[] {2, 0}, new int[] {1, 1}, 1));
        assertEquals("convTranspose2d: outputPadding 2 must be smaller than the stride 2 or the dilation 1 along spatial dim 0",
                e.getMessage());
    }

    @Test
    void nonPositiveStrideIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1, 1, 4, 4)
                .conv2d(Tensor.zeros(1, 1, 3, 3), null, new int[] {1, 0}, new int[] {0, 0}, new int[] {1, 1}, 1));
        assertEquals("conv2d: stride must be positive, got [1, 0]", e.getMessage());
    }

    @Test
    void channelsNotDivisibleByGroupsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1, 4, 4, 4)
                .conv2d(Tensor.zeros(3, 2, 1, 1), null, new int[] {1, 1}, new int[] {0, 0}, new int[] {1, 1}, 2));
        assertEquals("conv2d: weight [3, 2, 1, 1] has 3 output channels, which groups=2 does not divide", e.getMessage());
    }

    @Test
    void convolutionsDoNotModifyTheirInputs() {
        Property.forAll(ConvCases.convInputs(true), 20, in -> {
            double[][] before = in.stream().map(Tensor::toDoubleArray).toArray(double[][]::new);
            try (Tape tape = Tape.record()) {
                tape.watch(in.get(0));
                tape.watch(in.get(1));
                Tensor y = NeuralSpecs.convTranspose2d(in);
                tape.gradient(y.sum(), in.get(0), in.get(1));
            }
            for (int i = 0; i < before.length; i++) {
                assertArrayEquals(before[i], in.get(i).toDoubleArray());
            }
        });
    }

    private static void assertAdjoint(double left, double right) {
        double scale = Math.max(1e-300, Math.max(Math.abs(left), Math.abs(right)));
        assertTrue(Math.abs(left - right) <= 1e-12 * scale, () -> "⟨Ju, v⟩ = " + left + " but ⟨u, Jᵀv⟩ = " + right);
    }
}

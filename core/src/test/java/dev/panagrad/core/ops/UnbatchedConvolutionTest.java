package dev.panagrad.core.ops;

import static dev.panagrad.core.ops.ConvCases.bias;
import static dev.panagrad.core.ops.ConvCases.cfg;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Gradients;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Property;
import dev.panagrad.core.ops.ConvCases.Conv;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Convolutions on unbatched inputs as PyTorch takes them ({@code [C, H, W]} for conv2d and
 * convTranspose2d, {@code [C, L]} for conv1d): the batch-of-one result without its batch dim, with
 * gradients of the input's own shape, and errors that name the shape the caller passed.
 */
class UnbatchedConvolutionTest {

    /** The same inputs with a batch dim of one in front of x. */
    private static List<Tensor> batchOfOne(List<Tensor> in) {
        List<Tensor> out = new ArrayList<>(in);
        out.set(0, in.get(0).unsqueeze(0));
        return out;
    }

    @Test
    void unbatchedConv2dMatchesTheDirectLoop() {
        Property.forAll(ConvCases.convInputs(false, false), 100, in -> {
            Conv c = Conv.decode(cfg(in));
            Tensor expected = Naive.conv2d(in.get(0).unsqueeze(0), in.get(1), bias(in), c.stride(), c.padding(), c.dilation(),
                    c.groups());
            Tensor actual = NeuralSpecs.conv2d(in);
            int[] es = expected.shape();
            assertArrayEquals(new int[] {es[1], es[2], es[3]}, actual.shape());
            assertTrue(Naive.relativeError(actual, expected) <= 1e-13, () -> "error " + Naive.relativeError(actual, expected));
        });
    }

    @Test
    void unbatchedConvTranspose2dMatchesTheScatterLoop() {
        Property.forAll(ConvCases.convInputs(true, false), 100, in -> {
            Conv c = Conv.decode(cfg(in));
            Tensor expected = Naive.convTranspose2d(in.get(0).unsqueeze(0), in.get(1), bias(in), c.stride(), c.padding(),
                    c.outputPadding(), c.dilation(), c.groups());
            Tensor actual = NeuralSpecs.convTranspose2d(in);
            int[] es = expected.shape();
            assertArrayEquals(new int[] {es[1], es[2], es[3]}, actual.shape());
            assertTrue(Naive.relativeError(actual, expected) <= 1e-13, () -> "error " + Naive.relativeError(actual, expected));
        });
    }

    @Test
    void unbatchedConv1dMatchesTheDirectLoopOverAHeightOfOne() {
        Property.forAll(NeuralSpecs.conv1dInputs(false), 100, in -> {
            Conv c = Conv.decode(cfg(in));
            int[] xs = in.get(0).shape(), ws = in.get(1).shape();
            Tensor expected = Naive.conv2d(in.get(0).reshape(1, xs[0], 1, xs[1]), in.get(1).reshape(ws[0], ws[1], 1, ws[2]),
                    bias(in), new int[] {1, c.sw()}, new int[] {0, c.pw()}, new int[] {1, c.dw()}, c.groups());
            Tensor actual = NeuralSpecs.conv1d(in);
            assertArrayEquals(new int[] {ws[0], expected.shape()[3]}, actual.shape());
            assertArrayEquals(expected.toDoubleArray(), actual.toDoubleArray(), 1e-12);
        });
    }

    @Test
    void unbatchedGradientsEqualTheBatchOfOnesGradients() {
        Property.forAll(ConvCases.convInputs(false, false), 50, in -> {
            assertSameGradients(in, NeuralSpecs::conv2d);
        });
        Property.forAll(ConvCases.convInputs(true, false), 50, in -> {
            assertSameGradients(in, NeuralSpecs::convTranspose2d);
        });
        Property.forAll(NeuralSpecs.conv1dInputs(false), 50, in -> {
            assertSameGradients(in, NeuralSpecs::conv1d);
        });
    }

    /** d sum(op)/dx and /dw for the unbatched x and for x as a batch of one: equal, each of its input's shape. */
    private static void assertSameGradients(List<Tensor> in, Function<List<Tensor>, Tensor> op) {
        List<Tensor> batched = batchOfOne(in);
        Tensor[] unbatchedGrads = gradients(in, op), batchedGrads = gradients(batched, op);
        assertArrayEquals(in.get(0).shape(), unbatchedGrads[0].shape());
        assertArrayEquals(batchedGrads[0].toDoubleArray(), unbatchedGrads[0].toDoubleArray());
        assertArrayEquals(batchedGrads[1].toDoubleArray(), unbatchedGrads[1].toDoubleArray());
    }

    private static Tensor[] gradients(List<Tensor> in, Function<List<Tensor>, Tensor> op) {
        List<Tensor> sources = new ArrayList<>(in);
        sources.set(0, in.get(0).detach());
        sources.set(1, in.get(1).detach());
        try (Tape tape = Tape.record()) {
            tape.watch(sources.get(0));
            tape.watch(sources.get(1));
            Gradients g = tape.gradient(op.apply(sources).sum(), sources.get(0), sources.get(1));
            return new Tensor[] {g.get(sources.get(0)), g.get(sources.get(1))};
        }
    }

    @Test
    void channelMismatchNamesTheUnbatchedShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(3, 4, 4).conv2d(Tensor.zeros(2, 2, 3, 3), null, 1, 0));
        assertEquals("conv2d: input [3, 4, 4] has 3 channels but weight [2, 2, 3, 3] with groups=1 expects 2 "
                + "(weight.size(1)·groups)", e.getMessage());
    }

    @Test
    void conv1dNeedsARank2Or3Input() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(5).conv1d(Tensor.zeros(1, 1, 3), null, 1, 0, 1, 1));
        assertEquals("conv1d: expected a rank-2 [C, L] or rank-3 [N, C, L] input, got shape [5]", e.getMessage());
    }

    @Test
    void convTranspose2dNeedsARank3Or4Input() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(3, 3)
                .convTranspose2d(Tensor.zeros(3, 1, 3, 3), null, new int[] {1, 1}, new int[] {0, 0}, new int[] {0, 0},
                        new int[] {1, 1}, 1));
        assertEquals("convTranspose2d: expected a rank-3 [C, H, W] or rank-4 [N, C, H, W] input, got shape [3, 3]",
                e.getMessage());
    }
}

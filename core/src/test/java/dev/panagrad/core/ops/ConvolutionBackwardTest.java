package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.Gradients;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.Threads;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * conv2d's backward computes the input, weight and bias gradients in one pass over the output gradient. Each must
 * equal what its own primitive computes: the input gradient is {@code convTranspose2d} of the output gradient, the
 * weight gradient is the weight gradient of that {@code convTranspose2d} (the same trilinear form), both bit for
 * bit in float32; the bias gradient is the output gradient summed over batch and space, the same for every thread
 * count. The shapes cover blocks of one sample read in place, blocks of several samples, groups, stride and
 * padding.
 */
class ConvolutionBackwardTest {
    /** One conv2d configuration: input shape, weight shape, stride, padding, groups. */
    private record Case(int[] x, int[] w, int stride, int padding, int groups) {
        Tensor conv(Tensor input, Tensor weight, Tensor bias) {
            return input.conv2d(weight, bias, pair(stride), pair(padding), pair(1), groups);
        }

        /** The adjoint of {@link #conv}: a transposed convolution back to the input's spatial size. */
        Tensor adjoint(Tensor v, Tensor weight) {
            return adjoint(v, weight, null);
        }

        /** {@link #adjoint(Tensor, Tensor)} plus a bias over the input's channels. */
        Tensor adjoint(Tensor v, Tensor weight, Tensor bias) {
            int[] outputPadding = new int[2];
            for (int a = 0; a < 2; a++) {
                outputPadding[a] = (x[2 + a] + 2 * padding - (w[2 + a] - 1) - 1) % stride;
            }
            return v.convTranspose2d(weight, bias, pair(stride), pair(padding), outputPadding, pair(1), groups);
        }

        private static int[] pair(int v) {
            return new int[] {v, v};
        }
    }

    private static final List<Case> CASES = List.of(
            new Case(new int[] {3, 3, 32, 32}, new int[] {64, 3, 3, 3}, 1, 1, 1),   // one sample per block, in place
            new Case(new int[] {2, 3, 40, 40}, new int[] {96, 3, 3, 3}, 2, 1, 1),   // in place, stride 2
            new Case(new int[] {5, 4, 9, 10}, new int[] {6, 4, 3, 3}, 1, 1, 1),     // all samples in one block
            new Case(new int[] {3, 4, 33, 31}, new int[] {64, 2, 3, 3}, 1, 2, 2),   // one sample per block, two groups
            new Case(new int[] {7, 4, 33, 31}, new int[] {6, 2, 3, 3}, 1, 1, 2),    // blocks of three samples, two groups
            new Case(new int[] {4, 16, 12, 12}, new int[] {8, 16, 5, 5}, 1, 0, 1),  // fewer output channels than kernel rows
            new Case(new int[] {5, 1, 28, 28}, new int[] {8, 1, 5, 5}, 1, 2, 1));   // 25 kernel rows: direct kernels

    @Test
    void inputAndWeightGradientsEqualTheTransposedConvolutionsBitForBit() {
        Rng rng = new Rng(5);
        for (Case c : CASES) {
            Tensor x = Tensor.randn(rng, c.x()).requiresGrad(true);
            Tensor w = Tensor.randn(rng, c.w()).requiresGrad(true);
            Tensor b = Tensor.randn(rng, c.w()[0]).requiresGrad(true);
            Tensor v = Tensor.randn(rng, c.conv(x, w, b).shape());
            Gradients grads = gradients(c, x, w, b, v, List.of(x, w, b));
            assertArrayEquals(c.adjoint(v, w).toFloatArray(), grads.get(x).toFloatArray(), () -> "input gradient, " + c);
            Tensor dw;
            try (Tape tape = Tape.record()) {
                tape.watch(w);
                dw = tape.gradient(c.adjoint(v, w), x.detach(), List.of(w)).get(w);
            }
            assertArrayEquals(dw.toFloatArray(), grads.get(w).toFloatArray(), () -> "weight gradient, " + c);
            Tensor db = v.sum(new int[] {0, 2, 3}, false);
            assertTrue(Naive.relativeError(grads.get(b), db) < 1e-6, () -> "bias gradient, " + c);
        }
    }

    /**
     * The transposed convolution's backward, one pass too: its input gradient is conv2d of the output gradient,
     * its weight gradient conv2d's weight gradient with the roles of the two tensors exchanged, bit for bit.
     */
    @Test
    void transposedConvolutionGradientsEqualTheConvolutionsBitForBit() {
        Rng rng = new Rng(6);
        for (Case c : CASES) {
            Tensor w = Tensor.randn(rng, c.w()).requiresGrad(true);
            Tensor small = Tensor.randn(rng, c.conv(Tensor.zeros(c.x()), w, null).shape()).requiresGrad(true);
            Tensor b = Tensor.randn(rng, c.x()[1]).requiresGrad(true);
            Tensor g = Tensor.randn(rng, c.x());
            Gradients grads;
            try (Tape tape = Tape.record()) {
                grads = tape.gradient(c.adjoint(small, w, b), g, List.of(small, w, b));
            }
            assertArrayEquals(c.conv(g, w, null).toFloatArray(), grads.get(small).toFloatArray(), () -> "input gradient, " + c);
            Tensor dw = gradients(c, g, w, null, small.detach(), List.of(w)).get(w);
            assertArrayEquals(dw.toFloatArray(), grads.get(w).toFloatArray(), () -> "weight gradient, " + c);
            Tensor db = g.sum(new int[] {0, 2, 3}, false);
            assertTrue(Naive.relativeError(grads.get(b), db) < 1e-6, () -> "bias gradient, " + c);
        }
    }

    @Test
    void onlyTheRequestedGradientsAreComputedAndEachIsTheSame() {
        Case c = CASES.get(0);
        Rng rng = new Rng(9);
        Tensor x = Tensor.randn(rng, c.x()).requiresGrad(true);
        Tensor w = Tensor.randn(rng, c.w()).requiresGrad(true);
        Tensor b = Tensor.randn(rng, c.w()[0]).requiresGrad(true);
        Tensor v = Tensor.randn(rng, c.conv(x, w, b).shape());
        Gradients all = gradients(c, x, w, b, v, List.of(x, w, b));
        for (Tensor source : List.of(x, w, b)) {
            Tensor alone = gradients(c, x, w, b, v, List.of(source)).get(source);
            assertArrayEquals(all.get(source).toFloatArray(), alone.toFloatArray(), () -> "source " + java.util.Arrays.toString(source.shape()));
        }
    }

    @Test
    void biasGradientDoesNotDependOnTheThreadCount() {
        int original = Threads.getNumThreads();
        Case c = CASES.get(0);
        Rng rng = new Rng(11);
        Tensor x = Tensor.randn(rng, c.x());
        Tensor w = Tensor.randn(rng, c.w());
        Tensor b = Tensor.randn(rng, c.w()[0]).requiresGrad(true);
        Tensor v = Tensor.randn(rng, c.conv(x, w, b).shape()).mul(1000).add(1e4); // large sums: rounding shows
        try {
            Threads.setNumThreads(1);
            float[] one = biasGradient(c, x, w, b, v);
            Threads.setNumThreads(3);
            assertArrayEquals(one, biasGradient(c, x, w, b, v));
        } finally {
            Threads.setNumThreads(original);
        }
    }

    private static float[] biasGradient(Case c, Tensor x, Tensor w, Tensor b, Tensor v) {
        return gradients(c, x, w, b, v, List.of(b)).get(b).toFloatArray();
    }

    /** The gradients of ⟨conv(x, w, b), v⟩ with respect to {@code sources}. */
    private static Gradients gradients(Case c, Tensor x, Tensor w, Tensor b, Tensor v, List<Tensor> sources) {
        try (Tape tape = Tape.record()) {
            return tape.gradient(c.conv(x, w, b), v, sources);
        }
    }
}

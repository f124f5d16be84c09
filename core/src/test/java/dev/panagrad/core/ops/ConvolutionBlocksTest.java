package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Convolution splits a batch into blocks of samples (one GEMM per block, blocks spread over the pool)
 * when the samples' column matrices do not fit one block. These shapes are big enough to need several
 * blocks; the results must match the direct loop and the sample-by-sample gradients.
 */
class ConvolutionBlocksTest {
    private static final int[] STRIDE = {1, 1}, PADDING = {1, 2}, DILATION = {1, 1};

    /** x [7, 4, 33, 31], w [6, 2, 3, 3], two groups: 18·33·33 column entries per sample, so three blocks of at most three samples. */
    private static List<Tensor> inputs() {
        Rng rng = new Rng(41);
        return List.of(Tensor.randn(rng, DType.FLOAT64, 7, 4, 33, 31), Tensor.randn(rng, DType.FLOAT64, 6, 2, 3, 3),
                Tensor.randn(rng, DType.FLOAT64, 6));
    }

    private static Tensor conv(Tensor x, Tensor w, Tensor b) {
        return x.conv2d(w, b, STRIDE, PADDING, DILATION, 2);
    }

    @Test
    void blockedForwardMatchesTheDirectLoop() {
        List<Tensor> in = inputs();
        Tensor actual = conv(in.get(0), in.get(1), in.get(2));
        Tensor expected = Naive.conv2d(in.get(0), in.get(1), in.get(2), STRIDE, PADDING, DILATION, 2);
        assertTrue(Naive.relativeError(actual, expected) <= 1e-13, () -> "error " + Naive.relativeError(actual, expected));
    }

    @Test
    void blockedGradientsEqualTheSumOfPerSampleGradients() {
        List<Tensor> in = inputs();
        Tensor x = in.get(0), w = in.get(1), b = in.get(2);
        Tensor v = Tensor.randn(new Rng(43), DType.FLOAT64, conv(x, w, b).shape());
        Tensor dx, dw;
        try (Tape tape = Tape.record()) {
            tape.watch(x);
            tape.watch(w);
            var grads = tape.gradient(conv(x, w, b), v, List.of(x, w));
            dx = grads.get(x);
            dw = grads.get(w);
        }
        Tensor dwSum = Tensor.zeros(DType.FLOAT64, w.shape());
        Tensor[] dxs = new Tensor[x.size(0)];
        for (int i = 0; i < x.size(0); i++) {
            Tensor xi = x.narrow(0, i, 1);
            try (Tape tape = Tape.record()) {
                tape.watch(xi);
                tape.watch(w);
                var grads = tape.gradient(conv(xi, w, b), v.narrow(0, i, 1), List.of(xi, w));
                dxs[i] = grads.get(xi);
                dwSum = dwSum.add(grads.get(w));
            }
        }
        Tensor dxExpected = Tensor.cat(0, dxs);
        Tensor dwExpected = dwSum;
        assertTrue(Naive.relativeError(dx, dxExpected) <= 1e-13, () -> "input gradient error " + Naive.relativeError(dx, dxExpected));
        assertTrue(Naive.relativeError(dw, dwExpected) <= 1e-12, () -> "weight gradient error " + Naive.relativeError(dw, dwExpected));
    }
}

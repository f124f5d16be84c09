package dev.panagrad.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * A reverse pass that nothing records adds the gradients of slices in place, touching only each
 * slice; a recorded pass places them into zeros and sums densely. Both give the same bits.
 */
class SliceGradientTest {
    private static final int CASES = 40;

    /** The loss of one random case: x is the differentiated input, rng draws the case's weights. */
    private interface Case extends BiFunction<Tensor, Rng, Tensor> {}

    @Test
    void narrowsInAnyOrderWithDenseUsesMatchTheDensePath() {
        forRandomShapes((x, rng) -> {
            int[] shape = x.shapeRef();
            Tensor loss = x.mul(Tensor.randnLike(rng, x)).sum().mul(rng.nextInt(2)); // a dense use, maybe zero
            for (int k = 0; k < 5; k++) {
                int d = rng.nextInt(shape.length);
                int start = rng.nextInt(shape[d] + 1);
                int length = rng.nextInt(shape[d] - start + 1);
                Tensor piece = x.narrow(d, start, length);
                loss = loss.add(piece.mul(Tensor.randnLike(rng, piece)).sum());
                if (rng.nextInt(3) == 0) {
                    loss = loss.add(x.sin().sum()); // a dense contribution between slices
                }
            }
            return loss;
        });
    }

    @Test
    void stridedSlicesMatchTheDensePath() {
        forRandomShapes((x, rng) -> {
            int[] shape = x.shapeRef();
            Tensor loss = x.sum().mul(0);
            for (int k = 0; k < 4; k++) {
                int d = rng.nextInt(shape.length);
                int start = rng.nextInt(-shape[d] - 1, shape[d] + 1);
                int end = rng.nextInt(-shape[d] - 1, shape[d] + 2);
                Tensor piece = x.slice(d, start, end, 1 + rng.nextInt(4));
                loss = loss.add(piece.square().mul(Tensor.randnLike(rng, piece)).sum());
            }
            return loss;
        });
    }

    @Test
    void chunksAndSplitsMatchTheDensePath() {
        forRandomShapes((x, rng) -> {
            int[] shape = x.shapeRef();
            int d = rng.nextInt(shape.length);
            List<Tensor> pieces = new ArrayList<>(x.chunk(1 + rng.nextInt(5), d));
            pieces.addAll(x.split(1 + rng.nextInt(shape[d]), shape.length - 1 - d));
            int[] sizes = {shape[d] / 3, shape[d] - shape[d] / 3};
            pieces.addAll(x.split(sizes, d));
            Tensor loss = x.sum().mul(0);
            for (Tensor piece : pieces) {
                loss = loss.add(piece.tanh().mul(Tensor.randnLike(rng, piece)).sum());
            }
            return loss;
        });
    }

    @Test
    void readingEveryStepOfAStackedSequenceMatchesTheDensePath() {
        forRandomShapes((x, rng) -> {
            Tensor seq = Tensor.stack(0, x, x.mul(2), x.cos()); // [3, shape…]
            int steps = seq.shapeRef()[0];
            Tensor h = x.narrow(0, 0, x.shapeRef()[0]).mul(0);
            for (int t = 0; t < steps; t++) {
                Tensor step = seq.narrow(0, t, 1).squeeze(0); // as a recurrent layer reads its input
                h = h.mul(0.5).add(step).tanh();
            }
            return h.mul(Tensor.randnLike(rng, h)).sum();
        });
    }

    @Test
    void allStepsOfASequenceSumToTheFullGradient() {
        int steps = 28;
        Tensor x = Tensor.randn(new Rng(3), steps, 64, 28).requiresGrad(true);
        Tensor w = Tensor.randn(new Rng(4), 64, 28);
        try (Tape tape = Tape.record()) {
            Tensor loss = Tensor.zeros(1).sum();
            for (int t = 0; t < steps; t++) {
                loss = loss.add(x.narrow(0, t, 1).squeeze(0).mul(w).mul(t).sum()); // ∂/∂x[t] = t·w
            }
            Tensor g = tape.gradient(loss, x).get(x);
            float[] gx = g.f32();
            float[] ww = w.f32();
            for (int t = 0; t < steps; t++) {
                for (int i = 0; i < ww.length; i++) {
                    assertEquals(t * ww[i], gx[t * ww.length + i], 1e-5f * Math.abs(t * ww[i]));
                }
            }
        }
    }

    @Test
    void aRecordedPassKeepsTheSliceGradientDifferentiable() {
        Tensor x = Tensor.randn(new Rng(5), DType.FLOAT64, 6, 4).requiresGrad(true);
        try (Tape outer = Tape.record()) {
            Tensor g;
            try (Tape inner = Tape.record()) {
                Tensor loss = x.narrow(0, 1, 3).pow(3).sum().add(x.slice(1, 0, 4, 2).pow(3).sum()); // Σ x³ over two slices
                g = inner.gradient(loss, x).get(x);
            }
            Tensor h = outer.gradient(g.sum(), x).get(x); // Σ 6x over the entries each slice covers
            double[] xs = x.f64();
            double[] hs = h.f64();
            for (int r = 0; r < 6; r++) {
                for (int c = 0; c < 4; c++) {
                    int covered = (r >= 1 && r < 4 ? 1 : 0) + (c % 2 == 0 ? 1 : 0);
                    assertEquals(covered * 6 * xs[r * 4 + c], hs[r * 4 + c], 1e-12);
                }
            }
        }
    }

    /** Runs {@code loss} on random shapes of rank 1 to 4 (sizes 1 to 9) in both dtypes, comparing the bits of both paths. */
    private static void forRandomShapes(Case loss) {
        Rng shapes = new Rng(11);
        for (int c = 0; c < CASES; c++) {
            int[] shape = new int[1 + shapes.nextInt(4)];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = 1 + shapes.nextInt(9);
            }
            DType dtype = c % 2 == 0 ? DType.FLOAT32 : DType.FLOAT64;
            long seed = shapes.nextLong();
            Tensor x = Tensor.randn(new Rng(seed), dtype, shape).requiresGrad(true);
            Tensor inPlace = gradient(loss, x, seed, false);
            Tensor dense = gradient(loss, x, seed, true);
            String where = "case " + c + ", shape " + Arrays.toString(shape) + " " + dtype;
            switch (dtype) {
                case FLOAT32 -> assertArrayEquals(dense.f32(), inPlace.f32(), 0f, where);
                default -> assertArrayEquals(dense.f64(), inPlace.f64(), 0d, where);
            }
            assertTrue(Arrays.equals(rawBits(dense), rawBits(inPlace)), where);
        }
    }

    /** The gradient of {@code loss} at x; {@code recorded}: with an enclosing tape recording the reverse pass. */
    private static Tensor gradient(Case loss, Tensor x, long seed, boolean recorded) {
        try (Tape outer = recorded ? Tape.record() : null; Tape tape = Tape.record()) {
            return tape.gradient(loss.apply(x, new Rng(seed + 1)), x).get(x);
        }
    }

    private static long[] rawBits(Tensor t) {
        long[] bits = new long[t.numel()];
        for (int i = 0; i < bits.length; i++) {
            bits[i] = t.dtype() == DType.FLOAT32 ? Float.floatToRawIntBits(t.f32()[i]) : Double.doubleToRawLongBits(t.f64()[i]);
        }
        return bits;
    }
}

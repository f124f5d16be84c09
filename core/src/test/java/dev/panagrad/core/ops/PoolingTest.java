package dev.panagrad.core.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Property;
import dev.panagrad.core.ops.ConvCases.Pool;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Pooling against direct loops, tie handling, overlapping windows, adjoint identities and errors. */
class PoolingTest {

    /** A pooling case with values drawn from {0, 1, 2}: many ties. */
    private static final Gen<Object[]> TIED = ConvCases.pools().flatMap(p -> s -> {
        double[] v = new double[p.n() * p.c() * p.h() * p.w()];
        for (int i = 0; i < v.length; i++) {
            v[i] = s.drawInt(0, 2);
        }
        return new Object[] {p, Tensor.of(v, p.n(), p.c(), p.h(), p.w())};
    });

    @Test
    void maxPool2dMatchesTheDirectLoopIncludingTies() {
        Property.forAll(TIED, 300, c -> {
            Pool p = (Pool) c[0];
            Tensor x = (Tensor) c[1];
            double[][] expected = Naive.maxPool2d(x, p.kernel(), p.stride(), p.padding());
            assertArrayEquals(expected[0], NeuralSpecs.maxPool(x, p).toDoubleArray());
        });
    }

    @Test
    void maxPoolTiesSendTheGradientToTheFirstMaximumOnly() {
        // cotangent 1 per window: each window adds exactly 1 at the position the direct loop picks first
        Property.forAll(TIED, 300, c -> {
            Pool p = (Pool) c[0];
            Tensor x = (Tensor) c[1];
            double[] positions = Naive.maxPool2d(x, p.kernel(), p.stride(), p.padding())[1];
            int outArea = p.outH() * p.outW(), inArea = p.h() * p.w();
            double[] expected = new double[x.numel()];
            for (int o = 0; o < positions.length; o++) {
                expected[o / outArea * inArea + (int) positions[o]] += 1;
            }
            Tensor dx = gradient(x, y -> NeuralSpecs.maxPool(y, p));
            assertArrayEquals(expected, dx.toDoubleArray());
        });
    }

    @Test
    void maxPoolGradientConservesMass() {
        Property.forAll(TIED, 200, c -> {
            Pool p = (Pool) c[0];
            Tensor x = (Tensor) c[1];
            Tensor g = Tensor.randn(new Rng(x.numel()), DType.FLOAT64, p.n(), p.c(), p.outH(), p.outW());
            Tensor dx;
            try (Tape tape = Tape.record()) {
                tape.watch(x);
                dx = tape.gradient(NeuralSpecs.maxPool(x, p), g, List.of(x)).get(x);
            }
            assertEquals(g.sum().item(), dx.sum().item(), 1e-12);
        });
    }

    @Test
    void allEqualWindowRoutesToItsFirstElement() {
        Tensor x = Tensor.full(3.0, DType.FLOAT64, 1, 1, 2, 2);
        Tensor dx = gradient(x, y -> y.maxPool2d(2));
        assertArrayEquals(new double[] {1, 0, 0, 0}, dx.toDoubleArray());
    }

    @Test
    void overlappingWindowsAccumulateAtASharedMaximum() {
        // the centre is the maximum of all four 2×2 windows (stride 1)
        Tensor x = Tensor.of(new double[] {0, 0, 0, 0, 5, 0, 0, 0, 0}, 1, 1, 3, 3);
        Tensor dx = gradient(x, y -> y.maxPool2d(2, 1, 0));
        assertArrayEquals(new double[] {0, 0, 0, 0, 4, 0, 0, 0, 0}, dx.toDoubleArray());
    }

    @Test
    void maxPoolPadsWithNegativeInfinity() {
        Tensor x = Tensor.full(-5.0, DType.FLOAT64, 1, 1, 2, 2);
        assertArrayEquals(new double[] {-5, -5, -5, -5, -5, -5, -5, -5, -5}, x.maxPool2d(2, 1, 1).toDoubleArray());
    }

    @Test
    void avgPool2dMatchesTheDirectLoop() {
        Property.forAll(ConvCases.pools().flatMap(p -> s -> new Object[] {p, ConvCases.real(s, p.n(), p.c(), p.h(), p.w())}),
                300, c -> {
                    Pool p = (Pool) c[0];
                    Tensor x = (Tensor) c[1];
                    assertArrayEquals(Naive.avgPool2d(x, p.kernel(), p.stride(), p.padding()).toDoubleArray(),
                            NeuralSpecs.avgPool(x, p).toDoubleArray(), 1e-14);
                });
    }

    @Test
    void avgPoolCountsPaddingInTheDivisor() {
        Tensor x = Tensor.ones(DType.FLOAT64, 1, 1, 3, 3);
        double[] y = x.avgPool2d(3, 1, 1).toDoubleArray();
        assertArrayEquals(new double[] {4 / 9.0, 6 / 9.0, 4 / 9.0, 6 / 9.0, 1, 6 / 9.0, 4 / 9.0, 6 / 9.0, 4 / 9.0}, y, 1e-15);
    }

    @Test
    void adaptiveAvgPool2dMatchesTheDirectLoop() {
        Gen<Object[]> cases = s -> new Object[] {ConvCases.real(s, s.drawInt(1, 2), s.drawInt(1, 2), s.drawInt(1, 7), s.drawInt(1, 7)),
                s.drawInt(1, 5), s.drawInt(1, 5)};
        Property.forAll(cases, 300, c -> {
            Tensor x = (Tensor) c[0];
            int oh = (Integer) c[1], ow = (Integer) c[2];
            assertArrayEquals(Naive.adaptiveAvgPool2d(x, oh, ow).toDoubleArray(), x.adaptiveAvgPool2d(oh, ow).toDoubleArray(),
                    1e-14);
        });
    }

    @Test
    void adaptiveWindowsOverlapLikePyTorch() {
        // 5 → 3: rows [0,2), [1,4), [3,5)
        Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5}, 1, 1, 5, 1);
        assertArrayEquals(new double[] {1.5, 3, 4.5}, x.adaptiveAvgPool2d(3, 1).toDoubleArray(), 1e-15);
    }

    @Test
    void averagePoolingsAreSelfConsistentAdjoints() {
        Property.forAll(ConvCases.pools().flatMap(p -> s -> new Object[] {p, ConvCases.real(s, p.n(), p.c(), p.h(), p.w())}),
                100, c -> {
                    Pool p = (Pool) c[0];
                    Tensor u = (Tensor) c[1];
                    assertAdjoint(u, x -> NeuralSpecs.avgPool(x, p));
                    assertAdjoint(u, x -> x.adaptiveAvgPool2d(1 + u.numel() % 3, 1 + u.numel() % 4));
                });
    }

    @Test
    void float32MaxPoolPicksTheSameElementsAsFloat64() {
        Property.forAll(TIED, 100, c -> {
            Pool p = (Pool) c[0];
            Tensor x = (Tensor) c[1];
            assertArrayEquals(gradient(x, y -> NeuralSpecs.maxPool(y, p)).toDoubleArray(),
                    gradient(x.to(DType.FLOAT32), y -> NeuralSpecs.maxPool(y, p)).toDoubleArray());
        });
    }

    @Test
    void paddingOverHalfTheKernelIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(1, 1, 6, 6).maxPool2d(3, 1, 2));
        assertEquals("maxPool2d: padding 2 must be at most half the kernel size 3 along spatial dim 0", e.getMessage());
    }

    @Test
    void kernelLargerThanThePaddedInputIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(1, 1, 2, 5).avgPool2d(3));
        assertEquals("avgPool2d: kernel size 3 is larger than the padded input 2 (size 2 + 2·padding 0) along spatial dim 0 "
                + "of input [1, 1, 2, 5]", e.getMessage());
    }

    @Test
    void poolingNeedsARank3Or4Input() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(4, 4).adaptiveAvgPool2d(2, 2));
        assertEquals("adaptiveAvgPool2d: expected a rank-3 [C, H, W] or rank-4 [N, C, H, W] input, got shape [4, 4]",
                e.getMessage());
    }

    /** The gradient of sum(f(x)) with respect to x. */
    static Tensor gradient(Tensor x, Function<Tensor, Tensor> f) {
        Tensor source = x.detach();
        try (Tape tape = Tape.record()) {
            tape.watch(source);
            return tape.gradient(f.apply(source).sum(), source).get(source);
        }
    }

    /** ⟨f(u), v⟩ = ⟨u, Jᵀv⟩ for a random v, within 1e-12 relative: f is linear and its gradient is its adjoint. */
    static void assertAdjoint(Tensor u, Function<Tensor, Tensor> f) {
        Tensor ju = f.apply(u);
        Tensor v = Tensor.randn(new Rng(ju.numel() * 31L + u.numel()), DType.FLOAT64, ju.shape());
        Tensor source = u.detach();
        Tensor jtv;
        try (Tape tape = Tape.record()) {
            tape.watch(source);
            jtv = tape.gradient(f.apply(source), v, List.of(source)).get(source);
        }
        double left = Naive.dot(ju, v), right = Naive.dot(u, jtv);
        assertTrue(Math.abs(left - right) <= 1e-12 * Math.max(1e-300, Math.max(Math.abs(left), Math.abs(right))),
                () -> "⟨Ju, v⟩ = " + left + " but ⟨u, Jᵀv⟩ = " + right);
    }
}

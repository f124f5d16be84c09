package dev.panagrad.core.ops;

import static dev.panagrad.core.ops.ConvCases.bias;
import static dev.panagrad.core.ops.ConvCases.cfg;
import static dev.panagrad.core.ops.ConvCases.convOut;
import static dev.panagrad.core.ops.ConvCases.real;
import static dev.panagrad.core.ops.OpSpec.op;

import dev.panagrad.core.DType;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tape;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.ops.ConvCases.Conv;
import dev.panagrad.core.ops.ConvCases.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Op-table rows for the neural primitives: convolutions, pooling, dropout. The {@code .grad…} rows
 * compute a gradient inside the row (an inner tape), so the table's gradcheck differentiates the
 * gradient ops themselves: that is the grad-of-grad path a gradient penalty takes through a conv net.
 */
final class NeuralSpecs {
    private NeuralSpecs() {}

    static final List<OpSpec> ROWS = List.of(
            op("conv1d", NeuralSpecs::conv1d).inputs(conv1dInputs(true)).invalid(invalidConv1d()).build(),
            op("conv1d.unbatched", NeuralSpecs::conv1d).inputs(conv1dInputs(false)).invalid(Gen.oneOf(
                    // 3 channels, weight expects 2
                    s -> List.of(real(s, 3, 5), real(s, 2, 2, 3), conv(1, 1, 0, 1)),
                    // rank-1 input
                    s -> List.of(real(s, 5), real(s, 1, 1, 3), conv(1, 1, 0, 1)))).build(),
            op("conv2d", NeuralSpecs::conv2d).inputs(ConvCases.convInputs(false)).invalid(invalidConv2d()).build(),
            op("conv2d.unbatched", NeuralSpecs::conv2d).inputs(ConvCases.convInputs(false, false)).invalid(Gen.oneOf(
                    // 3 channels, weight expects 2
                    s -> List.of(real(s, 3, 4, 4), real(s, 2, 2, 3, 3), conv(1, 1, 0, 1)),
                    // rank-2 input
                    s -> List.of(real(s, 4, 4), real(s, 1, 1, 3, 3), conv(1, 1, 0, 1)),
                    // 3×3 kernel on a 2×2 input
                    s -> List.of(real(s, 1, 2, 2), real(s, 1, 1, 3, 3), conv(1, 1, 0, 1)))).build(),
            op("conv2d.short", in -> in.get(0).conv2d(in.get(1), in.get(2), 2, 1))
                    .inputs(s -> List.of(real(s, 2, 2, 5, 4), real(s, 3, 2, 3, 3), real(s, 3)))
                    .invalid(s -> List.of(real(s, 2, 2, 5, 4), real(s, 3, 3, 3, 3), real(s, 3))).build(),
            op("convTranspose2d", NeuralSpecs::convTranspose2d).inputs(ConvCases.convInputs(true))
                    .invalid(invalidConvTranspose2d()).build(),
            op("convTranspose2d.unbatched", NeuralSpecs::convTranspose2d).inputs(ConvCases.convInputs(true, false))
                    .invalid(Gen.oneOf(
                            // weight.size(0) must equal the 3 input channels
                            s -> List.of(real(s, 3, 3, 3), real(s, 2, 1, 3, 3), conv(1, 1, 0, 1)),
                            // rank-2 input
                            s -> List.of(real(s, 3, 3), real(s, 3, 1, 3, 3), conv(1, 1, 0, 1)))).build(),
            op("conv2d.gradInput", in -> convGrad(in, 0)).inputs(convGradInputs()).build(),
            op("conv2d.gradWeight", in -> convGrad(in, 1)).inputs(convGradInputs()).build(),
            op("maxPool2d", in -> maxPool(in.get(0), Pool.decode(in.get(1)))).inputs(poolInputs(true))
                    .invalid(invalidPool()).noGradGrad().build(),
            op("maxPool2d.grad", in -> poolGrad(in, x -> maxPool(x, Pool.decode(in.get(2))))).inputs(poolGradInputs(true))
                    .noGradGrad().build(),
            op("maxPool2d.full", in -> maxPoolFull(in.get(0), Pool.decode(in.get(1))))
                    .inputs(poolInputs(ConvCases.fullPools(true), true, true)).invalid(invalidFullMaxPool()).noGradGrad().build(),
            op("maxPool2d.full.grad", in -> poolGrad(in, x -> maxPoolFull(x, Pool.decode(in.get(2)))))
                    .inputs(poolGradInputs(ConvCases.fullPools(true), true)).noGradGrad().build(),
            op("maxPool2d.unbatched", in -> maxPoolFull(in.get(0), Pool.decode(in.get(1))))
                    .inputs(poolInputs(ConvCases.fullPools(true), true, false)).invalid(invalidUnbatchedPool()).noGradGrad()
                    .build(),
            op("avgPool2d", in -> avgPool(in.get(0), Pool.decode(in.get(1)))).inputs(poolInputs(false))
                    .invalid(invalidPool()).build(),
            op("avgPool2d.grad", in -> poolGrad(in, x -> avgPool(x, Pool.decode(in.get(2))))).inputs(poolGradInputs(false))
                    .build(),
            op("avgPool2d.full", in -> avgPoolFull(in.get(0), Pool.decode(in.get(1))))
                    .inputs(poolInputs(ConvCases.fullPools(false), false, true)).invalid(invalidFullAvgPool()).build(),
            op("avgPool2d.full.grad", in -> poolGrad(in, x -> avgPoolFull(x, Pool.decode(in.get(2)))))
                    .inputs(poolGradInputs(ConvCases.fullPools(false), false)).build(),
            op("avgPool2d.unbatched", in -> avgPoolFull(in.get(0), Pool.decode(in.get(1))))
                    .inputs(poolInputs(ConvCases.fullPools(false), false, false)).invalid(invalidUnbatchedPool()).build(),
            op("adaptiveAvgPool2d", in -> adaptive(in.get(0), in.get(1))).inputs(adaptiveInputs())
                    .invalid(s -> List.of(real(s, 1, 1, 3, 3), Tensor.of(new int[] {0, 2}, 2))).build(),
            op("adaptiveAvgPool2d.unbatched", in -> adaptive(in.get(0), in.get(1)))
                    .inputs(s -> List.of(real(s, s.drawInt(1, 2), s.drawInt(1, 5), s.drawInt(1, 5)),
                            Tensor.of(new int[] {s.drawInt(1, 4), s.drawInt(1, 4)}, 2)))
                    .invalid(Gen.oneOf(s -> List.of(real(s, 3, 3), Tensor.of(new int[] {2, 2}, 2)),
                            s -> List.of(real(s, 1, 3, 3), Tensor.of(new int[] {2, 0}, 2)))).build(),
            op("adaptiveAvgPool2d.grad", in -> poolGrad(in, x -> adaptive(x, in.get(2)))).inputs(adaptiveGradInputs())
                    .build(),
            op("dropout", in -> in.get(0).dropout(0.3, true, new Rng(7))).inputs(s -> List.of(real(s, 2, 3, 4)))
                    .invalid(s -> List.of(Tensor.zeros(DType.INT32, 2, 3))).build(),
            op("dropout.eval", in -> in.get(0).dropout(0.3, false, new Rng(7))).inputs(s -> List.of(real(s, 3, 2)))
                    .invalid(s -> List.of(Tensor.zeros(DType.INT32, 2, 3))).build());

    // ------------------------------------------------------------------ convolutions

    static Tensor conv2d(List<Tensor> in) {
        Conv c = Conv.decode(cfg(in));
        return in.get(0).conv2d(in.get(1), bias(in), c.stride(), c.padding(), c.dilation(), c.groups());
    }

    static Tensor convTranspose2d(List<Tensor> in) {
        Conv c = Conv.decode(cfg(in));
        return in.get(0).convTranspose2d(in.get(1), bias(in), c.stride(), c.padding(), c.outputPadding(), c.dilation(),
                c.groups());
    }

    static Tensor conv1d(List<Tensor> in) {
        Conv c = Conv.decode(cfg(in));
        return in.get(0).conv1d(in.get(1), bias(in), c.sw(), c.pw(), c.dw(), c.groups());
    }

    /**
     * {@code [x, w, (b,) cfg]} with x {@code [n, C, L]} ({@code [C, L]} unless {@code batched}) and w
     * {@code [out, C/groups, K]}, from the width half of a 2-D case.
     */
    static Gen<List<Tensor>> conv1dInputs(boolean batched) {
        return ConvCases.convs(false).flatMap(c -> s -> {
            List<Tensor> in = new ArrayList<>();
            int channels = c.groups() * c.inPerGroup();
            in.add(batched ? real(s, c.n(), channels, c.w()) : real(s, channels, c.w()));
            in.add(real(s, c.groups() * c.outPerGroup(), c.inPerGroup(), c.kw()));
            if (c.bias()) {
                in.add(real(s, c.groups() * c.outPerGroup()));
            }
            in.add(c.encode());
            return in;
        });
    }

    /** {@code [x, w, g, cfg]}: a conv2d case and a cotangent of its output's shape. */
    private static Gen<List<Tensor>> convGradInputs() {
        return ConvCases.convs(false).flatMap(c -> s -> {
            int[] out = convOut(c);
            return List.of(real(s, c.n(), c.groups() * c.inPerGroup(), c.h(), c.w()), real(s, ConvCases.weightShape(c, false)),
                    real(s, c.n(), c.groups() * c.outPerGroup(), out[0], out[1]), c.encode());
        });
    }

    /** The gradient of ⟨conv2d(x, w), g⟩ with respect to x ({@code which} = 0) or w (1), taken on an inner tape. */
    private static Tensor convGrad(List<Tensor> in, int which) {
        Conv c = Conv.decode(in.get(3));
        Tensor x = in.get(0), w = in.get(1);
        try (Tape tape = Tape.record()) {
            tape.watch(x);
            tape.watch(w);
            Tensor y = x.conv2d(w, null, c.stride(), c.padding(), c.dilation(), c.groups());
            Tensor source = which == 0 ? x : w;
            return tape.gradient(y, in.get(2), List.of(source)).get(source);
        }
    }

    private static Gen<List<Tensor>> invalidConv2d() {
        return Gen.oneOf(
                // 3 input channels, weight expects 2
                s -> List.of(real(s, 1, 3, 4, 4), real(s, 2, 2, 3, 3), conv(1, 1, 0, 1)),
                // rank-5 input
                s -> List.of(real(s, 1, 3, 4, 4, 1), real(s, 2, 3, 3, 3), conv(1, 1, 0, 1)),
                // 3 channels do not split into 2 groups
                s -> List.of(real(s, 1, 3, 4, 4), real(s, 2, 1, 1, 1), conv(2, 1, 0, 1)),
                // 3×3 kernel on a 2×2 input without padding
                s -> List.of(real(s, 1, 1, 2, 2), real(s, 1, 1, 3, 3), conv(1, 1, 0, 1)),
                // dilation 3 makes a 3×3 kernel span 7 > 4 + 2
                s -> List.of(real(s, 1, 1, 4, 4), real(s, 1, 1, 3, 3), conv(1, 1, 1, 3)),
                // stride 0
                s -> List.of(real(s, 1, 1, 4, 4), real(s, 1, 1, 3, 3), conv(1, 0, 0, 1)),
                // negative padding
                s -> List.of(real(s, 1, 1, 4, 4), real(s, 1, 1, 3, 3), conv(1, 1, -1, 1)),
                // bias of the wrong length
                s -> List.of(real(s, 1, 1, 4, 4), real(s, 2, 1, 3, 3), real(s, 3), conv(1, 1, 0, 1)),
                // groups 0
                s -> List.of(real(s, 1, 2, 4, 4), real(s, 2, 2, 3, 3), conv(0, 1, 0, 1)),
                // dtype mismatch
                s -> List.of(real(s, 1, 1, 4, 4).to(DType.FLOAT32), real(s, 1, 1, 3, 3), conv(1, 1, 0, 1)));
    }

    private static Gen<List<Tensor>> invalidConv1d() {
        return Gen.oneOf(
                s -> List.of(real(s, 1, 3, 5), real(s, 2, 2, 3), conv(1, 1, 0, 1)),
                s -> List.of(real(s, 1, 1, 4, 4), real(s, 1, 1, 3), conv(1, 1, 0, 1)),
                s -> List.of(real(s, 1, 1, 2), real(s, 1, 1, 3), conv(1, 1, 0, 1)),
                s -> List.of(real(s, 1, 1, 5), real(s, 1, 1, 3), conv(1, 1, 0, 0)));
    }

    private static Gen<List<Tensor>> invalidConvTranspose2d() {
        return Gen.oneOf(
                // weight.size(0) must equal the 3 input channels
                s -> List.of(real(s, 1, 3, 3, 3), real(s, 2, 1, 3, 3), conv(1, 1, 0, 1)),
                // 3 channels do not split into 2 groups
                s -> List.of(real(s, 1, 3, 3, 3), real(s, 3, 1, 3, 3), conv(2, 1, 0, 1)),
                // outputPadding 1 with stride 1 and dilation 1
                s -> List.of(real(s, 1, 1, 3, 3), real(s, 1, 1, 3, 3), convWithOutputPadding(1)),
                // padding so large that the output is empty
                s -> List.of(real(s, 1, 1, 1, 1), real(s, 1, 1, 1, 1), conv(1, 1, 1, 1)),
                // rank-2 weight
                s -> List.of(real(s, 1, 1, 3, 3), real(s, 1, 1), conv(1, 1, 0, 1)));
    }

    /** A configuration with only groups, stride, padding and dilation set (the input sizes come from the tensors). */
    private static Tensor conv(int groups, int stride, int padding, int dilation) {
        return new Conv(1, groups, 1, 1, 1, 1, stride, stride, padding, padding, dilation, dilation, 0, 0, 1, 1, false).encode();
    }

    private static Tensor convWithOutputPadding(int outputPadding) {
        return new Conv(1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, outputPadding, outputPadding, 1, 1, false).encode();
    }

    // ------------------------------------------------------------------ pooling

    static Tensor maxPool(Tensor x, Pool p) {
        return x.maxPool2d(p.kernel(), p.stride(), p.padding());
    }

    static Tensor avgPool(Tensor x, Pool p) {
        return x.avgPool2d(p.kernel(), p.stride(), p.padding());
    }

    /** The pooling with every option of the case: dilation, ceil mode. */
    static Tensor maxPoolFull(Tensor x, Pool p) {
        return x.maxPool2d(p.kernel(), p.stride(), p.padding(), p.dilation(), p.ceil());
    }

    /** The pooling with every option of the case: ceil mode, countIncludePad, divisorOverride. */
    static Tensor avgPoolFull(Tensor x, Pool p) {
        return x.avgPool2d(p.kernel(), p.stride(), p.padding(), p.ceil(), p.countIncludePad(), p.divisorOverride());
    }

    static Tensor adaptive(Tensor x, Tensor size) {
        return x.adaptiveAvgPool2d(size.toIntArray()[0], size.toIntArray()[1]);
    }

    /** {@code [x, cfg]}; max pooling gets tie-free values. */
    private static Gen<List<Tensor>> poolInputs(boolean distinct) {
        return poolInputs(ConvCases.pools(), distinct, true);
    }

    /** {@code [x, cfg]} for the cases of {@code pools}, x {@code [n, c, h, w]} or, unless {@code batched}, {@code [c, h, w]}. */
    private static Gen<List<Tensor>> poolInputs(Gen<Pool> pools, boolean distinct, boolean batched) {
        return pools.flatMap(p -> s -> {
            int[] shape = batched ? new int[] {p.n(), p.c(), p.h(), p.w()} : p.unbatchedShape();
            return List.of(distinct ? ConvCases.distinct(s, shape) : real(s, shape), p.encode());
        });
    }

    private static Gen<List<Tensor>> poolGradInputs(boolean distinct) {
        return poolGradInputs(ConvCases.pools(), distinct);
    }

    /** {@code [x, g, cfg]}: a pooling case and a cotangent of its output's shape. */
    private static Gen<List<Tensor>> poolGradInputs(Gen<Pool> pools, boolean distinct) {
        return pools.flatMap(p -> s -> List.of(
                distinct ? ConvCases.distinct(s, p.n(), p.c(), p.h(), p.w()) : real(s, p.n(), p.c(), p.h(), p.w()),
                real(s, p.n(), p.c(), p.outH(), p.outW()), p.encode()));
    }

    /** {@code [x, [outH, outW]]}: output sizes 1–4, smaller or larger than the input. */
    private static Gen<List<Tensor>> adaptiveInputs() {
        return s -> List.of(real(s, s.drawInt(1, 2), s.drawInt(1, 2), s.drawInt(1, 5), s.drawInt(1, 5)),
                Tensor.of(new int[] {s.drawInt(1, 4), s.drawInt(1, 4)}, 2));
    }

    private static Gen<List<Tensor>> adaptiveGradInputs() {
        return adaptiveInputs().flatMap(in -> s -> {
            int[] xs = in.get(0).shape(), size = in.get(1).toIntArray();
            return List.of(in.get(0), real(s, xs[0], xs[1], size[0], size[1]), in.get(1));
        });
    }

    /** The gradient of ⟨pool(x), g⟩ with respect to x, taken on an inner tape. */
    private static Tensor poolGrad(List<Tensor> in, Function<Tensor, Tensor> pool) {
        Tensor x = in.get(0);
        try (Tape tape = Tape.record()) {
            tape.watch(x);
            return tape.gradient(pool.apply(x), in.get(1), List.of(x)).get(x);
        }
    }

    private static Gen<List<Tensor>> invalidPool() {
        return Gen.oneOf(
                // padding 2 is more than half of kernel 3
                s -> List.of(real(s, 1, 1, 6, 6), new Pool(1, 1, 3, 3, 1, 1, 2, 2, 6, 6).encode()),
                // kernel 4 on a 3×3 input
                s -> List.of(real(s, 1, 1, 3, 3), new Pool(1, 1, 4, 4, 1, 1, 0, 0, 3, 3).encode()),
                // rank-2 input
                s -> List.of(real(s, 4, 4), new Pool(1, 1, 2, 2, 2, 2, 0, 0, 4, 4).encode()),
                // stride 0
                s -> List.of(real(s, 1, 1, 4, 4), new Pool(1, 1, 2, 2, 0, 0, 0, 0, 4, 4).encode()),
                // kernel 0
                s -> List.of(real(s, 1, 1, 4, 4), new Pool(1, 1, 0, 2, 1, 1, 0, 0, 4, 4).encode()),
                // integer input
                s -> List.of(Tensor.zeros(DType.INT32, 1, 1, 4, 4), new Pool(1, 1, 2, 2, 2, 2, 0, 0, 4, 4).encode()));
    }

    private static Gen<List<Tensor>> invalidFullMaxPool() {
        return Gen.oneOf(
                // dilation 0
                s -> List.of(real(s, 1, 1, 4, 4), new Pool(1, 1, 2, 2, 1, 1, 0, 0, 0, 1, false, true, 0, 4, 4).encode()),
                // padding 2 is more than half of kernel 3, although the dilated kernel spans 5
                s -> List.of(real(s, 1, 1, 6, 6), new Pool(1, 1, 3, 3, 1, 1, 2, 2, 2, 2, true, true, 0, 6, 6).encode()),
                // kernel 3 with dilation 3 spans 7 > 4, even in ceil mode with stride 2
                s -> List.of(real(s, 1, 1, 4, 4), new Pool(1, 1, 3, 3, 2, 2, 0, 0, 3, 3, true, true, 0, 4, 4).encode()),
                // the only window's taps −1 and 4 both miss the 4×4 input
                s -> List.of(real(s, 1, 1, 4, 4), new Pool(1, 1, 2, 2, 1, 1, 1, 1, 5, 5, false, true, 0, 4, 4).encode()),
                // negative stride
                s -> List.of(real(s, 1, 1, 4, 4), new Pool(1, 1, 2, 2, -1, 1, 0, 0, 1, 1, true, true, 0, 4, 4).encode()));
    }

    private static Gen<List<Tensor>> invalidFullAvgPool() {
        return Gen.oneOf(
                // negative divisor override
                s -> List.of(real(s, 1, 1, 4, 4), new Pool(1, 1, 2, 2, 2, 2, 0, 0, 1, 1, false, true, -1, 4, 4).encode()),
                // padding 2 is more than half of kernel 3
                s -> List.of(real(s, 1, 1, 6, 6), new Pool(1, 1, 3, 3, 1, 1, 2, 2, 1, 1, true, false, 0, 6, 6).encode()),
                // kernel 4 on a 2×2 input: the output is empty even in ceil mode
                s -> List.of(real(s, 1, 1, 2, 2), new Pool(1, 1, 4, 4, 1, 1, 0, 0, 1, 1, true, true, 2, 2, 2).encode()),
                // padding −1
                s -> List.of(real(s, 1, 1, 4, 4), new Pool(1, 1, 2, 2, 1, 1, -1, 0, 1, 1, false, false, 0, 4, 4).encode()));
    }

    private static Gen<List<Tensor>> invalidUnbatchedPool() {
        return Gen.oneOf(
                // rank-2 input
                s -> List.of(real(s, 4, 4), new Pool(1, 1, 2, 2, 2, 2, 0, 0, 4, 4).encode()),
                // padding 2 is more than half of kernel 3
                s -> List.of(real(s, 1, 6, 6), new Pool(1, 1, 3, 3, 1, 1, 2, 2, 6, 6).encode()),
                // kernel 3 on a 2×2 input
                s -> List.of(real(s, 2, 2, 2), new Pool(1, 1, 3, 3, 1, 1, 0, 0, 2, 2).encode()));
    }
}

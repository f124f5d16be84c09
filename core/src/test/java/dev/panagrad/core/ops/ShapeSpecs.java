package dev.panagrad.core.ops;

import static dev.panagrad.core.ops.OpSpec.op;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Domain;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.Source;
import dev.panagrad.core.check.TensorGen;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Op-table rows for the shape and indexing family. Integer arguments (dims, starts, sizes) are drawn
 * with the tensors and travel as the last input, an INT32 vector the gradient check passes through;
 * index tensors are INT32 inputs too. Every row has an {@code invalid} generator of inputs the op must
 * reject. All these ops are linear in their floating inputs, so their second derivative is zero and
 * the gradgrad check only confirms that the backward rules differentiate again.
 */
final class ShapeSpecs {
    private ShapeSpecs() {}

    static final List<OpSpec> ROWS = List.of(
            op("reshape", in -> in.get(0).reshape(arg(in, 1))).inputs(s -> {
                Tensor x = real(s, shape(s, 0, 3, 1, 4));
                int[] target = reversed(x.shape());
                if (target.length > 0) {
                    target[s.drawInt(0, target.length - 1)] = -1;
                }
                return List.of(x, ints(target));
            }).invalid(s -> {
                Tensor x = real(s, shape(s, 1, 3, 1, 4));
                return List.of(x, s.drawInt(0, 1) == 0 ? ints(x.numel() + 1) : ints(-1, -1));
            }).acceptsIntegers().build(),
            op("view", in -> in.get(0).view(arg(in, 1))).inputs(s -> {
                Tensor x = real(s, shape(s, 0, 3, 1, 4));
                return List.of(x, ints(1, x.numel()));
            }).invalid(s -> List.of(real(s, shape(s, 1, 3, 2, 4)), ints(3, -2))).acceptsIntegers().build(),
            op("flatten", in -> in.get(0).flatten()).acceptsIntegers().build(),
            op("clone", in -> in.get(0).clone()).acceptsIntegers().build(),
            op("flatten.dims", in -> in.get(0).flatten(arg(in, 1)[0], arg(in, 1)[1])).inputs(s -> {
                int[] shape = shape(s, 1, 4, 1, 3);
                int start = s.drawInt(0, shape.length - 1);
                int end = s.drawInt(start, shape.length - 1);
                return List.of(real(s, shape), ints(start - (s.drawInt(0, 1) == 1 ? shape.length : 0), end));
            }).invalid(s -> {
                int[] shape = shape(s, 2, 3, 1, 3);
                return List.of(real(s, shape), s.drawInt(0, 1) == 0 ? ints(1, 0) : ints(0, shape.length));
            }).acceptsIntegers().build(),
            op("squeeze", in -> in.get(0).squeeze()).inputs(oneOf(s -> shape(s, 0, 4, 1, 2))).acceptsIntegers().build(),
            op("squeeze.dim", in -> in.get(0).squeeze(arg(in, 1)[0])).inputs(s -> {
                int[] shape = shape(s, 1, 4, 1, 2);
                return List.of(real(s, shape), ints(dim(s, shape.length)));
            }).invalid(s -> {
                int[] shape = shape(s, 1, 3, 1, 2);
                return List.of(real(s, shape), ints(s.drawInt(0, 1) == 0 ? shape.length : -shape.length - 1));
            }).acceptsIntegers().build(),
            op("unsqueeze", in -> in.get(0).unsqueeze(arg(in, 1)[0])).inputs(s -> {
                int[] shape = shape(s, 0, 3, 1, 4);
                return List.of(real(s, shape), ints(dim(s, shape.length + 1)));
            }).invalid(s -> {
                int[] shape = shape(s, 0, 3, 1, 4);
                return List.of(real(s, shape), ints(s.drawInt(0, 1) == 0 ? shape.length + 1 : -shape.length - 2));
            }).acceptsIntegers().build(),
            op("permute", in -> in.get(0).permute(arg(in, 1))).inputs(s -> {
                int[] shape = shape(s, 0, 4, 1, 3);
                return List.of(real(s, shape), ints(permutation(s, shape.length)));
            }).invalid(s -> {
                int[] shape = shape(s, 2, 4, 1, 3);
                int[] perm = permutation(s, shape.length);
                if (s.drawInt(0, 1) == 0) {
                    perm[0] = perm[1];
                } else {
                    perm = Arrays.copyOf(perm, perm.length - 1);
                }
                return List.of(real(s, shape), ints(perm));
            }).acceptsIntegers().build(),
            op("transpose", in -> in.get(0).transpose(arg(in, 1)[0], arg(in, 1)[1])).inputs(s -> {
                int[] shape = shape(s, 1, 4, 1, 3);
                return List.of(real(s, shape), ints(dim(s, shape.length), dim(s, shape.length)));
            }).invalid(s -> {
                int[] shape = shape(s, 1, 3, 1, 3);
                return List.of(real(s, shape), ints(0, shape.length));
            }).acceptsIntegers().build(),
            op("t", in -> in.get(0).t()).inputs(oneOf(s -> shape(s, 0, 2, 1, 5)))
                    .invalid(oneOf(s -> shape(s, 3, 4, 1, 2))).acceptsIntegers().build(),
            op("expand", in -> in.get(0).expand(arg(in, 1))).inputs(s -> {
                int[] target = shape(s, 0, 3, 1, 3);
                int[] shape = thin(s, target);
                if (s.drawInt(0, 1) == 1 && target.length < 3) {
                    target = prepend(s.drawInt(1, 3), target);
                }
                return List.of(real(s, shape), ints(target));
            }).invalid(s -> {
                int[] shape = shape(s, 1, 3, 2, 3);
                int[] target = shape.clone();
                target[s.drawInt(0, target.length - 1)] += 1;
                return List.of(real(s, shape), ints(target));
            }).acceptsIntegers().build(),
            op("broadcastTo", in -> in.get(0).broadcastTo(arg(in, 1))).inputs(s -> {
                int[] shape = shape(s, 1, 3, 1, 3);
                int[] target = prepend(2, shape);
                target[1] = -1;
                return List.of(real(s, shape), ints(target));
            }).invalid(s -> List.of(real(s, shape(s, 0, 2, 1, 3)), ints(-1, 2, 2, 2))).acceptsIntegers().build(),
            op("concat", in -> Tensor.concat(last(in)[0], tensors(in))).inputs(joinable(true))
                    .invalid(unjoinable()).acceptsIntegers().build(),
            op("cat", in -> Tensor.cat(last(in)[0], tensors(in))).inputs(joinable(true)).invalid(unjoinable()).acceptsIntegers().build(),
            op("stack", in -> Tensor.stack(last(in)[0], tensors(in))).inputs(joinable(false))
                    .invalid(s -> List.of(real(s, 2, 3), real(s, 3, 2), ints(0))).acceptsIntegers().build(),
            op("split", in -> reversedConcat(in.get(0).split(arg(in, 1)[0], arg(in, 1)[1]), arg(in, 1)[1]))
                    .inputs(s -> {
                        int[] shape = shape(s, 1, 3, 1, 5);
                        int d = s.drawInt(0, shape.length - 1);
                        return List.of(real(s, shape), ints(s.drawInt(1, shape[d] + 1), d));
                    }).invalid(s -> List.of(real(s, shape(s, 1, 3, 1, 4)), ints(s.drawInt(0, 1) == 0 ? -1 : 0, 0)))
                    .acceptsIntegers().build(),
            op("split.sizes", in -> reversedConcat(in.get(0).split(arg(in, 2), arg(in, 1)[0]), arg(in, 1)[0]))
                    .inputs(s -> {
                        int[] shape = shape(s, 1, 3, 1, 5);
                        int d = s.drawInt(0, shape.length - 1);
                        return List.of(real(s, shape), ints(d), ints(composition(s, shape[d])));
                    }).invalid(s -> {
                        int[] shape = shape(s, 1, 3, 1, 4);
                        return List.of(real(s, shape), ints(0), ints(shape[0] + 1));
                    }).acceptsIntegers().build(),
            op("chunk", in -> reversedConcat(in.get(0).chunk(arg(in, 1)[0], arg(in, 1)[1]), arg(in, 1)[1]))
                    .inputs(s -> {
                        int[] shape = shape(s, 1, 3, 1, 5);
                        return List.of(real(s, shape), ints(s.drawInt(1, 6), dim(s, shape.length)));
                    }).invalid(s -> List.of(real(s, shape(s, 1, 3, 1, 4)), ints(0, 0))).acceptsIntegers().build(),
            op("narrow", in -> in.get(0).narrow(arg(in, 1)[0], arg(in, 1)[1], arg(in, 1)[2])).inputs(s -> {
                int[] shape = shape(s, 1, 3, 1, 5);
                int d = s.drawInt(0, shape.length - 1);
                int start = s.drawInt(0, shape[d]);
                int length = s.drawInt(0, shape[d] - start);
                return List.of(real(s, shape), ints(d, s.drawInt(0, 1) == 1 ? start - shape[d] : start, length));
            }).invalid(s -> {
                int[] shape = shape(s, 1, 3, 1, 4);
                int start = s.drawInt(0, shape[0]);
                return List.of(real(s, shape), ints(0, start, shape[0] - start + 1));
            }).acceptsIntegers().build(),
            op("slice", in -> in.get(0).slice(arg(in, 1)[0], arg(in, 1)[1], arg(in, 1)[2], arg(in, 1)[3]))
                    .inputs(s -> {
                        int[] shape = shape(s, 1, 3, 1, 6);
                        return List.of(real(s, shape), ints(dim(s, shape.length), s.drawInt(-7, 7), s.drawInt(-7, 7),
                                s.drawInt(1, 3)));
                    }).invalid(s -> List.of(real(s, shape(s, 1, 3, 1, 4)), ints(0, 0, 2, s.drawInt(-1, 0)))).acceptsIntegers().build(),
            op("pad", in -> in.get(0).pad(arg(in, 1), 0.5)).inputs(s -> {
                int[] shape = shape(s, 1, 3, 1, 4);
                int pairs = s.drawInt(0, shape.length);
                int[] pad = new int[2 * pairs];
                for (int k = 0; k < pairs; k++) {
                    int size = shape[shape.length - 1 - k];
                    pad[2 * k] = s.drawInt(-size, 2);
                    pad[2 * k + 1] = s.drawInt(-size - Math.min(0, pad[2 * k]), 2);
                }
                return List.of(real(s, shape), ints(pad));
            }).invalid(s -> {
                int[] shape = shape(s, 1, 2, 1, 3);
                return List.of(real(s, shape), s.drawInt(0, 1) == 0 ? ints(1) : ints(-shape[shape.length - 1] - 1, 0));
            }).acceptsIntegers().build(),
            op("flip", in -> in.get(0).flip(arg(in, 1))).inputs(s -> {
                int[] shape = shape(s, 0, 3, 1, 4);
                List<Integer> dims = new ArrayList<>();
                for (int d = 0; d < shape.length; d++) {
                    if (s.drawInt(0, 1) == 1) {
                        dims.add(s.drawInt(0, 1) == 1 ? d - shape.length : d);
                    }
                }
                return List.of(real(s, shape), ints(dims.stream().mapToInt(Integer::intValue).toArray()));
            }).invalid(s -> List.of(real(s, shape(s, 1, 3, 1, 4)), ints(0, 0))).acceptsIntegers().build(),
            op("repeat", in -> in.get(0).repeat(arg(in, 1))).inputs(s -> {
                int[] shape = shape(s, 0, 3, 1, 3);
                int[] repeats = new int[shape.length + s.drawInt(0, 1)];
                for (int d = 0; d < repeats.length; d++) {
                    repeats[d] = s.drawInt(0, 2);
                }
                return List.of(real(s, shape), ints(repeats));
            }).invalid(s -> {
                int[] shape = shape(s, 1, 3, 1, 3);
                return List.of(real(s, shape), s.drawInt(0, 1) == 0 ? ints(new int[shape.length - 1]) : ints(-1, 1, 1, 1));
            }).acceptsIntegers().build(),
            op("indexSelect", in -> in.get(0).indexSelect(arg(in, 2)[0], in.get(1))).inputs(s -> {
                int[] shape = shape(s, 1, 3, 1, 4);
                int d = s.drawInt(0, shape.length - 1);
                return List.of(real(s, shape), indices(s, shape[d], s.drawInt(0, 5)), ints(d));
            }).invalid(s -> {
                int[] shape = shape(s, 1, 3, 1, 4);
                return List.of(real(s, shape), badIndex(s, shape[0]), ints(0));
            }).acceptsIntegers().build(),
            op("indexAdd", in -> in.get(0).indexAdd(arg(in, 3)[0], in.get(1), in.get(2))).inputs(s -> {
                int[] shape = shape(s, 1, 3, 1, 4);
                int d = s.drawInt(0, shape.length - 1);
                Tensor index = indices(s, shape[d], s.drawInt(0, 5));
                int[] srcShape = shape.clone();
                srcShape[d] = index.numel();
                return List.of(real(s, shape), index, real(s, srcShape), ints(d));
            }).invalid(s -> {
                int[] shape = shape(s, 1, 3, 1, 4);
                Tensor index = s.drawInt(0, 1) == 0 ? badIndex(s, shape[0]) : ints(0, 0, 0, 0, 0);
                return List.of(real(s, shape), index, real(s, shape), ints(0));
            }).acceptsIntegers().build(),
            op("gather", in -> in.get(0).gather(arg(in, 2)[0], in.get(1))).inputs(s -> {
                int[] shape = shape(s, 1, 3, 1, 4);
                int d = s.drawInt(0, shape.length - 1);
                return List.of(real(s, shape), scatterIndex(s, shape, shape, d), ints(d));
            }).invalid(s -> {
                int[] shape = shape(s, 1, 3, 1, 4);
                Tensor bad = s.drawInt(0, 1) == 0 ? badIndex(s, shape[0]).reshape(ones(shape.length))
                        : ints(0).reshape(ones(shape.length + 1));
                return List.of(real(s, shape), bad, ints(0));
            }).acceptsIntegers().build(),
            op("scatterAdd", in -> in.get(0).scatterAdd(arg(in, 3)[0], in.get(1), in.get(2))).inputs(s -> {
                int[] shape = shape(s, 1, 3, 1, 4);
                int d = s.drawInt(0, shape.length - 1);
                int[] srcShape = shape(s, shape.length, shape.length, 1, 4);
                Tensor index = scatterIndex(s, shape, srcShape, d);
                return List.of(real(s, shape), index, real(s, srcShape), ints(d));
            }).invalid(s -> {
                int[] shape = shape(s, 1, 3, 1, 4);
                Tensor bad = badIndex(s, shape[0]).reshape(ones(shape.length));
                return List.of(real(s, shape), bad, real(s, shape), ints(0));
            }).acceptsIntegers().build(),
            op("oneHot", in -> in.get(0).oneHot(arg(in, 1)[0])).notDifferentiable().inputs(s -> {
                int classes = s.drawInt(1, 5);
                int[] shape = shape(s, 0, 2, 0, 4);
                int[] values = new int[Tensor.zeros(shape).numel()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = s.drawInt(0, classes - 1);
                }
                return List.of(Tensor.of(values, shape), ints(s.drawInt(0, 1) == 1 || values.length == 0 ? classes : -1));
            }).invalid(s -> {
                int classes = s.drawInt(1, 4);
                return s.drawInt(0, 1) == 0 ? List.of(ints(classes), ints(classes)) : List.of(real(s, 3), ints(classes));
            }).acceptsIntegers().build());

    // ------------------------------------------------------------------ argument plumbing

    /** The INT32 input {@code i} as Java ints. */
    private static int[] arg(List<Tensor> in, int i) {
        return in.get(i).toIntArray();
    }

    /** The integer arguments: the last input. */
    private static int[] last(List<Tensor> in) {
        return in.get(in.size() - 1).toIntArray();
    }

    /** All inputs but the last. */
    private static Tensor[] tensors(List<Tensor> in) {
        return in.subList(0, in.size() - 1).toArray(Tensor[]::new);
    }

    private static Tensor reversedConcat(List<Tensor> pieces, int dim) {
        List<Tensor> reversed = new ArrayList<>(pieces);
        Collections.reverse(reversed);
        return Tensor.concat(dim, reversed.toArray(Tensor[]::new));
    }

    static Tensor ints(int... values) {
        return Tensor.of(values, values.length);
    }

    static Tensor real(Source s, int... shape) {
        return TensorGen.tensors(shape, Domain.REAL, DType.FLOAT64).generate(s);
    }

    static int[] shape(Source s, int minRank, int maxRank, int minDim, int maxDim) {
        return TensorGen.shapes(minRank, maxRank, minDim, maxDim).generate(s);
    }

    /** One real tensor of a generated shape. */
    private static Gen<List<Tensor>> oneOf(Gen<int[]> shapes) {
        return s -> List.of(real(s, shapes.generate(s)));
    }

    /** A dim of a tensor of rank {@code rank} ≥ 1, negative half of the time. */
    private static int dim(Source s, int rank) {
        int d = s.drawInt(0, rank - 1);
        return s.drawInt(0, 1) == 1 ? d - rank : d;
    }

    private static int[] permutation(Source s, int rank) {
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            left.add(i);
        }
        int[] perm = new int[rank];
        for (int k = 0; k < rank; k++) {
            perm[k] = left.remove(s.drawInt(0, left.size() - 1));
        }
        return perm;
    }

    private static int[] reversed(int[] shape) {
        int[] out = new int[shape.length];
        for (int i = 0; i < shape.length; i++) {
            out[i] = shape[shape.length - 1 - i];
        }
        return out;
    }

    private static int[] ones(int rank) {
        int[] out = new int[rank];
        Arrays.fill(out, 1);
        return out;
    }

    /** {@code [n, shape...]}. */
    private static int[] prepend(int n, int[] shape) {
        int[] out = new int[shape.length + 1];
        out[0] = n;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    /** {@code target} with some dims set to 1 and some leading dims dropped: a shape that broadcasts to it. */
    private static int[] thin(Source s, int[] target) {
        int drop = s.drawInt(0, target.length);
        int[] shape = new int[target.length - drop];
        for (int d = 0; d < shape.length; d++) {
            shape[d] = s.drawInt(0, 1) == 1 ? 1 : target[d + drop];
        }
        return shape;
    }

    /** Positive sizes adding up to {@code n}. */
    private static int[] composition(Source s, int n) {
        List<Integer> parts = new ArrayList<>();
        int left = n;
        while (left > 0) {
            int p = s.drawInt(1, left);
            parts.add(p);
            left -= p;
        }
        if (s.drawInt(0, 1) == 1) {
            parts.add(s.drawInt(0, parts.size()), 0);
        }
        return parts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** An INT32 vector of {@code n} indices in [0, size). */
    private static Tensor indices(Source s, int size, int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = s.drawInt(0, size - 1);
        }
        return ints(v);
    }

    /** An INT32 vector with one index outside [0, size) (or a FLOAT64 index). */
    private static Tensor badIndex(Source s, int size) {
        return switch (s.drawInt(0, 2)) {
            case 0 -> ints(size);
            case 1 -> ints(-1);
            default -> Tensor.of(new double[] {0}, 1);
        };
    }

    /**
     * An INT32 index for gather/scatter along {@code d}: the rank of {@code self}, no larger than
     * {@code self} off {@code d} nor than {@code bound} anywhere, values in [0, self[d]).
     */
    private static Tensor scatterIndex(Source s, int[] self, int[] bound, int d) {
        int[] shape = new int[self.length];
        for (int k = 0; k < self.length; k++) {
            int max = k == d ? bound[k] : Math.min(self[k], bound[k]);
            shape[k] = s.drawInt(0, max);
        }
        int n = Tensor.zeros(shape).numel();
        int[] v = new int[n];
        for (int i = 0; i < n; i++) {
            v[i] = s.drawInt(0, self[d] - 1);
        }
        return Tensor.of(v, shape);
    }

    /** 1–3 tensors that agree except in a random dim (sizes 0–3 there) or, for stack, agree fully; dim last. */
    private static Gen<List<Tensor>> joinable(boolean concat) {
        return s -> {
            int[] shape = shape(s, 1, 3, 1, 3);
            int count = s.drawInt(1, 3);
            int d = concat ? s.drawInt(0, shape.length - 1) : s.drawInt(0, shape.length);
            List<Tensor> out = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int[] own = shape.clone();
                if (concat) {
                    own[d] = s.drawInt(0, 3);
                }
                out.add(real(s, own));
            }
            out.add(ints(s.drawInt(0, 1) == 1 ? d - shape.length - (concat ? 0 : 1) : d));
            return out;
        };
    }

    /** Tensors that cannot be concatenated: off-dim sizes differ, dtypes differ, or a scalar. */
    private static Gen<List<Tensor>> unjoinable() {
        return s -> switch (s.drawInt(0, 2)) {
            case 0 -> List.of(real(s, 2, 3), real(s, 2, 4), ints(0));
            case 1 -> List.of(real(s, 2, 3), ints(1, 2, 3).reshape(1, 3), ints(0));
            default -> List.of(real(s), real(s), ints(0));
        };
    }
}

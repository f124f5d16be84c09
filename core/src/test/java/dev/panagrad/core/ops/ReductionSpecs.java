package dev.panagrad.core.ops;

import static dev.panagrad.core.ops.OpSpec.op;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Domain;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.TensorGen;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Op-table rows of the reduction family. Rows reducing chosen dims take three inputs: the FLOAT64
 * tensor, an INT32 vector of dims (random subsets, in random order, some negative) and an INT32 scalar
 * keepDim flag (0 or 1), so every row covers both keepDim settings and non-contiguous dim sets. Inputs
 * of max, min and the ∞-norm hold distinct values (at least 1e-3 apart) so that no tie sits within a
 * finite-difference step.
 */
final class ReductionSpecs {
    private ReductionSpecs() {}

    /** Rank 1–3 with dimensions 1–4. */
    private static final Gen<int[]> RANKED = TensorGen.shapes(1, 3, 1, 4);
    /** Rank 1–3 with dimensions 2–4: every slice has at least two elements (var, std). */
    private static final Gen<int[]> WIDE = TensorGen.shapes(1, 3, 2, 4);
    private static final Function<int[], Gen<Tensor>> REAL = shape -> TensorGen.tensors(shape, Domain.REAL, DType.FLOAT64);
    private static final Function<int[], Gen<Tensor>> DISTINCT = shape -> distinct(shape, false);
    private static final Function<int[], Gen<Tensor>> DISTINCT_MAGNITUDES = shape -> distinct(shape, true);
    private static final Function<int[], Gen<Tensor>> AWAY_FROM_ZERO =
            shape -> TensorGen.tensors(shape, Domain.REAL.awayFrom(0.01, 0), DType.FLOAT64);
    private static final Function<int[], Gen<Tensor>> WITH_A_ZERO = ReductionSpecs::withAtMostOneZero;

    static final List<OpSpec> ROWS = List.of(
            op("sum", in -> in.get(0).sum()).invalid(intOverflow()).acceptsIntegers().build(),
            op("sum.dim", in -> in.get(0).sum(dim(in), keep(in))).inputs(oneDim(RANKED, REAL))
                    .invalid(dimsOutOfRange(false)).acceptsIntegers().build(),
            op("sum.dims", in -> in.get(0).sum(dims(in), keep(in))).inputs(someDims(RANKED, REAL))
                    .invalid(dimsOutOfRange(true)).acceptsIntegers().build(),
            op("mean", in -> in.get(0).mean()).invalid(int32()).build(),
            op("mean.dim", in -> in.get(0).mean(dim(in), keep(in))).inputs(oneDim(RANKED, REAL))
                    .invalid(badDim(true)).build(),
            op("mean.dims", in -> in.get(0).mean(dims(in), keep(in))).inputs(someDims(RANKED, REAL))
                    .invalid(badDims(true)).build(),
            op("prod", in -> in.get(0).prod()).inputs(all(OpSpec.SHAPES, WITH_A_ZERO)).invalid(int32()).build(),
            op("prod.dim", in -> in.get(0).prod(dim(in), keep(in))).inputs(oneDim(RANKED, WITH_A_ZERO))
                    .invalid(badDim(true)).build(),
            op("prod.dims", in -> in.get(0).prod(dims(in), keep(in))).inputs(someDims(RANKED, WITH_A_ZERO))
                    .invalid(badDims(true)).build(),
            op("var", in -> in.get(0).var()).inputs(all(WIDE, REAL)).invalid(int32()).build(),
            op("var.dims", in -> in.get(0).var(dims(in), keep(in))).inputs(someDims(WIDE, REAL))
                    .invalid(badDims(true)).build(),
            op("var.correction", in -> in.get(0).var(dims(in), 0, keep(in))).inputs(someDims(RANKED, REAL))
                    .invalid(badDims(true)).build(),
            op("std", in -> in.get(0).std()).inputs(all(WIDE, REAL)).invalid(int32()).build(),
            op("std.dims", in -> in.get(0).std(dims(in), keep(in))).inputs(someDims(WIDE, REAL))
                    .invalid(badDims(true)).build(),
            op("std.correction", in -> in.get(0).std(dims(in), 0, keep(in))).inputs(someDims(WIDE, REAL))
                    .invalid(badDims(true)).build(),
            op("logsumexp", in -> in.get(0).logsumexp()).invalid(int32()).build(),
            op("logsumexp.dim", in -> in.get(0).logsumexp(dim(in), keep(in))).inputs(oneDim(RANKED, REAL))
                    .invalid(badDim(true)).build(),
            op("logsumexp.dims", in -> in.get(0).logsumexp(dims(in), keep(in))).inputs(someDims(RANKED, REAL))
                    .invalid(badDims(true)).build(),
            op("norm", in -> in.get(0).norm()).invalid(int32()).build(),
            op("norm.p1", in -> in.get(0).norm(1)).inputs(all(OpSpec.SHAPES, AWAY_FROM_ZERO)).noGradGrad()
                    .invalid(int32()).build(),
            op("norm.pinf", in -> in.get(0).norm(Double.POSITIVE_INFINITY)).inputs(all(OpSpec.SHAPES, DISTINCT_MAGNITUDES))
                    .noGradGrad().invalid(int32()).build(),
            op("norm.p2.dims", in -> in.get(0).norm(2, dims(in), keep(in))).inputs(someDims(RANKED, REAL))
                    .invalid(badDims(true)).build(),
            op("norm.p1.dims", in -> in.get(0).norm(1, dims(in), keep(in))).inputs(someDims(RANKED, AWAY_FROM_ZERO))
                    .noGradGrad().invalid(badDims(true)).build(),
            op("norm.pinf.dims", in -> in.get(0).norm(Double.POSITIVE_INFINITY, dims(in), keep(in)))
                    .inputs(someDims(RANKED, DISTINCT_MAGNITUDES)).noGradGrad().invalid(badDims(true)).build(),
            op("max", in -> in.get(0).max()).inputs(all(OpSpec.SHAPES, DISTINCT)).noGradGrad().invalid(empty()).acceptsIntegers().build(),
            op("max.dim", in -> in.get(0).max(dim(in), keep(in)).values()).inputs(oneDim(RANKED, DISTINCT))
                    .noGradGrad().invalid(badDim(false)).acceptsIntegers().build(),
            op("max.dim.indices", in -> in.get(0).max(dim(in), keep(in)).indices()).inputs(oneDim(RANKED, DISTINCT))
                    .notDifferentiable().invalid(badDim(false)).build(),
            op("min", in -> in.get(0).min()).inputs(all(OpSpec.SHAPES, DISTINCT)).noGradGrad().invalid(empty()).acceptsIntegers().build(),
            op("min.dim", in -> in.get(0).min(dim(in), keep(in)).values()).inputs(oneDim(RANKED, DISTINCT))
                    .noGradGrad().invalid(badDim(false)).acceptsIntegers().build(),
            op("min.dim.indices", in -> in.get(0).min(dim(in), keep(in)).indices()).inputs(oneDim(RANKED, DISTINCT))
                    .notDifferentiable().invalid(badDim(false)).build(),
            op("amax", in -> in.get(0).amax(dims(in), keep(in))).inputs(someDims(RANKED, DISTINCT)).noGradGrad()
                    .invalid(badDims(false)).acceptsIntegers().build(),
            op("amin", in -> in.get(0).amin(dims(in), keep(in))).inputs(someDims(RANKED, DISTINCT)).noGradGrad()
                    .invalid(badDims(false)).acceptsIntegers().build(),
            op("argmax", in -> in.get(0).argmax()).inputs(all(OpSpec.SHAPES, DISTINCT)).notDifferentiable()
                    .invalid(empty()).build(),
            op("argmax.dim", in -> in.get(0).argmax(dim(in), keep(in))).inputs(oneDim(RANKED, DISTINCT))
                    .notDifferentiable().invalid(badDim(false)).build(),
            op("argmin", in -> in.get(0).argmin()).inputs(all(OpSpec.SHAPES, DISTINCT)).notDifferentiable()
                    .invalid(empty()).build(),
            op("argmin.dim", in -> in.get(0).argmin(dim(in), keep(in))).inputs(oneDim(RANKED, DISTINCT))
                    .notDifferentiable().invalid(badDim(false)).build(),
            op("softmax", in -> in.get(0).softmax(dim(in))).inputs(oneDim(OpSpec.SHAPES, REAL))
                    .invalid(badDim(true)).build(),
            op("logSoftmax", in -> in.get(0).logSoftmax(dim(in))).inputs(oneDim(OpSpec.SHAPES, REAL))
                    .invalid(badDim(true)).build());

    // ------------------------------------------------------------------ reading the extra inputs

    private static int[] dims(List<Tensor> in) {
        return in.get(1).toIntArray();
    }

    private static int dim(List<Tensor> in) {
        return in.get(1).toIntArray()[0];
    }

    private static boolean keep(List<Tensor> in) {
        return in.size() > 2 && in.get(2).item() != 0;
    }

    // ------------------------------------------------------------------ valid inputs

    /** One tensor of the given shapes and values (the all-dims rows). */
    private static Gen<List<Tensor>> all(Gen<int[]> shapes, Function<int[], Gen<Tensor>> values) {
        return shapes.flatMap(values::apply).map(List::of);
    }

    /** A tensor, one of its dims (maybe negative) and a keepDim flag. */
    private static Gen<List<Tensor>> oneDim(Gen<int[]> shapes, Function<int[], Gen<Tensor>> values) {
        return shapes.flatMap(shape -> values.apply(shape).flatMap(x -> Gen.integers(-Math.max(1, shape.length),
                Math.max(1, shape.length) - 1).flatMap(d -> Gen.integers(0, 1).map(k -> withDims(x, new int[] {d}, k)))));
    }

    /** A tensor, a non-empty set of its dims in random order (some negative) and a keepDim flag. */
    private static Gen<List<Tensor>> someDims(Gen<int[]> shapes, Function<int[], Gen<Tensor>> values) {
        return shapes.flatMap(shape -> values.apply(shape).flatMap(x -> s -> {
            int rank = shape.length;
            List<Integer> chosen = new ArrayList<>();
            for (int d = 0; d < rank; d++) {
                if (s.draw(1) == 0) {
                    chosen.add(s.draw(1) == 0 ? d : d - rank);
                }
            }
            if (chosen.isEmpty()) {
                chosen.add(s.drawInt(0, rank - 1));
            }
            if (s.draw(1) == 1) {
                chosen = chosen.reversed();
            }
            return withDims(x, chosen.stream().mapToInt(Integer::intValue).toArray(), (int) s.draw(1));
        }));
    }

    private static List<Tensor> withDims(Tensor x, int[] dims, int keep) {
        return List.of(x, Tensor.of(dims, dims.length), Tensor.of(new int[] {keep}));
    }

    /**
     * Distinct values in [−2, 2] (or distinct magnitudes in [0.1, 2] with random signs): a random
     * permutation of an evenly spaced grid, jittered by less than a fifth of its step.
     */
    private static Gen<Tensor> distinct(int[] shape, boolean magnitudes) {
        return s -> {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            for (int i = n - 1; i > 0; i--) {
                int j = s.drawInt(0, i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double lo = magnitudes ? 0.1 : -2;
            double step = (2 - lo) / n;
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                double jitter = 0.4 + 0.2 * Gen.doubles(0, 1).generate(s);
                v[i] = lo + step * (order[i] + jitter);
                if (magnitudes && s.draw(1) == 1) {
                    v[i] = -v[i];
                }
            }
            return Tensor.of(v, shape);
        };
    }

    /** Values in [−1.5, 1.5] of which at most one (chosen at random, or none) is exactly 0. */
    private static Gen<Tensor> withAtMostOneZero(int[] shape) {
        return TensorGen.tensors(shape, Domain.bounded(-1.5, 1.5).awayFrom(1e-3, 0), DType.FLOAT64).flatMap(x -> s -> {
            double[] v = x.toDoubleArray();
            int at = s.drawInt(-1, v.length - 1);
            if (at >= 0) {
                v[at] = 0;
            }
            return Tensor.of(v, shape);
        });
    }

    // ------------------------------------------------------------------ invalid inputs

    /** INT32 values whose sum does not fit in INT32. */
    private static Gen<List<Tensor>> intOverflow() {
        return Gen.integers(2, 5).map(n -> List.of(Tensor.full(Integer.MAX_VALUE, DType.INT32, n)));
    }

    /** An INT32 tensor, for ops defined on floating-point input only. */
    private static Gen<List<Tensor>> int32() {
        return RANKED.map(shape -> List.of(Tensor.zeros(DType.INT32, shape)));
    }

    /** A tensor with no elements, for extremes over all dims. */
    private static Gen<List<Tensor>> empty() {
        return Gen.integers(1, 3).map(n -> List.of(Tensor.zeros(DType.FLOAT64, n, 0)));
    }

    /** Invalid inputs for rows taking one dim: see {@link #invalidDims}. */
    private static Gen<List<Tensor>> badDim(boolean floatingOnly) {
        return invalidDims(floatingOnly, false);
    }

    /** Invalid inputs for rows taking a set of dims: see {@link #invalidDims}. */
    private static Gen<List<Tensor>> badDims(boolean floatingOnly) {
        return invalidDims(floatingOnly, true);
    }

    /**
     * Inputs whose dim is out of range (too large or too negative) or, for rows taking a set, repeated
     * (as two spellings of one dim); for floating-only ops also an INT32 tensor with a valid dim, for
     * extremes a reduction over an empty dim.
     */
    private static Gen<List<Tensor>> invalidDims(boolean floatingOnly, boolean set) {
        return invalidDims(floatingOnly, set, true);
    }

    /** Only dims out of range or repeated: for ops valid on every dtype and on empty dims (sum). */
    private static Gen<List<Tensor>> dimsOutOfRange(boolean set) {
        return invalidDims(false, set, false);
    }

    private static Gen<List<Tensor>> invalidDims(boolean floatingOnly, boolean set, boolean dtypeOrEmpty) {
        return RANKED.flatMap(shape -> s -> {
            int rank = shape.length;
            int d = s.drawInt(0, rank - 1);
            int[] dims = switch (s.drawInt(set ? 0 : 1, dtypeOrEmpty ? 3 : 2)) {
                case 0 -> new int[] {d, d - rank};
                case 1 -> new int[] {rank + d};
                case 2 -> new int[] {-rank - 1 - d};
                default -> null;
            };
            if (dims != null) {
                return withDims(Tensor.zeros(DType.FLOAT64, shape), dims, (int) s.draw(1));
            }
            if (floatingOnly) {
                return withDims(Tensor.zeros(DType.INT32, shape), new int[] {d}, (int) s.draw(1));
            }
            int[] emptied = shape.clone();
            emptied[d] = 0;
            return withDims(Tensor.zeros(DType.FLOAT64, emptied), new int[] {d}, (int) s.draw(1));
        });
    }
}

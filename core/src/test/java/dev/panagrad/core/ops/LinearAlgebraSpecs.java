package dev.panagrad.core.ops;

import static dev.panagrad.core.ops.OpSpec.op;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import dev.panagrad.core.check.Domain;
import dev.panagrad.core.check.Gen;
import dev.panagrad.core.check.TensorGen;
import java.util.Arrays;
import java.util.List;

/** Op-table rows for matmul (each of PyTorch's cases), outer and dot. */
final class LinearAlgebraSpecs {
    private LinearAlgebraSpecs() {}

    private static final Gen<Integer> DIM = Gen.integers(1, 4);

    static final List<OpSpec> ROWS = List.of(
            op("matmul.vectorVector", in -> in.get(0).matmul(in.get(1)))
                    .inputs(DIM.flatMap(k -> pair(new int[] {k}, new int[] {k}))).invalid(invalidProducts()).build(),
            op("matmul.matrixVector", in -> in.get(0).matmul(in.get(1)))
                    .inputs(DIM.flatMap(m -> DIM.flatMap(k -> pair(new int[] {m, k}, new int[] {k}))))
                    .invalid(invalidProducts()).build(),
            op("matmul.vectorMatrix", in -> in.get(0).matmul(in.get(1)))
                    .inputs(DIM.flatMap(k -> DIM.flatMap(n -> pair(new int[] {k}, new int[] {k, n}))))
                    .invalid(invalidProducts()).build(),
            op("matmul", in -> in.get(0).matmul(in.get(1)))
                    .inputs(DIM.flatMap(m -> DIM.flatMap(k -> DIM.flatMap(n -> pair(new int[] {m, k}, new int[] {k, n})))))
                    .invalid(invalidProducts()).build(),
            op("matmul.batched", in -> in.get(0).matmul(in.get(1))).inputs(batchedInputs()).invalid(invalidProducts())
                    .build(),
            op("linear", in -> in.get(0).linear(in.get(1), in.get(2))).inputs(linearInputs(true))
                    .invalid(invalidLinear(true)).build(),
            op("linear.noBias", in -> in.get(0).linear(in.get(1), null)).inputs(linearInputs(false))
                    .invalid(invalidLinear(false)).build(),
            op("outer", in -> in.get(0).outer(in.get(1)))
                    .inputs(DIM.flatMap(m -> DIM.flatMap(n -> pair(new int[] {m}, new int[] {n}))))
                    .invalid(invalidVectorPairs()).build(),
            op("dot", in -> in.get(0).dot(in.get(1)))
                    .inputs(DIM.flatMap(k -> pair(new int[] {k}, new int[] {k})))
                    .invalid(Gen.oneOf(invalidVectorPairs(), DIM.map(k -> zeros(new int[] {k}, new int[] {k + 1})))).build());

    /** Two FLOAT64 tensors of the given shapes on [-2, 2]. */
    private static Gen<List<Tensor>> pair(int[] a, int[] b) {
        return TensorGen.tensors(a, Domain.REAL, DType.FLOAT64)
                .zip(TensorGen.tensors(b, Domain.REAL, DType.FLOAT64), List::of);
    }

    /** [batchA…, m, k] · [batchB…, k, n] with broadcast-compatible batch shapes of rank ≤ 2. */
    private static Gen<List<Tensor>> batchedInputs() {
        return TensorGen.broadcastShapes(2, 3).flatMap(batch -> DIM.flatMap(m -> DIM.flatMap(k -> DIM.flatMap(n ->
                pair(append(batch[0], m, k), append(batch[1], k, n))))));
    }

    /** x [lead…, in] (rank 1–3), weight [out, in] and, with a bias, bias [out]. */
    private static Gen<List<Tensor>> linearInputs(boolean bias) {
        return TensorGen.shapes(0, 2, 1, 3).flatMap(lead -> DIM.flatMap(in -> DIM.flatMap(out -> {
            Gen<List<Tensor>> xw = pair(append(lead, in), new int[] {out, in});
            return bias ? xw.zip(TensorGen.tensors(new int[] {out}, Domain.REAL, DType.FLOAT64),
                    (p, b) -> List.of(p.get(0), p.get(1), b)) : xw;
        })));
    }

    /** Calls linear must reject: input width differs from the weight's, weight not 2-D, a rank-0 input, mixed dtypes, and (with a bias) a bias of the wrong shape. */
    private static Gen<List<Tensor>> invalidLinear(boolean bias) {
        return DIM.flatMap(k -> {
            List<List<Tensor>> cases = new java.util.ArrayList<>(List.of(
                    linearCall(bias, Tensor.zeros(DType.FLOAT64, 2, k), Tensor.zeros(DType.FLOAT64, 3, k + 1)),
                    linearCall(bias, Tensor.zeros(DType.FLOAT64, 2, k), Tensor.zeros(DType.FLOAT64, 3, k, 1)),
                    linearCall(bias, Tensor.zeros(DType.FLOAT64), Tensor.zeros(DType.FLOAT64, 3, k)),
                    linearCall(bias, Tensor.zeros(DType.FLOAT32, 2, k), Tensor.zeros(DType.FLOAT64, 3, k))));
            if (bias) {
                cases.add(List.of(Tensor.zeros(DType.FLOAT64, 2, k), Tensor.zeros(DType.FLOAT64, 3, k), Tensor.zeros(DType.FLOAT64, 4)));
                cases.add(List.of(Tensor.zeros(DType.FLOAT64, 2, k), Tensor.zeros(DType.FLOAT64, 3, k), Tensor.zeros(DType.FLOAT64, 1, 3)));
            }
            return Gen.integers(0, cases.size() - 1).map(cases::get);
        });
    }

    /** x and w, followed by a zero bias of w's output size when {@code bias}. */
    private static List<Tensor> linearCall(boolean bias, Tensor x, Tensor w) {
        return bias ? List.of(x, w, Tensor.zeros(DType.FLOAT64, w.shape()[0])) : List.of(x, w);
    }

    /** Products matmul must reject: inner dims differ, a rank-0 operand, batch dims that do not broadcast, mixed dtypes. */
    private static Gen<List<Tensor>> invalidProducts() {
        Gen<List<Tensor>> innerMismatch = DIM.flatMap(m -> DIM.flatMap(k -> Gen.elements(
                zeros(new int[] {m, k}, new int[] {k + 1, 2}),
                zeros(new int[] {k}, new int[] {k + 1}),
                zeros(new int[] {m, k}, new int[] {k + 2}),
                zeros(new int[] {k + 1}, new int[] {k, m}),
                zeros(new int[] {2, m, k}, new int[] {2, k + 1, 3}))));
        Gen<List<Tensor>> rankZero = DIM.flatMap(k -> Gen.elements(
                zeros(new int[] {}, new int[] {k, 2}),
                zeros(new int[] {k}, new int[] {}),
                zeros(new int[] {}, new int[] {})));
        Gen<List<Tensor>> batchMismatch = Gen.integers(2, 4).map(b -> zeros(new int[] {b, 2, 3}, new int[] {b + 1, 3, 2}));
        Gen<List<Tensor>> dtypeMismatch = DIM.map(k -> List.of(
                Tensor.zeros(DType.FLOAT32, 2, k), Tensor.zeros(DType.FLOAT64, k, 2)));
        Gen<List<Tensor>> integers = DIM.map(k -> List.of(Tensor.zeros(DType.INT32, 2, k), Tensor.zeros(DType.INT32, k, 2)));
        return Gen.oneOf(innerMismatch, rankZero, batchMismatch, dtypeMismatch, integers);
    }

    /** Pairs outer and dot must reject: an operand that is not 1-D, or mixed dtypes. */
    private static Gen<List<Tensor>> invalidVectorPairs() {
        return DIM.flatMap(k -> Gen.elements(
                zeros(new int[] {}, new int[] {k}),
                zeros(new int[] {k, 2}, new int[] {k}),
                zeros(new int[] {k}, new int[] {2, k}),
                List.of(Tensor.zeros(DType.FLOAT32, k), Tensor.zeros(DType.FLOAT64, k))));
    }

    private static List<Tensor> zeros(int[] a, int[] b) {
        return List.of(Tensor.zeros(DType.FLOAT64, a), Tensor.zeros(DType.FLOAT64, b));
    }

    private static int[] append(int[] shape, int... tail) {
        int[] out = Arrays.copyOf(shape, shape.length + tail.length);
        System.arraycopy(tail, 0, out, shape.length, tail.length);
        return out;
    }
}

package dev.panagrad.core;

import dev.panagrad.core.kernels.GemmKernels;
import dev.panagrad.core.kernels.Parallel;
import java.util.Arrays;

/**
 * Linear algebra with PyTorch's semantics: {@code matmul} (vectors, matrices, batches with broadcast
 * batch dims), {@code outer} and {@code dot}. All of them reduce to one differentiable op,
 * {@link #matmul(Tensor, Tensor, boolean, boolean)}: a batched GEMM with transposed-operand flags. Its
 * gradient rule calls the same op with other flags, so backward never copies a transpose and
 * differentiates again.
 */
final class LinearAlgebra {
    private static final GemmKernels K = GemmKernels.INSTANCE;
    /** From this m·n·k per matrix on, a batch runs one matrix at a time and the kernel splits each product. */
    private static final long BATCH_SPLIT_WORK = 128L * 128 * 128;
    /** The least m·n·k (summed over its matrices) worth one task of a batch split across the pool. */
    private static final long BATCH_GRAIN_WORK = 32L * 32 * 32;

    private LinearAlgebra() {}

    /**
     * PyTorch's {@code matmul}: 1-D·1-D is a dot product (a scalar); a 1-D left operand is a row vector
     * and a 1-D right operand a column vector, their added dimension removed from the result; operands
     * of rank ≥ 2 are stacks of matrices whose batch dims broadcast, e.g. [2,1,3,4]·[5,4,6] → [2,5,3,6].
     */
    static Tensor matmul(Tensor x, Tensor y) {
        int[] xs = x.shapeRef();
        int[] ys = y.shapeRef();
        checkOperands("matmul", x, y);
        if (xs.length == 0 || ys.length == 0) {
            throw new IllegalArgumentException("matmul: both arguments need at least one dimension, got "
                    + Shapes.format(xs) + " and " + Shapes.format(ys) + "; use mul for scalars");
        }
        int xInner = xs[xs.length - 1];
        int yInner = ys.length == 1 ? ys[0] : ys[ys.length - 2];
        if (xInner != yInner) {
            throw new IllegalArgumentException("matmul: cannot multiply " + Shapes.format(xs) + " by " + Shapes.format(ys)
                    + ": inner dimensions " + xInner + " and " + yInner + " differ");
        }
        if (xs.length == 1 && ys.length == 1) {
            return dot(x, y);
        }
        Tensor a = xs.length == 1 ? x.reshape(1, xs[0]) : x;
        Tensor b = ys.length == 1 ? y.reshape(ys[0], 1) : y;
        Tensor z = matmul(a, b, false, false);
        if (xs.length > 1 && ys.length > 1) {
            return z;
        }
        int[] zs = z.shapeRef();
        int drop = xs.length == 1 ? zs.length - 2 : zs.length - 1;
        int[] shape = new int[zs.length - 1];
        for (int d = 0, o = 0; d < zs.length; d++) {
            if (d != drop) {
                shape[o++] = zs[d];
            }
        }
        return z.reshape(shape);
    }

    /** z = Σᵢ xᵢ·yᵢ for two 1-D tensors of one length (a rank-0 result).  ∂x = g·y, ∂y = g·x. */
    static Tensor dot(Tensor x, Tensor y) {
        checkOperands("dot", x, y);
        int[] xs = x.shapeRef();
        int[] ys = y.shapeRef();
        if (xs.length != 1 || ys.length != 1) {
            throw new IllegalArgumentException("dot: expected two 1-D tensors, got " + Shapes.format(xs) + " and "
                    + Shapes.format(ys) + "; use matmul for matrices");
        }
        if (xs[0] != ys[0]) {
            throw new IllegalArgumentException("dot: cannot multiply " + Shapes.format(xs) + " by " + Shapes.format(ys)
                    + ": lengths " + xs[0] + " and " + ys[0] + " differ");
        }
        return matmul(x.reshape(1, xs[0]), y.reshape(ys[0], 1), false, false).reshape();
    }

    /** z[i, j] = xᵢ·yⱼ for 1-D x and y.  ∂x = g·y, ∂y = gᵀ·x. */
    static Tensor outer(Tensor x, Tensor y) {
        checkOperands("outer", x, y);
        int[] xs = x.shapeRef();
        int[] ys = y.shapeRef();
        if (xs.length != 1 || ys.length != 1) {
            throw new IllegalArgumentException("outer: expected two 1-D tensors, got " + Shapes.format(xs) + " and "
                    + Shapes.format(ys));
        }
        return matmul(x.reshape(xs[0], 1), y.reshape(1, ys[0]), false, false);
    }

    /**
     * The batched GEMM every product above reduces to: z = op(a)·op(b) over the last two dims, where
     * op(a) is a's last two dims transposed when {@code transA} (likewise b), and the batch dims
     * broadcast. With op(a) m×k and op(b) k×n, z is [batch…, m, n] and
     * <ul>
     *   <li>∂op(a) = g·op(b)ᵀ: ∂a = matmul(g, b, false, !transB), or matmul(b, g, transB, true) when transA;</li>
     *   <li>∂op(b) = op(a)ᵀ·g: ∂b = matmul(a, g, !transA, false), or matmul(g, a, true, transA) when transB;</li>
     * </ul>
     * each summed over broadcast batch dims back to its input's shape.
     */
    static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
        checkOperands("matmul", a, b);
        int[] as = a.shapeRef();
        int[] bs = b.shapeRef();
        if (as.length < 2 || bs.length < 2) {
            throw new IllegalArgumentException("matmul: batched product needs operands of rank ≥ 2, got "
                    + Shapes.format(as) + " and " + Shapes.format(bs));
        }
        int ra = as.length;
        int rb = bs.length;
        int m = transA ? as[ra - 1] : as[ra - 2];
        int k = transA ? as[ra - 2] : as[ra - 1];
        int kb = transB ? bs[rb - 1] : bs[rb - 2];
        int n = transB ? bs[rb - 2] : bs[rb - 1];
        if (k != kb) {
            throw new IllegalArgumentException("matmul: cannot multiply " + describe(as, transA) + " by "
                    + describe(bs, transB) + ": inner dimensions " + k + " and " + kb + " differ");
        }
        int[] aBatch = Arrays.copyOf(as, ra - 2);
        int[] bBatch = Arrays.copyOf(bs, rb - 2);
        int[] batch = batchShape(as, bs, aBatch, bBatch, transA, transB);
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = m;
        shape[batch.length + 1] = n;
        Tensor z = Tensor.empty(a.dtype(), shape);
        gemmBatched(a, b, z, aBatch, bBatch, batch, transA, transB, m, n, k);
        return Recorder.record("matmul", z, (g, grads) -> {
            if (ra == 2 && rb == 2 && grads instanceof Tape.Sink sink) { // plain matrices: products into the running sums
                if (transA) {
                    sink.addProduct(a, b, transB, g, true);
                } else {
                    sink.addProduct(a, g, false, b, !transB);
                }
                if (transB) {
                    sink.addProduct(b, g, true, a, transA);
                } else {
                    sink.addProduct(b, a, !transA, g, false);
                }
                return;
            }
            if (grads.needs(a)) {
                Tensor da = transA ? matmul(b, g, transB, true) : matmul(g, b, false, !transB);
                grads.add(a, da.sumTo(a.shapeRef()));
            }
            if (grads.needs(b)) {
                Tensor db = transB ? matmul(g, a, true, transA) : matmul(a, g, !transA, false);
                grads.add(b, db.sumTo(b.shapeRef()));
            }
        }, a, b);
    }

    /**
     * Runs one GEMM per batch index (or one tall GEMM when b has a single matrix and a is not
     * transposed). Products too small to be split by the kernel itself run side by side on the shared
     * pool, one whole matrix per task, so every output element is still computed by one thread in the
     * kernel's fixed order.
     */
    private static void gemmBatched(Tensor a, Tensor b, Tensor z, int[] aBatch, int[] bBatch, int[] batch, boolean transA,
            boolean transB, int m, int n, int k) {
        int count = Shapes.numel(batch);
        int aMatrix = m * k;
        int bMatrix = k * n;
        int lda = transA ? m : k;
        int ldb = transB ? k : n;
        if (count == 0 || m == 0 || n == 0) {
            return;
        }
        if (!transA && Shapes.numel(bBatch) == 1 && Shapes.numel(aBatch) == count) {
            gemm(a, 0, lda, b, 0, ldb, z, 0, false, transB, count * m, n, k);
            return;
        }
        int[] aStrides = Shapes.broadcastStrides(aBatch, batch);
        int[] bStrides = Shapes.broadcastStrides(bBatch, batch);
        long work = (long) m * n * k;
        int grain = work >= BATCH_SPLIT_WORK ? count : (int) Math.max(1, BATCH_GRAIN_WORK / Math.max(1, work));
        Parallel.forRange(count, grain, (t0, t1) -> {
            for (int t = t0; t < t1; t++) {
                int ai = 0;
                int bi = 0;
                for (int d = batch.length - 1, rest = t; d >= 0; rest /= batch[d], d--) {
                    int index = rest % batch[d];
                    ai += index * aStrides[d];
                    bi += index * bStrides[d];
                }
                gemm(a, ai * aMatrix, lda, b, bi * bMatrix, ldb, z, t * m * n, transA, transB, m, n, k);
            }
        });
    }

    private static void gemm(Tensor a, int aOff, int lda, Tensor b, int bOff, int ldb, Tensor z, int zOff, boolean transA,
            boolean transB, int m, int n, int k) {
        gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, z, zOff, n, false);
    }

    /**
     * {@link GemmKernels#gemm} on the storage of floating tensors of one dtype (offsets and leading dims in
     * elements); not recorded. For ops that multiply blocks of larger tensors in place.
     */
    static void gemm(boolean transA, boolean transB, int m, int n, int k, Tensor a, int aOff, int lda, Tensor b, int bOff,
            int ldb, Tensor z, int zOff, int ldz, boolean accumulate) {
        if (z.dtype() == DType.FLOAT32) {
            K.gemm(transA, transB, m, n, k, a.f32(), aOff, lda, b.f32(), bOff, ldb, z.f32(), zOff, ldz, accumulate);
        } else {
            K.gemm(transA, transB, m, n, k, a.f64(), aOff, lda, b.f64(), bOff, ldb, z.f64(), zOff, ldz, accumulate);
        }
    }

    /**
     * {@code c = op(a)·op(b)}, or {@code c += op(a)·op(b)} when {@code accumulate}, for 2-D operands of one dtype
     * and a contiguous [m, n] {@code c}; not recorded. The in-place gradient sums of {@link GradientAccumulator}.
     */
    static void productInto(Tensor a, boolean transA, Tensor b, boolean transB, Tensor c, boolean accumulate) {
        int[] as = a.shapeRef(), bs = b.shapeRef();
        int m = transA ? as[1] : as[0], k = transA ? as[0] : as[1], n = transB ? bs[0] : bs[1];
        gemm(transA, transB, m, n, k, a, 0, as[1], b, 0, bs[1], c, 0, n, accumulate);
    }

    /** The broadcast of the two batch shapes, or an error naming both operands. */
    private static int[] batchShape(int[] as, int[] bs, int[] aBatch, int[] bBatch, boolean transA, boolean transB) {
        try {
            return Shapes.broadcast("matmul", aBatch, bBatch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("matmul: cannot multiply " + describe(as, transA) + " by "
                    + describe(bs, transB) + ": batch dimensions " + Shapes.format(aBatch) + " and "
                    + Shapes.format(bBatch) + " do not broadcast");
        }
    }

    /** A shape as the user passed it, noting an operand read transposed. */
    private static String describe(int[] shape, boolean transposed) {
        return Shapes.format(shape) + (transposed ? " (transposed)" : "");
    }

    /** Both operands floating-point and of one dtype. */
    private static void checkOperands(String op, Tensor x, Tensor y) {
        Elementwise.requireFloating(op, x);
        Elementwise.requireFloating(op, y);
        Elementwise.requireSameDtype(op, x, y);
    }
}

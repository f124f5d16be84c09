package dev.panagrad.core.check;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;

/**
 * Generators of shapes and tensors for property tests. Shapes draw their rank before their
 * dimensions and shrink toward lower rank and smaller dimensions; values shrink toward the simplest
 * point of their {@link Domain} (0 when the domain contains it).
 *
 * {@snippet :
 * Gen<int[]> shapes = TensorGen.shapes(0, 3, 1, 4);             // rank 0–3, dims 1–4
 * Gen<Tensor> xs = TensorGen.tensors(shapes, Domain.REAL, DType.FLOAT64);
 * Gen<Tensor> positive = TensorGen.tensors(shapes, Domain.positive(0.1, 3), DType.FLOAT64);
 * Gen<int[][]> pairs = TensorGen.broadcastShapes(3, 4);          // e.g. [2, 1, 3] and [4, 3]
 * }
 */
public final class TensorGen {
    private TensorGen() {}

    /** Shapes of rank {@code minRank..maxRank} with every dimension in {@code minDim..maxDim}. */
    public static Gen<int[]> shapes(int minRank, int maxRank, int minDim, int maxDim) {
        return shapes(minRank, maxRank, minDim, maxDim, Integer.MAX_VALUE);
    }

    /**
     * Shapes of rank {@code minRank..maxRank}, dimensions in {@code minDim..maxDim}, and at most
     * {@code maxNumel} elements: each dimension's upper bound shrinks to keep the product in budget
     * (never below {@code minDim}, so {@code maxNumel} must allow {@code minDim^maxRank}).
     */
    public static Gen<int[]> shapes(int minRank, int maxRank, int minDim, int maxDim, int maxNumel) {
        if (minRank < 0 || minRank > maxRank || minDim < 0 || minDim > maxDim || maxNumel < Math.pow(minDim, maxRank)) {
            throw new IllegalArgumentException("TensorGen.shapes: invalid bounds rank " + minRank + ".." + maxRank
                    + ", dim " + minDim + ".." + maxDim + ", at most " + maxNumel + " elements");
        }
        return s -> {
            int rank = s.drawInt(minRank, maxRank);
            int[] shape = new int[rank];
            long product = 1;
            for (int d = 0; d < rank; d++) {
                long room = maxNumel / (product * pow(minDim, rank - d - 1));
                shape[d] = s.drawInt(minDim, (int) Math.max(minDim, Math.min(maxDim, room)));
                product *= Math.max(1, shape[d]);
            }
            return shape;
        };
    }

    private static long pow(int base, int exponent) {
        long p = 1;
        for (int i = 0; i < exponent; i++) {
            p *= Math.max(1, base);
        }
        return p;
    }

    /**
     * Shapes of rank {@code minRank..maxRank} with dimensions in {@code 1..maxDim}, where about one
     * dimension in eight is 0 (an empty tensor). Dimensions shrink toward 1; a zero-size dimension
     * stays in a shrunk case only when the failure needs it.
     */
    public static Gen<int[]> shapesWithEmpty(int minRank, int maxRank, int maxDim) {
        if (minRank < 0 || minRank > maxRank || maxDim < 1) {
            throw new IllegalArgumentException("TensorGen.shapesWithEmpty: invalid bounds rank " + minRank + ".." + maxRank
                    + ", dim 1.." + maxDim);
        }
        return s -> {
            int rank = s.drawInt(minRank, maxRank);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                boolean empty = s.draw(7) == 7;
                shape[d] = empty ? 0 : s.drawInt(1, maxDim);
            }
            return shape;
        };
    }

    /**
     * Pairs of shapes that broadcast together (NumPy rules), element 0 and 1 of the result: a common
     * shape of rank {@code 0..maxRank} with dimensions {@code 1..maxDim}, from which each operand drops
     * some leading dimensions and sets each remaining one to 1 with probability 1/2. Rank mismatches
     * and size-1 dimensions are therefore common; shrinking heads toward two equal, small shapes.
     */
    public static Gen<int[][]> broadcastShapes(int maxRank, int maxDim) {
        Gen<int[]> common = shapes(0, maxRank, 1, maxDim);
        return s -> {
            int[] full = common.generate(s);
            return new int[][] {thin(full, s), thin(full, s)};
        };
    }

    private static int[] thin(int[] full, Source s) {
        int drop = s.drawInt(0, full.length);
        int[] shape = new int[full.length - drop];
        for (int d = 0; d < shape.length; d++) {
            // choice 0 keeps the common dimension: shrinking heads toward equal shapes
            shape[d] = s.draw(1) == 1 ? 1 : full[d + drop];
        }
        return shape;
    }

    /** Tensors of a fixed shape with values in {@code domain}, one choice per element. */
    public static Gen<Tensor> tensors(int[] shape, Domain domain, DType dtype) {
        int[] fixed = shape.clone();
        Gen<Double> value = domain.values();
        return s -> {
            int n = 1;
            for (int d : fixed) {
                n *= d;
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = value.generate(s);
            }
            return Tensor.of(v, fixed).to(dtype);
        };
    }

    /** Tensors of generated shapes with values in {@code domain}. */
    public static Gen<Tensor> tensors(Gen<int[]> shapes, Domain domain, DType dtype) {
        return shapes.flatMap(shape -> tensors(shape, domain, dtype));
    }

    /** FLOAT64 tensors of generated shapes with values in {@code domain}: what {@link GradCheck} needs. */
    public static Gen<Tensor> tensors(Gen<int[]> shapes, Domain domain) {
        return tensors(shapes, domain, DType.FLOAT64);
    }

    /** Rank-0 tensors with a value in {@code domain}. */
    public static Gen<Tensor> scalars(Domain domain, DType dtype) {
        return tensors(new int[0], domain, dtype);
    }

    /** INT32 tensors (indices, labels) of generated shapes with values in {@code [min, max]}, shrinking toward 0. */
    public static Gen<Tensor> ints(Gen<int[]> shapes, int min, int max) {
        Gen<Integer> value = Gen.integers(min, max);
        return shapes.flatMap(shape -> s -> {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            int[] v = new int[n];
            for (int i = 0; i < n; i++) {
                v[i] = value.generate(s);
            }
            return Tensor.of(v, shape);
        });
    }
}

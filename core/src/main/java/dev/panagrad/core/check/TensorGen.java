package dev.panagrad.core.check;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;

/**
 * Generators of shapes and tensors for property tests. Shapes shrink toward lower rank and smaller
 * dimensions; values shrink toward the low end of their {@link Domain}.
 */
public final class TensorGen {
    private TensorGen() {}

    /** Shapes of rank {@code minRank..maxRank} with every dimension in {@code minDim..maxDim}. */
    public static Gen<int[]> shapes(int minRank, int maxRank, int minDim, int maxDim) {
        if (minRank < 0 || minRank > maxRank || minDim < 0 || minDim > maxDim) {
            throw new IllegalArgumentException("TensorGen.shapes: invalid bounds rank " + minRank + ".." + maxRank
                    + ", dim " + minDim + ".." + maxDim);
        }
        return s -> {
            int rank = s.drawInt(minRank, maxRank);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = s.drawInt(minDim, maxDim);
            }
            return shape;
        };
    }

    /**
     * Pairs of shapes that broadcast together (NumPy rules): a common shape from which each operand
     * drops some leading dims and sets some dims to 1. Element 0 and 1 of the result are the two shapes.
     */
    public static Gen<int[][]> broadcastShapes(int maxRank, int maxDim) {
        return s -> {
            int[] full = shapes(0, maxRank, 1, maxDim).generate(s);
            return new int[][] {thin(full, s), thin(full, s)};
        };
    }

    private static int[] thin(int[] full, Source s) {
        int drop = s.drawInt(0, full.length);
        int[] shape = new int[full.length - drop];
        for (int d = 0; d < shape.length; d++) {
            // choice 0 keeps the full dimension: shrinking heads toward equal shapes
            shape[d] = s.draw(1) == 1 ? 1 : full[d + drop];
        }
        return shape;
    }

    /** Tensors of a fixed shape with values in {@code domain}. */
    public static Gen<Tensor> tensors(int[] shape, Domain domain, DType dtype) {
        int[] fixed = shape.clone();
        Gen<Double> value = Gen.doubles(domain.lo(), domain.hi()).map(domain::nudge);
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
}

package dev.panagrad.core;

import java.util.Arrays;

/** Shape arithmetic shared by all ops: sizes, strides, broadcasting and dimension checks. */
final class Shapes {
    private Shapes() {}

    /** Number of elements of a shape; the empty shape (a scalar) has one. Throws on int overflow. */
    static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + format(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** Row-major (C order) strides of a contiguous tensor of this shape. */
    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= shape[i];
        }
        return s;
    }

    /** Shape as PyTorch prints it: {@code [2, 3]}. */
    static String format(int[] shape) {
        return Arrays.toString(shape);
    }

    /** NumPy broadcast of two shapes, or an exception naming the op and both shapes. */
    static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": cannot broadcast shapes " + format(a) + " and " + format(b)
                        + ": dimension " + i + " is " + da + " vs " + db);
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Strides for reading a tensor of {@code shape} as if it had the broadcast shape {@code target}:
     * broadcast dimensions get stride 0.
     */
    static int[] broadcastStrides(int[] shape, int[] target) {
        int[] own = strides(shape);
        int[] s = new int[target.length];
        int lead = target.length - shape.length;
        for (int i = lead; i < target.length; i++) {
            s[i] = shape[i - lead] == 1 && target[i] != 1 ? 0 : own[i - lead];
        }
        return s;
    }

    /** A dimension index in {@code [-rank, rank)} turned into {@code [0, rank)}, or a clear exception. */
    static int dim(String op, int dim, int rank) {
        int r = Math.max(rank, 1);
        if (dim < -r || dim >= r) {
            throw new IllegalArgumentException(op + ": dimension " + dim + " is out of range for a tensor of rank "
                    + rank + " (expected in [" + (-r) + ", " + (r - 1) + "])");
        }
        return dim < 0 ? dim + r : dim;
    }

    /** Validates a user-given shape: no negative sizes. */
    static int[] checkShape(String op, int[] shape) {
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(op + ": negative dimension in shape " + format(shape));
            }
        }
        numel(shape);
        return shape.clone();
    }
}

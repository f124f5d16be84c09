package dev.panagrad.core;

import java.util.Arrays;

/**
 * An immutable n-dimensional array: a shape (rank 0 and up), a {@link DType} and contiguous row-major
 * storage. Every op returns a new tensor; ops whose inputs a {@link Tape} tracks are recorded on it,
 * which is how gradients — of any order — are computed.
 *
 * <p>Method names are PyTorch's, in camelCase. Binary ops broadcast as NumPy does and require equal
 * dtypes (no implicit promotion: convert with {@link #to(DType)}). Bad input throws an
 * {@link IllegalArgumentException} naming the op and the offending shapes, dims or dtypes.
 *
 * <p>The one mutation is {@link #assign}, used by optimizers to update a parameter in place; a
 * version counter makes a later gradient computation that saved the old value fail loudly.
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final Storage storage;
    private boolean requiresGrad;
    /** The recorded op that produced this tensor, if any (autodiff metadata, not part of the value). */
    TapeEntry producer;

    /** Backing array plus the version counter shared by every tensor that views it. */
    static final class Storage {
        final Object array;
        int version;

        Storage(Object array) {
            this.array = array;
        }
    }

    private Tensor(DType dtype, int[] shape, Storage storage) {
        this.dtype = dtype;
        this.shape = shape;
        this.storage = storage;
    }

    // ------------------------------------------------------------------ internal construction

    /** Wraps an array without copying; the caller hands over ownership. */
    static Tensor wrap(DType dtype, int[] shape, Object array) {
        return new Tensor(dtype, shape, new Storage(array));
    }

    /** A new tensor sharing this one's storage under another shape of the same size. */
    Tensor withShape(int[] newShape) {
        return new Tensor(dtype, newShape, storage);
    }

    /** Allocates an uninitialised (zero-filled) tensor. */
    static Tensor empty(DType dtype, int[] shape) {
        int n = Shapes.numel(shape);
        Object array = switch (dtype) {
            case FLOAT32 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT32 -> new int[n];
        };
        return wrap(dtype, shape, array);
    }

    float[] f32() {
        return (float[]) storage.array;
    }

    double[] f64() {
        return (double[]) storage.array;
    }

    int[] i32() {
        return (int[]) storage.array;
    }

    Object array() {
        return storage.array;
    }

    /** The shape without a defensive copy; callers must not modify it. */
    int[] shapeRef() {
        return shape;
    }

    int version() {
        return storage.version;
    }

    /** Element {@code i} in row-major order, as a double. */
    double flatDouble(int i) {
        return switch (dtype) {
            case FLOAT32 -> f32()[i];
            case FLOAT64 -> f64()[i];
            case INT32 -> i32()[i];
        };
    }

    // ------------------------------------------------------------------ creation

    /** A FLOAT32 tensor holding a copy of {@code values} with the given shape. */
    public static Tensor of(float[] values, int... shape) {
        return wrap(DType.FLOAT32, checkSize("of", values.length, shape), values.clone());
    }

    /** A FLOAT64 tensor holding a copy of {@code values} with the given shape. */
    public static Tensor of(double[] values, int... shape) {
        return wrap(DType.FLOAT64, checkSize("of", values.length, shape), values.clone());
    }

    /** An INT32 tensor holding a copy of {@code values} with the given shape. */
    public static Tensor of(int[] values, int... shape) {
        return wrap(DType.INT32, checkSize("of", values.length, shape), values.clone());
    }

    /** A rank-0 FLOAT32 tensor. */
    public static Tensor scalar(double value) {
        return full(value, DType.FLOAT32);
    }

    /** A rank-0 tensor of the given dtype. */
    public static Tensor scalar(double value, DType dtype) {
        return full(value, dtype);
    }

    /** FLOAT32 zeros. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    /** Zeros of the given dtype. */
    public static Tensor zeros(DType dtype, int... shape) {
        return empty(dtype, Shapes.checkShape("zeros", shape));
    }

    /** FLOAT32 ones. */
    public static Tensor ones(int... shape) {
        return full(1.0, DType.FLOAT32, shape);
    }

    /** Ones of the given dtype. */
    public static Tensor ones(DType dtype, int... shape) {
        return full(1.0, dtype, shape);
    }

    /** A FLOAT32 tensor filled with {@code value}. */
    public static Tensor full(double value, int... shape) {
        return full(value, DType.FLOAT32, shape);
    }

    /** A tensor of the given dtype filled with {@code value} (truncated toward zero for INT32). */
    public static Tensor full(double value, DType dtype, int... shape) {
        Tensor t = empty(dtype, Shapes.checkShape("full", shape));
        switch (dtype) {
            case FLOAT32 -> Arrays.fill(t.f32(), (float) value);
            case FLOAT64 -> Arrays.fill(t.f64(), value);
            case INT32 -> Arrays.fill(t.i32(), (int) value);
        }
        return t;
    }

    /** FLOAT32 {@code [0, 1, …, end-1]} (PyTorch's {@code arange(end)}). */
    public static Tensor arange(double end) {
        return arange(0, end, 1, DType.FLOAT32);
    }

    /** Values {@code start, start+step, …} strictly before {@code end}, as PyTorch's {@code arange}. */
    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || !Double.isFinite(start) || !Double.isFinite(end) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("arange: need finite start, end and a non-zero step, got start=" + start
                    + ", end=" + end + ", step=" + step);
        }
        double count = Math.ceil((end - start) / step);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange: " + count + " elements is too many");
        }
        int n = (int) Math.max(0, count);
        Tensor t = empty(dtype, new int[] {n});
        for (int i = 0; i < n; i++) {
            t.setFlat(i, start + i * step);
        }
        return t;
    }

    /** {@code steps} FLOAT32 values evenly spaced from {@code start} to {@code end} inclusive. */
    public static Tensor linspace(double start, double end, int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("linspace: steps must be non-negative, got " + steps);
        }
        Tensor t = empty(DType.FLOAT32, new int[] {steps});
        double delta = steps > 1 ? (end - start) / (steps - 1) : 0;
        for (int i = 0; i < steps; i++) {
            t.setFlat(i, i == steps - 1 && steps > 1 ? end : start + i * delta);
        }
        return t;
    }

    /** The FLOAT32 {@code n × n} identity matrix. */
    public static Tensor eye(int n) {
        return eye(n, n, DType.FLOAT32);
    }

    /** An {@code n × m} matrix with ones on the diagonal. */
    public static Tensor eye(int n, int m, DType dtype) {
        Tensor t = zeros(dtype, n, m);
        for (int i = 0; i < Math.min(n, m); i++) {
            t.setFlat(i * m + i, 1);
        }
        return t;
    }

    /** FLOAT32 values uniform in [0, 1). */
    public static Tensor rand(Rng rng, int... shape) {
        return rand(rng, DType.FLOAT32, shape);
    }

    /** Values uniform in [0, 1) of a floating dtype. */
    public static Tensor rand(Rng rng, DType dtype, int... shape) {
        Tensor t = empty(floating("rand", dtype), Shapes.checkShape("rand", shape));
        for (int i = 0, n = t.numel(); i < n; i++) {
            t.setFlat(i, rng.nextDouble());
        }
        return t;
    }

    /** FLOAT32 standard-normal values. */
    public static Tensor randn(Rng rng, int... shape) {
        return randn(rng, DType.FLOAT32, shape);
    }

    /** Standard-normal values of a floating dtype. */
    public static Tensor randn(Rng rng, DType dtype, int... shape) {
        Tensor t = empty(floating("randn", dtype), Shapes.checkShape("randn", shape));
        for (int i = 0, n = t.numel(); i < n; i++) {
            t.setFlat(i, rng.nextGaussian());
        }
        return t;
    }

    /** INT32 values uniform in [low, high). */
    public static Tensor randint(Rng rng, int low, int high, int... shape) {
        if (low >= high) {
            throw new IllegalArgumentException("randint: need low < high, got low=" + low + ", high=" + high);
        }
        Tensor t = empty(DType.INT32, Shapes.checkShape("randint", shape));
        int[] a = t.i32();
        for (int i = 0; i < a.length; i++) {
            a[i] = rng.nextInt(low, high);
        }
        return t;
    }

    /** Zeros with the shape and dtype of {@code t}. */
    public static Tensor zerosLike(Tensor t) {
        return empty(t.dtype, t.shape.clone());
    }

    /** Ones with the shape and dtype of {@code t}. */
    public static Tensor onesLike(Tensor t) {
        return full(1.0, t.dtype, t.shape);
    }

    /** {@code value} everywhere, with the shape and dtype of {@code t}. */
    public static Tensor fullLike(Tensor t, double value) {
        return full(value, t.dtype, t.shape);
    }

    /** Uniform [0, 1) values with the shape and dtype of {@code t}. */
    public static Tensor randLike(Rng rng, Tensor t) {
        return rand(rng, t.dtype, t.shape);
    }

    /** Standard-normal values with the shape and dtype of {@code t}. */
    public static Tensor randnLike(Rng rng, Tensor t) {
        return randn(rng, t.dtype, t.shape);
    }

    private static int[] checkSize(String op, int length, int[] shape) {
        int[] s = Shapes.checkShape(op, shape);
        if (Shapes.numel(s) != length) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + Shapes.format(s)
                    + " (" + Shapes.numel(s) + " elements)");
        }
        return s;
    }

    private static DType floating(String op, DType dtype) {
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": needs a floating dtype, got " + dtype);
        }
        return dtype;
    }

    private void setFlat(int i, double v) {
        switch (dtype) {
            case FLOAT32 -> f32()[i] = (float) v;
            case FLOAT64 -> f64()[i] = v;
            case INT32 -> i32()[i] = (int) v;
        }
    }

    // ------------------------------------------------------------------ reading back

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The rank: number of dimensions (0 for a scalar). */
    public int dim() {
        return shape.length;
    }

    /** The size of dimension {@code d} (negative counts from the end). */
    public int size(int d) {
        return shape[Shapes.dim("size", d, shape.length)];
    }

    /** Number of elements. */
    public int numel() {
        return Shapes.numel(shape);
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item: only a one-element tensor has an item, got shape " + Shapes.format(shape));
        }
        return flatDouble(0);
    }

    /** The element at {@code index} (one index per dimension), as a double. */
    public double get(int... index) {
        return flatDouble(flatIndex(index));
    }

    /** The element at {@code index} of an INT32 tensor. */
    public int getInt(int... index) {
        if (dtype != DType.INT32) {
            throw new IllegalArgumentException("getInt: tensor is " + dtype + ", not INT32");
        }
        return i32()[flatIndex(index)];
    }

    private int flatIndex(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("get: " + index.length + " indices for a tensor of rank " + shape.length);
        }
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IllegalArgumentException("get: index " + index[d] + " is out of range for dimension " + d
                        + " of size " + shape[d]);
            }
            flat = flat * shape[d] + i;
        }
        return flat;
    }

    /** The values in row-major order, converted to float. */
    public float[] toFloatArray() {
        return switch (dtype) {
            case FLOAT32 -> f32().clone();
            default -> {
                float[] out = new float[numel()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) flatDouble(i);
                }
                yield out;
            }
        };
    }

    /** The values in row-major order, converted to double. */
    public double[] toDoubleArray() {
        double[] out = new double[numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = flatDouble(i);
        }
        return out;
    }

    /** The values in row-major order, converted to int (floats truncated toward zero). */
    public int[] toIntArray() {
        if (dtype == DType.INT32) {
            return i32().clone();
        }
        int[] out = new int[numel()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) flatDouble(i);
        }
        return out;
    }

    // ------------------------------------------------------------------ autodiff metadata

    /** Whether every tape tracks this tensor (a trainable parameter). */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks this tensor as a source of gradients for every tape (or unmarks it, to freeze a parameter).
     * This changes metadata only, not the value; returns this tensor.
     */
    public Tensor requiresGrad(boolean flag) {
        if (flag && !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("requiresGrad: only floating-point tensors can require gradients, got " + dtype);
        }
        this.requiresGrad = flag;
        return this;
    }

    /** The same values, cut from every tape: gradients do not flow through the result. Shares storage. */
    public Tensor detach() {
        return new Tensor(dtype, shape, storage);
    }

    /**
     * Overwrites this tensor's values with {@code value}'s (same shape and dtype), in place. Meant for
     * optimizer updates; not differentiable, and not allowed while a tape records it as an op output.
     * Bumps the version counter, so a pending gradient computation that saved this tensor fails.
     */
    public void assign(Tensor value) {
        if (!Arrays.equals(shape, value.shape) || dtype != value.dtype) {
            throw new IllegalArgumentException("assign: cannot assign " + Shapes.format(value.shape) + " " + value.dtype
                    + " to " + Shapes.format(shape) + " " + dtype);
        }
        if (producer != null && producer.rule != null) {
            throw new IllegalStateException("assign: this tensor is the output of a recorded op (" + producer.name
                    + "); only leaf tensors such as parameters can be updated in place");
        }
        System.arraycopy(value.storage.array, 0, storage.array, 0, numel());
        storage.version++;
    }

    // ------------------------------------------------------------------ elementwise (Elementwise.java)

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return Elementwise.add(this, other);
    }

    /** {@code this + value}. */
    public Tensor add(double value) {
        return Elementwise.add(this, scalarLike(value));
    }

    /** {@code this - other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return Elementwise.sub(this, other);
    }

    /** {@code this - value}. */
    public Tensor sub(double value) {
        return Elementwise.sub(this, scalarLike(value));
    }

    /** {@code this ⊙ other}, broadcasting. */
    public Tensor mul(Tensor other) {
        return Elementwise.mul(this, other);
    }

    /** {@code this · value}. */
    public Tensor mul(double value) {
        return Elementwise.mul(this, scalarLike(value));
    }

    /** {@code this / other}, broadcasting. */
    public Tensor div(Tensor other) {
        return Elementwise.div(this, other);
    }

    /** {@code this / value}. */
    public Tensor div(double value) {
        return Elementwise.div(this, scalarLike(value));
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Elementwise.neg(this);
    }

    /** {@code eˣ}. */
    public Tensor exp() {
        return Elementwise.exp(this);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return Elementwise.log(this);
    }

    /** A rank-0 constant of this tensor's dtype, for the scalar overloads. */
    Tensor scalarLike(double value) {
        return full(value, dtype);
    }

    // ------------------------------------------------------------------ end of elementwise

    // ------------------------------------------------------------------ reductions (Reductions.java)

    /** Sum of all elements (a scalar). */
    public Tensor sum() {
        return Reductions.sum(this, allDims(), false);
    }

    /** Sum over {@code dims}; {@code keepDim} keeps them as size 1. */
    public Tensor sum(int[] dims, boolean keepDim) {
        return Reductions.sum(this, dims, keepDim);
    }

    /** Sum over one dimension. */
    public Tensor sum(int dim, boolean keepDim) {
        return Reductions.sum(this, new int[] {dim}, keepDim);
    }

    /**
     * Sums broadcast dimensions away so the result has {@code targetShape}: the inverse of broadcasting
     * {@code targetShape} to this tensor's shape (PyTorch's {@code sum_to_size}). Gradient rules use it.
     */
    public Tensor sumTo(int... targetShape) {
        return Reductions.sumTo(this, targetShape);
    }

    int[] allDims() {
        int[] d = new int[shape.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = i;
        }
        return d;
    }

    // ------------------------------------------------------------------ end of reductions

    // ------------------------------------------------------------------ linear algebra (LinearAlgebra.java)

    /**
     * Matrix product with PyTorch's {@code matmul} semantics: 1-D·1-D is the dot product (a scalar);
     * a 1-D left operand is a row vector and a 1-D right operand a column vector (the added dimension
     * is removed from the result); higher ranks are stacks of matrices whose batch dims broadcast, e.g.
     * {@code [2,1,3,4]·[5,4,6] → [2,5,3,6]}. Gradients: ∂x = g·yᵀ, ∂y = xᵀ·g (summed over broadcast batch
     * dims), computed without copying a transpose.
     */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other);
    }

    /** The inner product {@code Σᵢ thisᵢ·otherᵢ} of two 1-D tensors of one length, as a scalar. */
    public Tensor dot(Tensor other) {
        return LinearAlgebra.dot(this, other);
    }

    /** The outer product of two 1-D tensors: {@code z[i, j] = thisᵢ·otherⱼ}, shape {@code [n, m]}. */
    public Tensor outer(Tensor other) {
        return LinearAlgebra.outer(this, other);
    }

    // ------------------------------------------------------------------ end of linear algebra

    // ------------------------------------------------------------------ shape and indexing (ShapeOps.java)

    /** A view of the same values under {@code newShape} (one entry may be -1); shares storage. */
    public Tensor reshape(int... newShape) {
        return ShapeOps.reshape(this, newShape);
    }

    /**
     * This tensor's values as {@code dtype} (a copy; this tensor itself when the dtype already matches).
     * Differentiable between floating dtypes; conversion to INT32 truncates toward zero.
     */
    public Tensor to(DType dtype) {
        return ShapeOps.to(this, dtype);
    }

    /** Broadcasts to {@code targetShape} (PyTorch's {@code expand}); the gradient sums back. */
    public Tensor expand(int... targetShape) {
        return ShapeOps.expand(this, targetShape);
    }

    // ------------------------------------------------------------------ end of shape and indexing

    // ------------------------------------------------------------------ neural (Convolution.java, Pooling.java)

    // ------------------------------------------------------------------ end of neural

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}

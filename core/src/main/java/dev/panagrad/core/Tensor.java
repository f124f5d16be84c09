package dev.panagrad.core;

import dev.panagrad.core.kernels.Parallel;
import dev.panagrad.core.kernels.ReductionKernels.Extreme;
import java.util.Arrays;
import java.util.List;

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
        StridedCopy.fill(t.array(), value);
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
        Tensor t = empty(dtype, Shapes.checkShape("eye", new int[] {n, m}));
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

    /**
     * Standard-normal values of a floating dtype: the values of successive {@link Rng#nextGaussian} calls. The
     * uniform draws are taken in stream order first; the transcendental part of each transform (a logarithm, a
     * square root and a cosine, most of the time) then runs on the pool for larger tensors, with the same result.
     */
    public static Tensor randn(Rng rng, DType dtype, int... shape) {
        Tensor t = empty(floating("randn", dtype), Shapes.checkShape("randn", shape));
        int n = t.numel();
        double[] uniforms = new double[2 * Math.min(n, RANDN_BATCH)];
        Object out = t.array();
        for (int start = 0; start < n; start += RANDN_BATCH) { // a bounded buffer, however large the tensor
            int base = start, count = Math.min(RANDN_BATCH, n - start);
            for (int i = 0; i < 2 * count; i++) {
                uniforms[i] = rng.nextDouble();
            }
            Parallel.forRange(count, RANDN_GRAIN, (from, to) -> {
                for (int i = from; i < to; i++) {
                    double g = Rng.boxMuller(uniforms[2 * i], uniforms[2 * i + 1]);
                    if (out instanceof float[] f) {
                        f[base + i] = (float) g;
                    } else {
                        ((double[]) out)[base + i] = g;
                    }
                }
            });
        }
        return t;
    }

    /** Normals per chunk of {@link #randn}'s pool split: about 20 ns each. */
    private static final int RANDN_GRAIN = 1024;
    /** Normals whose uniform draws {@link #randn} buffers at a time (1 MiB of doubles). */
    private static final int RANDN_BATCH = 1 << 16;

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
        if (shape.length == 0) {
            throw new IllegalArgumentException("size: a rank-0 tensor has no dimension " + d);
        }
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
        return flatDouble(flatIndex("get", index));
    }

    /** The element at {@code index} of an INT32 tensor. */
    public int getInt(int... index) {
        if (dtype != DType.INT32) {
            throw new IllegalArgumentException("getInt: tensor is " + dtype + ", not INT32");
        }
        return i32()[flatIndex("getInt", index)];
    }

    private int flatIndex(String op, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": " + index.length + " indices for a tensor of rank " + shape.length);
        }
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IllegalArgumentException(op + ": index " + index[d] + " is out of range for dimension " + d
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

    /**
     * A copy with storage of its own (PyTorch's {@code clone}): later in-place writes to either tensor do not
     * reach the other. Differentiable: the gradient passes through unchanged.
     */
    @Override
    public Tensor clone() {
        return ShapeOps.copy(this);
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
        requireLeaf("assign");
        System.arraycopy(value.storage.array, 0, storage.array, 0, numel());
        storage.version++;
    }

    /** Throws unless this tensor may be updated in place: it is not the output of a recorded op. */
    void requireLeaf(String op) {
        if (producer != null && producer.rule != null) {
            throw new IllegalStateException(op + ": this tensor is the output of a recorded op (" + producer.name
                    + "); only leaf tensors such as parameters can be updated in place");
        }
    }

    /** Counts an in-place update of this tensor's storage, which the tape checks before replaying a rule that saved it. */
    void bumpVersion() {
        storage.version++;
    }

    // ------------------------------------------------------------------ elementwise (Elementwise.java)
    // Element-wise ops broadcast as NumPy does; see Elementwise, Activations and Comparisons for the
    // formulas and gradient rules. Arithmetic and functions need a floating dtype; comparisons and
    // where also accept INT32.

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return Elementwise.add(this, other);
    }

    /** {@code this + value}. */
    public Tensor add(double value) {
        return Elementwise.add(this, scalarLike(value));
    }

    /**
     * {@code this + alpha·other}, broadcasting (PyTorch's {@code add(other, alpha=...)}): one pass,
     * rounded exactly as {@code add(other.mul(alpha))}. Differentiable in both tensors.
     */
    public Tensor add(Tensor other, double alpha) {
        return Elementwise.add(this, other, alpha);
    }

    /**
     * {@code this + value·(tensor1 ⊙ tensor2)}, broadcasting all three (PyTorch's {@code addcmul}): one
     * pass, rounded exactly as {@code add(tensor1.mul(tensor2).mul(value))} (the product first, then the
     * scale; PyTorch scales tensor1 first). Differentiable in all three tensors; optimizers use it for
     * running averages of squared gradients.
     */
    public Tensor addcmul(Tensor tensor1, Tensor tensor2, double value) {
        return Elementwise.addcmul(this, tensor1, tensor2, value);
    }

    /**
     * {@code this + value·(tensor1 / tensor2)}, broadcasting all three (PyTorch's {@code addcdiv}): one
     * pass, rounded exactly as {@code add(tensor1.div(tensor2).mul(value))}. Differentiable in all three
     * tensors; the gradient is 0 wherever the incoming gradient is 0, even where tensor2 = 0.
     */
    public Tensor addcdiv(Tensor tensor1, Tensor tensor2, double value) {
        return Elementwise.addcdiv(this, tensor1, tensor2, value);
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

    /** {@code this / other}, broadcasting. The gradient is 0 wherever the incoming gradient is 0, even where other = 0. */
    public Tensor div(Tensor other) {
        return Elementwise.div(this, other);
    }

    /** {@code this / value}. */
    public Tensor div(double value) {
        return Elementwise.div(this, scalarLike(value));
    }

    /** {@code thisᵉˣᵖᵒⁿᵉⁿᵗ} element-wise, broadcasting, with {@link Math#pow} semantics; differentiable in both. */
    public Tensor pow(Tensor exponent) {
        return Elementwise.pow(this, exponent);
    }

    /** {@code thisᵖ} for a constant exponent, with {@link Math#pow} semantics. */
    public Tensor pow(double exponent) {
        return Elementwise.pow(this, exponent);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Elementwise.neg(this);
    }

    /** {@code |this|}; its derivative at 0 is taken as 0. */
    public Tensor abs() {
        return Elementwise.abs(this);
    }

    /** −1, 0 or 1 by sign (±0 and NaN kept); its gradient is 0 everywhere. */
    public Tensor sign() {
        return Elementwise.sign(this);
    }

    /** {@code this²}. */
    public Tensor square() {
        return Elementwise.square(this);
    }

    /** {@code 1 / this}. */
    public Tensor reciprocal() {
        return Elementwise.reciprocal(this);
    }

    /** Square root. The gradient is 0 wherever the incoming gradient is 0, even at 0 (so {@code where(x.gt(0), x.sqrt(), 0)} is safe). */
    public Tensor sqrt() {
        return Elementwise.sqrt(this);
    }

    /** {@code 1 / √this}. */
    public Tensor rsqrt() {
        return Elementwise.rsqrt(this);
    }

    /** {@code eˣ}. */
    public Tensor exp() {
        return Elementwise.exp(this);
    }

    /** {@code eˣ − 1}, accurate for small x. */
    public Tensor expm1() {
        return Elementwise.expm1(this);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return Elementwise.log(this);
    }

    /** {@code ln(1 + x)}, accurate for small x. */
    public Tensor log1p() {
        return Elementwise.log1p(this);
    }

    /** Sine (radians). */
    public Tensor sin() {
        return Elementwise.sin(this);
    }

    /** Cosine (radians). */
    public Tensor cos() {
        return Elementwise.cos(this);
    }

    /** The error function {@code erf x = 2/√π ∫₀ˣ e^(−t²) dt}. */
    public Tensor erf() {
        return Elementwise.erf(this);
    }

    /** Element-wise maximum, broadcasting; at ties the gradient is split evenly between both inputs. */
    public Tensor maximum(Tensor other) {
        return Elementwise.maximum(this, other);
    }

    /** Element-wise minimum, broadcasting; at ties the gradient is split evenly between both inputs. */
    public Tensor minimum(Tensor other) {
        return Elementwise.minimum(this, other);
    }

    /** Values limited to {@code [min, max]}; the gradient passes where min ≤ x ≤ max. */
    public Tensor clamp(double min, double max) {
        return Elementwise.clamp("clamp", this, min, max);
    }

    /** Values limited from below by {@code min}; the gradient passes where x ≥ min. */
    public Tensor clampMin(double min) {
        return Elementwise.clamp("clampMin", this, min, Double.POSITIVE_INFINITY);
    }

    /** Values limited from above by {@code max}; the gradient passes where x ≤ max. */
    public Tensor clampMax(double max) {
        return Elementwise.clamp("clampMax", this, Double.NEGATIVE_INFINITY, max);
    }

    /** Hyperbolic tangent; saturates cleanly to ±1. */
    public Tensor tanh() {
        return Activations.tanh(this);
    }

    /** The logistic function {@code 1/(1 + e^−x)}, finite and accurate for any input. */
    public Tensor sigmoid() {
        return Activations.sigmoid(this);
    }

    /** {@code max(x, 0)}; relu'(0) = 0. */
    public Tensor relu() {
        return Activations.relu(this);
    }

    /** Leaky ReLU with PyTorch's default negative slope 0.01. */
    public Tensor leakyRelu() {
        return Activations.leakyRelu(this, 0.01);
    }

    /** {@code x > 0 ? x : negativeSlope·x}. */
    public Tensor leakyRelu(double negativeSlope) {
        return Activations.leakyRelu(this, negativeSlope);
    }

    /** ELU with alpha 1. */
    public Tensor elu() {
        return Activations.elu(this, 1);
    }

    /** {@code x > 0 ? x : alpha·(eˣ − 1)}. */
    public Tensor elu(double alpha) {
        return Activations.elu(this, alpha);
    }

    /** Exact GELU, {@code x·Φ(x)} with Φ the standard normal CDF. */
    public Tensor gelu() {
        return Activations.gelu(this, "none");
    }

    /** GELU: {@code "none"} for the exact form, {@code "tanh"} for {@code ½x(1 + tanh(√(2/π)(x + 0.044715x³)))}, as PyTorch. */
    public Tensor gelu(String approximate) {
        return Activations.gelu(this, approximate);
    }

    /** SiLU (swish), {@code x·σ(x)}. */
    public Tensor silu() {
        return Activations.silu(this);
    }

    /** Softplus with PyTorch's defaults, beta 1 and threshold 20. */
    public Tensor softplus() {
        return Activations.softplus(this, 1, 20);
    }

    /** {@code ln(1 + e^(βx))/β}, and x itself where βx > threshold; finite for any input. */
    public Tensor softplus(double beta, double threshold) {
        return Activations.softplus(this, beta, threshold);
    }

    /** {@code this == other} as an INT32 mask of 1 and 0, broadcasting; any dtype, not differentiable. */
    public Tensor eq(Tensor other) {
        return Comparisons.compare("eq", this, other);
    }

    /** {@code this == value} as an INT32 mask. */
    public Tensor eq(double value) {
        return Comparisons.compare("eq", this, value);
    }

    /** {@code this != other} as an INT32 mask (1 where either is NaN). */
    public Tensor ne(Tensor other) {
        return Comparisons.compare("ne", this, other);
    }

    /** {@code this != value} as an INT32 mask. */
    public Tensor ne(double value) {
        return Comparisons.compare("ne", this, value);
    }

    /** {@code this < other} as an INT32 mask. */
    public Tensor lt(Tensor other) {
        return Comparisons.compare("lt", this, other);
    }

    /** {@code this < value} as an INT32 mask. */
    public Tensor lt(double value) {
        return Comparisons.compare("lt", this, value);
    }

    /** {@code this <= other} as an INT32 mask. */
    public Tensor le(Tensor other) {
        return Comparisons.compare("le", this, other);
    }

    /** {@code this <= value} as an INT32 mask. */
    public Tensor le(double value) {
        return Comparisons.compare("le", this, value);
    }

    /** {@code this > other} as an INT32 mask. */
    public Tensor gt(Tensor other) {
        return Comparisons.compare("gt", this, other);
    }

    /** {@code this > value} as an INT32 mask. */
    public Tensor gt(double value) {
        return Comparisons.compare("gt", this, value);
    }

    /** {@code this >= other} as an INT32 mask. */
    public Tensor ge(Tensor other) {
        return Comparisons.compare("ge", this, other);
    }

    /** {@code this >= value} as an INT32 mask. */
    public Tensor ge(double value) {
        return Comparisons.compare("ge", this, value);
    }

    /**
     * {@code mask ≠ 0 ? a : b} element-wise, broadcasting all three; mask is INT32 (a comparison's result).
     * The gradient is a select, so a NaN or ∞ in the branch not taken never reaches it.
     */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        return Comparisons.where(mask, a, b);
    }

    /** {@code mask ≠ 0 ? a : b} with a constant b of a's dtype. */
    public static Tensor where(Tensor mask, Tensor a, double b) {
        return Comparisons.where(mask, a, a.scalarLike(b));
    }

    /** {@code mask ≠ 0 ? a : b} with a constant a of b's dtype. */
    public static Tensor where(Tensor mask, double a, Tensor b) {
        return Comparisons.where(mask, b.scalarLike(a), b);
    }

    /** A rank-0 constant of this tensor's dtype, for the scalar overloads. */
    Tensor scalarLike(double value) {
        return full(value, dtype);
    }

    // ------------------------------------------------------------------ end of elementwise

    // ------------------------------------------------------------------ reductions (Reductions.java)

    /**
     * The result of {@link #max(int, boolean)} and {@link #min(int, boolean)}, like PyTorch's
     * {@code (values, indices)} pair.
     *
     * @param values  the extreme values (differentiable)
     * @param indices INT32 positions along the reduced dim of the first element holding each extreme
     */
    public record ValuesAndIndices(Tensor values, Tensor indices) {}

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

    /** Mean of all elements (a scalar; NaN for an empty tensor). */
    public Tensor mean() {
        return Reductions.mean(this, allDims(), false);
    }

    /** Mean over {@code dims}; {@code keepDim} keeps them as size 1. */
    public Tensor mean(int[] dims, boolean keepDim) {
        return Reductions.mean(this, dims, keepDim);
    }

    /** Mean over one dimension. */
    public Tensor mean(int dim, boolean keepDim) {
        return Reductions.mean(this, new int[] {dim}, keepDim);
    }

    /** Product of all elements (a scalar); the gradient is exact with zeros in the input. */
    public Tensor prod() {
        return Reductions.prod(this, allDims(), false);
    }

    /** Product over {@code dims}; {@code keepDim} keeps them as size 1. */
    public Tensor prod(int[] dims, boolean keepDim) {
        return Reductions.prod(this, dims, keepDim);
    }

    /** Product over one dimension. */
    public Tensor prod(int dim, boolean keepDim) {
        return Reductions.prod(this, new int[] {dim}, keepDim);
    }

    /** Unbiased variance of all elements (correction 1, as PyTorch). */
    public Tensor var() {
        return Reductions.var(this, allDims(), 1, false);
    }

    /** Unbiased variance (correction 1) over {@code dims}. */
    public Tensor var(int[] dims, boolean keepDim) {
        return Reductions.var(this, dims, 1, keepDim);
    }

    /** Variance over {@code dims}: Σ(x − mean)² / max(0, N − correction); correction 0 is the population variance. */
    public Tensor var(int[] dims, int correction, boolean keepDim) {
        return Reductions.var(this, dims, correction, keepDim);
    }

    /** Unbiased standard deviation of all elements (correction 1). */
    public Tensor std() {
        return Reductions.std(this, allDims(), 1, false);
    }

    /** Unbiased standard deviation (correction 1) over {@code dims}. */
    public Tensor std(int[] dims, boolean keepDim) {
        return Reductions.std(this, dims, 1, keepDim);
    }

    /** Standard deviation over {@code dims}: the square root of {@link #var(int[], int, boolean)}. */
    public Tensor std(int[] dims, int correction, boolean keepDim) {
        return Reductions.std(this, dims, correction, keepDim);
    }

    /** Stable {@code ln Σ exp(x)} over all elements (a scalar). */
    public Tensor logsumexp() {
        return Reductions.logsumexp(this, allDims(), false);
    }

    /** Stable {@code ln Σ exp(x)} over {@code dims}; −∞ for slices of −∞. */
    public Tensor logsumexp(int[] dims, boolean keepDim) {
        return Reductions.logsumexp(this, dims, keepDim);
    }

    /** Stable {@code ln Σ exp(x)} over one dimension. */
    public Tensor logsumexp(int dim, boolean keepDim) {
        return Reductions.logsumexp(this, new int[] {dim}, keepDim);
    }

    /** The Euclidean (2-)norm of all elements; its gradient at 0 is 0. */
    public Tensor norm() {
        return Reductions.norm(this, 2, allDims(), false);
    }

    /** The p-norm of all elements, p ∈ {1, 2, {@code Double.POSITIVE_INFINITY}}. */
    public Tensor norm(double p) {
        return Reductions.norm(this, p, allDims(), false);
    }

    /** The p-norm over {@code dims}, p ∈ {1, 2, {@code Double.POSITIVE_INFINITY}}. */
    public Tensor norm(double p, int[] dims, boolean keepDim) {
        return Reductions.norm(this, p, dims, keepDim);
    }

    /** The largest element (a scalar); the gradient goes to its first occurrence. */
    public Tensor max() {
        return Extremes.values("max", Extreme.MAX, this, allDims(), false);
    }

    /** The largest element along {@code dim} and its INT32 index (the first occurrence), like {@code torch.max(x, dim)}. */
    public ValuesAndIndices max(int dim, boolean keepDim) {
        return Extremes.withIndices("max", Extreme.MAX, this, dim, keepDim);
    }

    /** The smallest element (a scalar); the gradient goes to its first occurrence. */
    public Tensor min() {
        return Extremes.values("min", Extreme.MIN, this, allDims(), false);
    }

    /** The smallest element along {@code dim} and its INT32 index (the first occurrence), like {@code torch.min(x, dim)}. */
    public ValuesAndIndices min(int dim, boolean keepDim) {
        return Extremes.withIndices("min", Extreme.MIN, this, dim, keepDim);
    }

    /** The largest values over {@code dims}; the gradient goes to each slice's first maximum (row-major). */
    public Tensor amax(int[] dims, boolean keepDim) {
        return Extremes.values("amax", Extreme.MAX, this, dims, keepDim);
    }

    /** The smallest values over {@code dims}; the gradient goes to each slice's first minimum (row-major). */
    public Tensor amin(int[] dims, boolean keepDim) {
        return Extremes.values("amin", Extreme.MIN, this, dims, keepDim);
    }

    /** The INT32 flat (row-major) index of the first largest element. */
    public Tensor argmax() {
        return Extremes.indices("argmax", Extreme.MAX, this, allDims(), false);
    }

    /** The INT32 index along {@code dim} of the first largest element of each slice. */
    public Tensor argmax(int dim, boolean keepDim) {
        return Extremes.indices("argmax", Extreme.MAX, this, new int[] {dim}, keepDim);
    }

    /** The INT32 flat (row-major) index of the first smallest element. */
    public Tensor argmin() {
        return Extremes.indices("argmin", Extreme.MIN, this, allDims(), false);
    }

    /** The INT32 index along {@code dim} of the first smallest element of each slice. */
    public Tensor argmin(int dim, boolean keepDim) {
        return Extremes.indices("argmin", Extreme.MIN, this, new int[] {dim}, keepDim);
    }

    /** Softmax along {@code dim}, computed stably (the slice maximum is subtracted first). */
    public Tensor softmax(int dim) {
        return Softmax.softmax(this, dim);
    }

    /** Log-softmax along {@code dim}: {@code x − logsumexp(x)}, computed stably. */
    public Tensor logSoftmax(int dim) {
        return Softmax.logSoftmax(this, dim);
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

    /**
     * The affine map of a fully connected layer, PyTorch's {@code torch.nn.functional.linear}:
     * {@code this·weightᵀ + bias} for this [..., in], weight [out, in] and bias [out] (or null), giving
     * [..., out]. Equal to {@code matmul(weight.t()).add(bias)} but reads the weight transposed in place
     * and adds the bias inside the product. Gradients: ∂x = g·W, ∂W = gᵀ·x, ∂b = g summed over the rows.
     *
     * @throws IllegalArgumentException if the shapes do not fit or the dtypes differ
     */
    public Tensor linear(Tensor weight, Tensor bias) {
        return Affine.linear(this, weight, bias);
    }

    // ------------------------------------------------------------------ end of linear algebra

    // ------------------------------------------------------------------ shape and indexing (ShapeOps.java)

    /** The same values under {@code newShape} (one entry may be -1, inferred); shares storage. */
    public Tensor reshape(int... newShape) {
        return ShapeOps.reshape(this, newShape);
    }

    /** PyTorch's {@code view}: the same as {@link #reshape}, since storage is always contiguous. */
    public Tensor view(int... newShape) {
        return ShapeOps.reshape(this, newShape);
    }

    /** A 1-D view of all values (a scalar becomes shape [1]). */
    public Tensor flatten() {
        return ShapeOps.flatten(this, 0, -1);
    }

    /** A view with dims {@code startDim..endDim} (inclusive, negative from the end) merged into one. */
    public Tensor flatten(int startDim, int endDim) {
        return ShapeOps.flatten(this, startDim, endDim);
    }

    /** A view without the size-1 dims. */
    public Tensor squeeze() {
        return ShapeOps.squeeze(this);
    }

    /** A view without dim {@code dim} if its size is 1; otherwise the same shape (as PyTorch). */
    public Tensor squeeze(int dim) {
        return ShapeOps.squeeze(this, dim);
    }

    /** A view with a new size-1 dim at position {@code dim} (in [-rank-1, rank]). */
    public Tensor unsqueeze(int dim) {
        return ShapeOps.unsqueeze(this, dim);
    }

    /**
     * This tensor's values as {@code dtype} (a copy; this tensor itself when the dtype already matches).
     * Differentiable between floating dtypes; conversion to INT32 truncates toward zero.
     */
    public Tensor to(DType dtype) {
        return ShapeOps.to(this, dtype);
    }

    /**
     * Broadcasts to {@code targetShape} (PyTorch's {@code expand}): each dim must be 1 or equal the
     * target, -1 keeps a dim, new dims go in front. The gradient sums back.
     */
    public Tensor expand(int... targetShape) {
        return ShapeOps.expand(this, targetShape);
    }

    /** The same as {@link #expand} (NumPy's and PyTorch's {@code broadcast_to}). */
    public Tensor broadcastTo(int... targetShape) {
        return ShapeOps.expand(this, targetShape);
    }

    /** The dims reordered: the result's dim k is this tensor's dim {@code dims[k]}. */
    public Tensor permute(int... dims) {
        return ShapeOps.permute(this, dims);
    }

    /** Dims {@code dim0} and {@code dim1} swapped. */
    public Tensor transpose(int dim0, int dim1) {
        return ShapeOps.transpose(this, dim0, dim1);
    }

    /** The transpose of a matrix; a vector or scalar unchanged (PyTorch's {@code t}, rank ≤ 2 only). */
    public Tensor t() {
        return ShapeOps.t(this);
    }

    /** The tensors joined along {@code dim}; shapes and dtypes must agree except in {@code dim}. */
    public static Tensor concat(int dim, Tensor... tensors) {
        return ShapeOps.concat(dim, tensors);
    }

    /** PyTorch's {@code cat}: the same as {@link #concat}. */
    public static Tensor cat(int dim, Tensor... tensors) {
        return ShapeOps.concat(dim, tensors);
    }

    /** Tensors of one shape and dtype stacked along a new dim {@code dim} (in [-rank-1, rank]). */
    public static Tensor stack(int dim, Tensor... tensors) {
        return ShapeOps.stack(dim, tensors);
    }

    /** Consecutive pieces of {@code splitSize} along {@code dim}, the last one possibly smaller. */
    public List<Tensor> split(int splitSize, int dim) {
        return ShapeOps.split(this, splitSize, dim);
    }

    /** Pieces of the given sizes along {@code dim}; the sizes must add up to the dim's size. */
    public List<Tensor> split(int[] sizes, int dim) {
        return ShapeOps.split(this, sizes, dim);
    }

    /** {@code chunks} pieces of size ⌈n/chunks⌉ along {@code dim} (fewer when n is small), as PyTorch. */
    public List<Tensor> chunk(int chunks, int dim) {
        return ShapeOps.chunk(this, chunks, dim);
    }

    /** Entries {@code start .. start+length-1} along {@code dim} ({@code start} may be negative). */
    public Tensor narrow(int dim, int start, int length) {
        return Slicing.narrow(this, dim, start, length);
    }

    /**
     * Python's {@code x[..., start:end:step, ...]} along {@code dim}: start and end clamp to the dim
     * and count from the end when negative; {@code step ≥ 1}.
     */
    public Tensor slice(int dim, int start, int end, int step) {
        return Slicing.slice(this, dim, start, end, step);
    }

    /**
     * Constant padding as PyTorch's {@code F.pad}: {@code pad} holds (before, after) widths for the
     * last dim, then the one before it, and so on; negative widths crop. INT32 pads with
     * {@code (int) value}.
     */
    public Tensor pad(int[] pad, double value) {
        return Slicing.pad(this, pad, value);
    }

    /** The order of entries reversed along each of {@code dims}. */
    public Tensor flip(int... dims) {
        return Slicing.flip(this, dims);
    }

    /** Tiled {@code repeats[k]} times along each dim; extra leading counts add dims (PyTorch's {@code repeat}). */
    public Tensor repeat(int... repeats) {
        return Slicing.repeat(this, repeats);
    }

    /** The slices at the INT32 vector {@code index} along {@code dim} (PyTorch's {@code index_select}). */
    public Tensor indexSelect(int dim, Tensor index) {
        return Indexing.indexSelect(this, dim, index);
    }

    /**
     * A copy with slice j of {@code source} added at slice {@code index[j]} along {@code dim}
     * (PyTorch's {@code index_add}); repeated indices accumulate.
     */
    public Tensor indexAdd(int dim, Tensor index, Tensor source) {
        return Indexing.indexAdd(this, dim, index, source);
    }

    /**
     * Entries picked along {@code dim} by an INT32 {@code index} of the same rank: for dim 1,
     * {@code out[i][j][k] = this[i][index[i][j][k]][k]}. The result has the index's shape.
     */
    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    /**
     * A copy with {@code source}'s entries added where the INT32 {@code index} sends them along
     * {@code dim}: for dim 1, {@code out[i][index[i][j][k]][k] += source[i][j][k]}. Differentiable in
     * this tensor and in {@code source}.
     */
    public Tensor scatterAdd(int dim, Tensor index, Tensor source) {
        return Indexing.scatterAdd(this, dim, index, source);
    }

    /** INT32 one-hot encoding of INT32 class indices, with a new last dim of {@code numClasses} (-1: max + 1). */
    public Tensor oneHot(int numClasses) {
        return Indexing.oneHot(this, numClasses);
    }

    // ------------------------------------------------------------------ end of shape and indexing

    // ------------------------------------------------------------------ neural (Convolution.java, Pooling.java, RecurrentCells.java)

    /**
     * 1-D convolution (PyTorch's {@code conv1d}) of this {@code [N, C_in, L]} (or unbatched {@code [C_in, L]})
     * input with {@code weight} {@code [C_out, C_in/groups, K]} and an optional {@code bias} {@code [C_out]}
     * (null for none):
     * {@code y[n, o, l] = b[o] + Σ w[o, c, k] · x[n, g·C_in/groups + c, l·stride − padding + k·dilation]},
     * zero padding. Result {@code [N, C_out, ⌊(L + 2·padding − dilation·(K−1) − 1)/stride⌋ + 1]}.
     */
    public Tensor conv1d(Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return Convolution.conv1d(this, weight, bias, stride, padding, dilation, groups);
    }

    /**
     * 2-D convolution (PyTorch's {@code conv2d}; a cross-correlation) of this {@code [N, C_in, H, W]}
     * (or unbatched {@code [C_in, H, W]}) input with {@code weight} {@code [C_out, C_in/groups, kH, kW]} and
     * an optional {@code bias} {@code [C_out]} (null for none). {@code stride}, {@code padding} (zeros) and {@code dilation} are
     * {@code {height, width}} pairs; channels split into {@code groups} independent groups. Output size
     * per axis: {@code ⌊(in + 2·padding − dilation·(k−1) − 1)/stride⌋ + 1}. Gradients of every order.
     */
    public Tensor conv2d(Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation, int groups) {
        return Convolution.conv2d(this, weight, bias, stride, padding, dilation, groups);
    }

    /** {@link #conv2d(Tensor, Tensor, int[], int[], int[], int)} with one stride and padding for both axes, no dilation, one group. */
    public Tensor conv2d(Tensor weight, Tensor bias, int stride, int padding) {
        return Convolution.conv2d(this, weight, bias, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {1, 1}, 1);
    }

    /**
     * 2-D transposed convolution (PyTorch's {@code conv_transpose2d}; the adjoint of conv2d) of this
     * {@code [N, C_in, H, W]} (or unbatched {@code [C_in, H, W]}) input with {@code weight}
     * {@code [C_in, C_out/groups, kH, kW]} and an optional {@code bias} {@code [C_out]}. Output size per axis:
     * {@code (in − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1}; {@code outputPadding}
     * must be smaller than the stride or the dilation.
     */
    public Tensor convTranspose2d(Tensor weight, Tensor bias, int[] stride, int[] padding, int[] outputPadding,
            int[] dilation, int groups) {
        return Convolution.convTranspose2d(this, weight, bias, stride, padding, outputPadding, dilation, groups);
    }

    /** {@link #maxPool2d(int[], int[], int[])} with a square {@code kernel}, stride = kernel and no padding. */
    public Tensor maxPool2d(int kernel) {
        return Pooling.maxPool2d(this, new int[] {kernel, kernel}, null, new int[] {0, 0}, new int[] {1, 1}, false);
    }

    /** {@link #maxPool2d(int[], int[], int[])} with the same kernel, stride and padding for both axes. */
    public Tensor maxPool2d(int kernel, int stride, int padding) {
        return Pooling.maxPool2d(this, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding},
                new int[] {1, 1}, false);
    }

    /** {@link #maxPool2d(int[], int[], int[], int[], boolean)} without dilation, in floor mode. */
    public Tensor maxPool2d(int[] kernel, int[] stride, int[] padding) {
        return Pooling.maxPool2d(this, kernel, stride, padding, new int[] {1, 1}, false);
    }

    /**
     * 2-D max pooling of this {@code [N, C, H, W]} (or unbatched {@code [C, H, W]}) tensor, PyTorch's
     * {@code max_pool2d}: window {@code (i, j)} takes the taps {@code (i·stride − padding + ty·dilation, …)}
     * for {@code ty < kernel} over an input padded with −∞ by {@code padding} (at most half the kernel
     * size); {@code stride} null means the kernel. Output size per axis:
     * {@code ⌊(in + 2·padding − dilation·(kernel − 1) − 1 + (ceilMode ? stride − 1 : 0)) / stride⌋ + 1}, less one
     * in ceil mode when the last window would start in the right padding. The gradient goes to one element
     * per window: the first maximum in row-major order (a NaN counts as the maximum).
     */
    public Tensor maxPool2d(int[] kernel, int[] stride, int[] padding, int[] dilation, boolean ceilMode) {
        return Pooling.maxPool2d(this, kernel, stride, padding, dilation, ceilMode);
    }

    /** {@link #avgPool2d(int[], int[], int[])} with a square {@code kernel}, stride = kernel and no padding. */
    public Tensor avgPool2d(int kernel) {
        return Pooling.avgPool2d(this, new int[] {kernel, kernel}, null, new int[] {0, 0}, false, true, 0);
    }

    /** {@link #avgPool2d(int[], int[], int[])} with the same kernel, stride and padding for both axes. */
    public Tensor avgPool2d(int kernel, int stride, int padding) {
        return Pooling.avgPool2d(this, new int[] {kernel, kernel}, new int[] {stride, stride}, new int[] {padding, padding},
                false, true, 0);
    }

    /**
     * {@link #avgPool2d(int[], int[], int[], boolean, boolean, int)} with PyTorch's defaults: floor mode,
     * padding counted in the divisor ({@code kH·kW} for every window), no divisor override.
     */
    public Tensor avgPool2d(int[] kernel, int[] stride, int[] padding) {
        return Pooling.avgPool2d(this, kernel, stride, padding, false, true, 0);
    }

    /**
     * 2-D average pooling of this {@code [N, C, H, W]} (or unbatched {@code [C, H, W]}) tensor, PyTorch's
     * {@code avg_pool2d}: each window's sum over zero padding, divided by {@code divisorOverride} when it is
     * positive (0: none); otherwise by the window's area clipped to the padded input when
     * {@code countIncludePad} (in ceil mode a window running past the right padding does not count that
     * part), or by the number of input elements it covers. Output size as for
     * {@link #maxPool2d(int[], int[], int[], int[], boolean)} without dilation; {@code stride} null means the kernel.
     */
    public Tensor avgPool2d(int[] kernel, int[] stride, int[] padding, boolean ceilMode, boolean countIncludePad,
            int divisorOverride) {
        return Pooling.avgPool2d(this, kernel, stride, padding, ceilMode, countIncludePad, divisorOverride);
    }

    /**
     * Adaptive average pooling of this {@code [N, C, H, W]} (or unbatched {@code [C, H, W]}) tensor to
     * {@code [N, C, outH, outW]}
     * (PyTorch's {@code adaptive_avg_pool2d}): output {@code (i, j)} averages rows
     * {@code [⌊i·H/outH⌋, ⌈(i+1)·H/outH⌉)} and the matching columns.
     */
    public Tensor adaptiveAvgPool2d(int outH, int outW) {
        return Pooling.adaptiveAvgPool2d(this, outH, outW);
    }

    /**
     * Inverted dropout: in training, this tensor times {@link #dropoutMask(Rng, double, DType, int...)}
     * drawn from {@code rng} (kept elements scaled by {@code 1/(1 − p)}, {@code p = 1} gives zeros); when not
     * training, or with {@code p = 0}, the values unchanged. Differentiable; the mask is a constant.
     */
    public Tensor dropout(double p, boolean training, Rng rng) {
        return Dropout.dropout(this, p, training, rng);
    }

    /** A FLOAT32 dropout mask; see {@link #dropoutMask(Rng, double, DType, int...)}. */
    public static Tensor dropoutMask(Rng rng, double p, int... shape) {
        return Dropout.mask(rng, p, DType.FLOAT32, shape);
    }

    /**
     * A dropout mask of {@code shape}: each element {@code 1/(1 − p)} with probability {@code 1 − p}, else 0,
     * one {@code rng.nextDouble()} per element in row-major order (so a seed fixes the mask).
     */
    public static Tensor dropoutMask(Rng rng, double p, DType dtype, int... shape) {
        return Dropout.mask(rng, p, dtype, shape);
    }

    /**
     * The LSTM cell's gate math on this tensor's input gates {@code gi = x·W_ihᵀ + b_ih} and the hidden
     * gates {@code gh = h·W_hhᵀ + b_hh}, both [..., 4H] in PyTorch's gate order i, f, g, o, and the cell
     * state {@code c} [..., H] (same leading dims, one dtype): with {@code a = gi + gh},
     * {@code c' = σ(a_f) ⊙ c + σ(a_i) ⊙ tanh(a_g)} and {@code h' = σ(a_o) ⊙ tanh(c')}, returned packed as
     * [..., 2H], h' first: {@code narrow(-1, 0, H)} is h', {@code narrow(-1, H, H)} is c'. One fused pass
     * forward and backward (PyTorch's {@code _thnn_fused_lstm_cell}); differentiable to any order.
     *
     * @throws IllegalArgumentException if the shapes do not fit or the dtypes differ
     */
    public Tensor lstmCell(Tensor gh, Tensor c) {
        return RecurrentCells.lstmCell(this, gh, c);
    }

    /**
     * An LSTM layer over this sequence x [T, N, input_size], in one direction, as PyTorch's fused
     * {@code _VF.lstm} runs one layer: from the states {@code h0}, {@code c0} [N, H], each step t computes the
     * gates {@code a = x_t·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh} (weights [4H, input_size] and [4H, H], biases [4H]
     * or null; gate order i, f, g, o) and the cell of {@link #lstmCell}; when {@code reverse}, steps run from
     * t = T − 1 down to 0. Returns every step's states packed as [T, N, 2H], {@code [h_t | c_t]} at index t:
     * {@code narrow(2, 0, H)} is the output sequence, and the final states are at t = T − 1 (t = 0 when
     * reversed). The same values as stepping {@link #linear} and {@link #lstmCell} through time, as one op:
     * batch rows run in blocks through all steps with the weights packed once, and backward computes each
     * weight gradient as one product over all steps; differentiable to any order. The sum {@code b_ih + b_hh}
     * is rounded once, as in {@code x_t·W_ihᵀ + (b_ih + b_hh)}.
     *
     * @throws IllegalArgumentException if the shapes do not fit (T, N, H ≥ 1) or the dtypes differ
     */
    public Tensor lstmLayer(Tensor h0, Tensor c0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, boolean reverse) {
        return RecurrentSequences.lstm(this, h0, c0, wIh, wHh, bIh, bHh, reverse);
    }

    /**
     * A GRU layer over this sequence x [T, N, input_size], in one direction, as PyTorch's fused {@code _VF.gru}
     * runs one layer: from the state {@code h0} [N, H], each step t computes {@code gi = x_t·W_ihᵀ + b_ih} and
     * {@code gh = h·W_hhᵀ + b_hh} (weights [3H, input_size] and [3H, H], biases [3H] or null; gate order r, z,
     * n) and the cell of {@link #gruCell}; when {@code reverse}, steps run from t = T − 1 down to 0. Returns
     * every step's h_t as [T, N, H] (the final state is at t = T − 1, or t = 0 when reversed). The same values
     * as stepping {@link #linear} and {@link #gruCell} through time, as one op, run as {@link #lstmLayer} is;
     * differentiable to any order.
     *
     * @throws IllegalArgumentException if the shapes do not fit (T, N, H ≥ 1) or the dtypes differ
     */
    public Tensor gruLayer(Tensor h0, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, boolean reverse) {
        return RecurrentSequences.gru(this, h0, wIh, wHh, bIh, bHh, reverse);
    }

    /**
     * The GRU cell's gate math on this tensor's input gates {@code gi = x·W_ihᵀ + b_ih} and the hidden
     * gates {@code gh = h·W_hhᵀ + b_hh}, both [..., 3H] in PyTorch's gate order r, z, n, and the hidden
     * state {@code h} [..., H] (same leading dims, one dtype): {@code r = σ(gi_r + gh_r)},
     * {@code z = σ(gi_z + gh_z)}, {@code n = tanh(gi_n + r ⊙ gh_n)}, returning
     * {@code h' = (1 − z) ⊙ n + z ⊙ h} [..., H]. One fused pass forward and backward (PyTorch's
     * {@code _thnn_fused_gru_cell}); differentiable to any order.
     *
     * @throws IllegalArgumentException if the shapes do not fit or the dtypes differ
     */
    public Tensor gruCell(Tensor gh, Tensor h) {
        return RecurrentCells.gruCell(this, gh, h);
    }

    // ------------------------------------------------------------------ end of neural

    @Override
    public String toString() {
        return TensorFormat.format(this);
    }
}

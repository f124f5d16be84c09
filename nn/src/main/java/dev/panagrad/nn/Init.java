package dev.panagrad.nn;

import dev.panagrad.core.DType;
import dev.panagrad.core.NoGrad;
import dev.panagrad.core.Rng;
import dev.panagrad.core.Tensor;
import java.util.Arrays;

/**
 * Weight initializers, as {@code torch.nn.init}: each fills its tensor in place (through
 * {@link Tensor#assign}) and returns it. Randomness comes only from the given {@link Rng}, so a model's
 * initial weights are reproducible from its seed; the values differ from PyTorch's, which uses its own
 * generator, but the distributions are the same.
 */
public final class Init {
    private Init() {}

    /** Which fan {@code kaiming*} scales by: {@code FAN_IN} preserves forward variance, {@code FAN_OUT} backward. */
    public enum FanMode { FAN_IN, FAN_OUT }

    /** Non-linearities whose recommended gain {@link #calculateGain} knows, named as PyTorch's strings. */
    public enum Nonlinearity { LINEAR, CONV, SIGMOID, TANH, RELU, LEAKY_RELU, SELU }

    /**
     * The recommended gain for {@code nonlinearity} (PyTorch's {@code calculate_gain}): 1 for linear,
     * convolution and sigmoid, 5/3 for tanh, √2 for ReLU, √(2 / (1 + slope²)) for leaky ReLU with
     * negative slope {@code param}, 3/4 for SELU.
     */
    public static double calculateGain(Nonlinearity nonlinearity, double param) {
        return switch (nonlinearity) {
            case LINEAR, CONV, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> Math.sqrt(2.0 / (1 + param * param));
            case SELU -> 3.0 / 4;
        };
    }

    /** {@link #calculateGain(Nonlinearity, double)} with leaky ReLU's default slope 0.01. */
    public static double calculateGain(Nonlinearity nonlinearity) {
        return calculateGain(nonlinearity, 0.01);
    }

    /** Input fan: {@code size(1)} times the receptive field ({@code ∏ shape[2:]}); needs rank ≥ 2. */
    public static int fanIn(Tensor t) {
        return fans(t, "fanIn")[0];
    }

    /** Output fan: {@code size(0)} times the receptive field; needs rank ≥ 2. */
    public static int fanOut(Tensor t) {
        return fans(t, "fanOut")[1];
    }

    private static int[] fans(Tensor t, String caller) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("Init." + caller + ": fan in and fan out cannot be computed for a tensor "
                    + "with fewer than 2 dimensions, got " + Arrays.toString(t.shape()));
        }
        int receptive = 1;
        for (int d = 2; d < t.dim(); d++) {
            receptive *= t.size(d);
        }
        return new int[] {t.size(1) * receptive, t.size(0) * receptive};
    }

    /** Fills {@code t} from U(a, b). */
    public static Tensor uniform(Tensor t, double a, double b, Rng rng) {
        if (!(a <= b)) {
            throw new IllegalArgumentException("Init.uniform: need a <= b, got a=" + a + ", b=" + b);
        }
        return fill(t, Tensor.rand(rng, t.dtype(), t.shape()).mul(b - a).add(a));
    }

    /** Fills {@code t} from N(mean, std²). */
    public static Tensor normal(Tensor t, double mean, double std, Rng rng) {
        if (!(std >= 0)) {
            throw new IllegalArgumentException("Init.normal: std must be >= 0, got " + std);
        }
        return fill(t, Tensor.randn(rng, t.dtype(), t.shape()).mul(std).add(mean));
    }

    /** Fills {@code t} with {@code value}. */
    public static Tensor constant(Tensor t, double value) {
        return fill(t, Tensor.full(value, t.dtype(), t.shape()));
    }

    /** Fills {@code t} with zeros. */
    public static Tensor zeros(Tensor t) {
        return constant(t, 0);
    }

    /** Fills {@code t} with ones. */
    public static Tensor ones(Tensor t) {
        return constant(t, 1);
    }

    /** Glorot/Xavier uniform: U(−a, a) with a = gain·√(6 / (fanIn + fanOut)). */
    public static Tensor xavierUniform(Tensor t, double gain, Rng rng) {
        double a = Math.sqrt(3.0) * xavierStd(t, gain, "xavierUniform");
        return uniform(t, -a, a, rng);
    }

    /** Glorot/Xavier normal: N(0, std²) with std = gain·√(2 / (fanIn + fanOut)). */
    public static Tensor xavierNormal(Tensor t, double gain, Rng rng) {
        return normal(t, 0, xavierStd(t, gain, "xavierNormal"), rng);
    }

    private static double xavierStd(Tensor t, double gain, String caller) {
        int[] f = fans(t, caller);
        return gain * Math.sqrt(2.0 / (f[0] + f[1]));
    }

    /**
     * He/Kaiming uniform: U(−b, b) with b = gain·√(3 / fan), gain = {@code calculateGain(nonlinearity, a)}
     * ({@code a} is leaky ReLU's negative slope). PyTorch's defaults are a = 0, FAN_IN, LEAKY_RELU; its
     * layers use a = √5, which gives b = 1/√fanIn.
     */
    public static Tensor kaimingUniform(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Rng rng) {
        double bound = Math.sqrt(3.0) * kaimingStd(t, a, mode, nonlinearity, "kaimingUniform");
        return uniform(t, -bound, bound, rng);
    }

    /** He/Kaiming normal: N(0, std²) with std = gain / √fan. */
    public static Tensor kaimingNormal(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, Rng rng) {
        return normal(t, 0, kaimingStd(t, a, mode, nonlinearity, "kaimingNormal"), rng);
    }

    private static double kaimingStd(Tensor t, double a, FanMode mode, Nonlinearity nonlinearity, String caller) {
        int[] f = fans(t, caller);
        int fan = mode == FanMode.FAN_IN ? f[0] : f[1];
        if (fan == 0) {
            throw new IllegalArgumentException("Init." + caller + ": cannot initialize a tensor with zero fan, shape "
                    + Arrays.toString(t.shape()));
        }
        return calculateGain(nonlinearity, a) / Math.sqrt(fan);
    }

    /**
     * A (semi-)orthogonal matrix times {@code gain} (Saxe et al.), as PyTorch's {@code orthogonal_}: the
     * tensor is viewed as [size(0), numel/size(0)], a Gaussian matrix is orthonormalised (QR with the
     * signs of R's diagonal made positive), and rows or columns come out orthonormal, whichever are fewer.
     */
    public static Tensor orthogonal(Tensor t, double gain, Rng rng) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("Init.orthogonal: only tensors with 2 or more dimensions are supported, got "
                    + Arrays.toString(t.shape()));
        }
        int rows = t.size(0);
        int cols = t.numel() / Math.max(rows, 1);
        boolean transposed = rows < cols;
        int m = transposed ? cols : rows; // the tall side
        int n = transposed ? rows : cols;
        double[] a = Tensor.randn(rng, DType.FLOAT64, m, n).toDoubleArray();
        gramSchmidtColumns(a, m, n);
        double[] out = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = gain * (transposed ? a[j * n + i] : a[i * n + j]);
            }
        }
        return fill(t, Tensor.of(out, t.shape()).to(t.dtype()));
    }

    /**
     * Orthonormalises the n columns of the row-major m×n matrix {@code a} (m ≥ n) in place by modified
     * Gram–Schmidt, run twice for stability; this is Q of a QR decomposition whose R has a positive diagonal.
     */
    private static void gramSchmidtColumns(double[] a, int m, int n) {
        for (int j = 0; j < n; j++) {
            for (int pass = 0; pass < 2; pass++) {
                for (int k = 0; k < j; k++) {
                    double dot = 0;
                    for (int i = 0; i < m; i++) {
                        dot += a[i * n + k] * a[i * n + j];
                    }
                    for (int i = 0; i < m; i++) {
                        a[i * n + j] -= dot * a[i * n + k];
                    }
                }
            }
            double norm = 0;
            for (int i = 0; i < m; i++) {
                norm += a[i * n + j] * a[i * n + j];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < m; i++) {
                a[i * n + j] /= norm;
            }
        }
    }

    private static Tensor fill(Tensor t, Tensor values) {
        try (NoGrad ignored = NoGrad.enter()) {
            t.assign(values);
        }
        return t;
    }
}

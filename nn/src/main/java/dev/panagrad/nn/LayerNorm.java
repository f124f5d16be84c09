package dev.panagrad.nn;

import dev.panagrad.core.Tensor;
import java.util.Arrays;

/**
 * Layer normalization over the trailing dims, as {@code torch.nn.LayerNorm}: for each leading index,
 * {@code y = (x − μ) / √(σ² + eps) · weight + bias} with μ and the biased σ² over the last
 * {@code normalizedShape.length} dims (see {@link Normalization#layerNorm}). With
 * {@code elementwiseAffine}, {@code weight} (ones) and, with {@code bias}, {@code bias} (zeros) have
 * shape {@code normalizedShape}. The same in training and evaluation.
 */
public final class LayerNorm extends Module {
    private final int[] normalizedShape;
    private final Options options;

    /** Settings beyond the normalized shape, with PyTorch's defaults; immutable. */
    public record Options(double eps, boolean elementwiseAffine, boolean bias) {
        /** PyTorch's defaults: eps 1e-5, element-wise affine with a bias. */
        public static Options defaults() {
            return new Options(1e-5, true, true);
        }

        /** The value added to the variance for stability (default 1e-5). */
        public Options eps(double value) {
            return new Options(value, elementwiseAffine, bias);
        }

        /** Whether the layer has a learnable element-wise {@code weight} (and {@code bias}) (default true). */
        public Options elementwiseAffine(boolean value) {
            return new Options(eps, value, bias);
        }

        /** Whether the affine transform has a {@code bias} (default true; ignored without elementwiseAffine). */
        public Options bias(boolean value) {
            return new Options(eps, elementwiseAffine, value);
        }
    }

    /** PyTorch's defaults, to adjust: {@code LayerNorm.options().eps(1e-6)}. */
    public static Options options() {
        return Options.defaults();
    }

    /** Normalises over trailing dims of the given sizes, with PyTorch's defaults. */
    public LayerNorm(int... normalizedShape) {
        this(normalizedShape, options());
    }

    /** Normalises over trailing dims of the given sizes, with the given settings. */
    public LayerNorm(int[] normalizedShape, Options options) {
        if (normalizedShape.length == 0 || Arrays.stream(normalizedShape).anyMatch(s -> s <= 0)) {
            throw new IllegalArgumentException("LayerNorm: normalized_shape must be non-empty with positive sizes, got "
                    + Arrays.toString(normalizedShape));
        }
        if (!(options.eps() >= 0)) {
            throw new IllegalArgumentException("LayerNorm: eps must be >= 0, got " + options.eps());
        }
        this.normalizedShape = normalizedShape.clone();
        this.options = options;
        boolean affine = options.elementwiseAffine();
        param("weight", affine ? Tensor.ones(normalizedShape) : null);
        param("bias", affine && options.bias() ? Tensor.zeros(normalizedShape) : null);
    }

    /** The normalized trailing shape (a copy). */
    public int[] normalizedShape() {
        return normalizedShape.clone();
    }

    /** This layer's settings. */
    public Options settings() {
        return options;
    }

    /** The element-wise scale, or null without {@code elementwiseAffine}. */
    public Tensor weight() {
        return param("weight");
    }

    /** The element-wise shift, or null without one. */
    public Tensor bias() {
        return param("bias");
    }

    /** x [*, normalizedShape...] → the same shape, normalised over the trailing dims. */
    @Override
    public Tensor forward(Tensor x) {
        int[] shape = x.shape();
        int k = normalizedShape.length;
        if (!x.dtype().isFloatingPoint() || shape.length < k
                || !Arrays.equals(Arrays.copyOfRange(shape, shape.length - k, shape.length), normalizedShape)) {
            throw new IllegalArgumentException("LayerNorm(" + extraRepr() + "): expected a floating-point input [*, "
                    + Arrays.toString(normalizedShape).substring(1) + ", got " + x.dtype() + " " + Arrays.toString(shape));
        }
        return Normalization.layerNorm(x, normalizedShape, weight(), bias(), options.eps());
    }

    @Override
    protected String extraRepr() {
        return PyFormat.pyTuple(normalizedShape) + ", eps=" + pyFloat(options.eps()) + ", elementwise_affine="
                + pyBool(options.elementwiseAffine());
    }
}

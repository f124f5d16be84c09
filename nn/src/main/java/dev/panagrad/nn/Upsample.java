package dev.panagrad.nn;

import dev.panagrad.core.Tensor;
import java.util.Arrays;

/**
 * Nearest-neighbour upsampling of {@code [N, C, L]}, {@code [N, C, H, W]} or {@code [N, C, D, H, W]}
 * inputs, as {@code torch.nn.Upsample(mode="nearest")}: output index {@code o} along an axis copies input
 * index {@code min(⌊o·s⌋, in − 1)} with {@code s = 1/scaleFactor} when a scale factor is given and
 * {@code s = in/out} when a size is (computed in float32 as PyTorch does); with a scale factor the output
 * size is {@code ⌊in·scaleFactor⌋}. An index selection per axis, so gradients sum over the copies. Other
 * modes (bilinear, …) are not supported.
 */
public final class Upsample extends Module {
    private final int[] size;
    private final double[] scaleFactor;

    private Upsample(int[] size, double[] scaleFactor) {
        this.size = size;
        this.scaleFactor = scaleFactor;
        check("Upsample", size, scaleFactor);
    }

    /** Upsampling to a fixed spatial size: one value for every axis, or one per axis. */
    public static Upsample withSize(int... size) {
        return new Upsample(size.clone(), null);
    }

    /** Upsampling by a scale factor: one factor for every axis, or one per axis (non-integer factors allowed). */
    public static Upsample withScaleFactor(double... scaleFactor) {
        return new Upsample(null, scaleFactor.clone());
    }

    /** The input resized along its spatial axes (all but the first two). */
    @Override
    public Tensor forward(Tensor x) {
        return resize(this, x, size, scaleFactor);
    }

    /**
     * Nearest-neighbour interpolation, as {@code F.interpolate(x, size, scale_factor, mode="nearest")}:
     * exactly one of {@code size} (one value or one per spatial axis) and {@code scaleFactor} is non-null.
     */
    public static Tensor interpolateNearest(Tensor x, int[] size, double[] scaleFactor) {
        check("interpolateNearest", size, scaleFactor);
        return resize("interpolateNearest", x, size, scaleFactor);
    }

    private static void check(String who, int[] size, double[] scaleFactor) {
        if ((size == null) == (scaleFactor == null)) {
            throw new IllegalArgumentException(who + ": exactly one of size and scale_factor must be given");
        }
        if (size != null && (size.length == 0 || Arrays.stream(size).anyMatch(s -> s < 1))) {
            throw new IllegalArgumentException(who + ": size must be one or more positive values, got " + Arrays.toString(size));
        }
        if (scaleFactor != null && (scaleFactor.length == 0
                || Arrays.stream(scaleFactor).anyMatch(s -> !(s > 0) || Double.isInfinite(s)))) {
            throw new IllegalArgumentException(who + ": scale_factor must be one or more positive finite values, got "
                    + Arrays.toString(scaleFactor));
        }
    }

    /** The resize; {@code who} (the layer, or the function's name) is printed only when a check fails. */
    private static Tensor resize(Object who, Tensor x, int[] size, double[] scaleFactor) {
        int spatial = x.dim() - 2;
        if (spatial < 1 || spatial > 3) {
            throw new IllegalArgumentException(who + ": expected a [N, C, L], [N, C, H, W] or [N, C, D, H, W] input (rank 3 to 5), got "
                    + Arrays.toString(x.shape()));
        }
        int given = size != null ? size.length : scaleFactor.length;
        if (given != 1 && given != spatial) {
            throw new IllegalArgumentException(who + ": " + (size != null ? "size " + Arrays.toString(size)
                    : "scale_factor " + Arrays.toString(scaleFactor)) + " must have 1 or " + spatial
                    + " values for input " + Arrays.toString(x.shape()));
        }
        Tensor y = x;
        for (int i = 0; i < spatial; i++) {
            int dim = 2 + i;
            int in = x.size(dim);
            double factor = scaleFactor == null ? 0 : scaleFactor[given == 1 ? 0 : i];
            int out = size != null ? size[given == 1 ? 0 : i] : (int) Math.floor(in * factor);
            if (in < 1 || out < 1) {
                throw new IllegalArgumentException(who + ": input and output sizes should be greater than 0, got output size "
                        + out + " along dim " + dim + " for input " + Arrays.toString(x.shape()));
            }
            if (out != in) {
                y = y.indexSelect(dim, Tensor.of(nearestIndices(in, out, factor), out));
            }
        }
        return y;
    }

    /**
     * PyTorch's {@code nearest_idx}: {@code min(⌊o·s⌋, in − 1)} in float32, s = 1/factor when a factor is
     * given (> 0), else in/out; exact halving when out = 2·in.
     */
    static int[] nearestIndices(int in, int out, double factor) {
        float scale = factor > 0 ? (float) (1.0 / factor) : (float) in / out;
        int[] index = new int[out];
        for (int o = 0; o < out; o++) {
            index[o] = out == 2 * in ? o >> 1 : Math.min((int) Math.floor(o * scale), in - 1);
        }
        return index;
    }

    /** PyTorch's: {@code scale_factor=2.0, mode='nearest'} or {@code size=(5, 7), mode='nearest'}. */
    @Override
    protected String extraRepr() {
        String info;
        if (scaleFactor != null) {
            info = "scale_factor=" + (scaleFactor.length == 1 ? pyFloat(scaleFactor[0]) : PyFormat.pyTuple(scaleFactor));
        } else {
            info = "size=" + (size.length == 1 ? Integer.toString(size[0]) : PyFormat.pyTuple(size));
        }
        return info + ", mode='nearest'";
    }
}

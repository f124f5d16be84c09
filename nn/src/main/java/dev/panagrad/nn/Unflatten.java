package dev.panagrad.nn;

import dev.panagrad.core.Tensor;
import java.util.Arrays;

/** Splits dimension {@code dim} into {@code sizes}, as {@code torch.nn.Unflatten}. */
public final class Unflatten extends Module {
    private final int dim;
    private final int[] sizes;

    /** Unflattens {@code dim} (negative counts from the end) into {@code sizes}, whose product must equal its size. */
    public Unflatten(int dim, int... sizes) {
        if (sizes.length == 0) {
            throw new IllegalArgumentException("Unflatten: sizes must not be empty");
        }
        this.dim = dim;
        this.sizes = sizes.clone();
    }

    /** The input with dimension {@code dim} replaced by {@code sizes}. */
    @Override
    public Tensor forward(Tensor input) {
        int[] shape = input.shape();
        int d = dim < 0 ? dim + shape.length : dim;
        long product = 1;
        for (int s : sizes) {
            product *= s;
        }
        if (d < 0 || d >= shape.length || product != shape[d]) {
            throw new IllegalArgumentException("Unflatten(" + extraRepr() + "): cannot unflatten dimension " + dim
                    + " of an input of shape " + Arrays.toString(shape));
        }
        int[] out = new int[shape.length - 1 + sizes.length];
        System.arraycopy(shape, 0, out, 0, d);
        System.arraycopy(sizes, 0, out, d, sizes.length);
        System.arraycopy(shape, d + 1, out, d + sizes.length, shape.length - d - 1);
        return input.reshape(out);
    }

    @Override
    protected String extraRepr() {
        return "dim=" + dim + ", unflattened_size=" + Arrays.toString(sizes).replace('[', '(').replace(']', ')');
    }
}

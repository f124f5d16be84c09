package dev.panagrad.nn;

import dev.panagrad.core.Tensor;
import java.util.Arrays;

/** Flattens dimensions {@code startDim..endDim} into one, as {@code torch.nn.Flatten} (defaults 1 and −1). */
public final class Flatten extends Module {
    private final int startDim;
    private final int endDim;

    /** Flattens every dimension but the batch dimension. */
    public Flatten() {
        this(1, -1);
    }

    /** Flattens dimensions {@code startDim..endDim} (negative values count from the end). */
    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    /** The input with the chosen dimensions merged. */
    @Override
    public Tensor forward(Tensor input) {
        int rank = Math.max(input.dim(), 1);
        int s = startDim < 0 ? startDim + rank : startDim;
        int e = endDim < 0 ? endDim + rank : endDim;
        if (s < 0 || e >= rank || s > e) {
            throw new IllegalArgumentException("Flatten(" + extraRepr() + "): cannot flatten an input of shape "
                    + Arrays.toString(input.shape()));
        }
        return input.flatten(startDim, endDim);
    }

    @Override
    protected String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}

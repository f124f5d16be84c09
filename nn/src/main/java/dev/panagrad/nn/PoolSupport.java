package dev.panagrad.nn;

import dev.panagrad.core.Tensor;
import java.util.Arrays;

/** The input check shared by the 2-D pooling layers, with a message that names the layer. */
final class PoolSupport {
    private PoolSupport() {}

    /** Checks a pooling input's rank: {@code [N, C, H, W]} or unbatched {@code [C, H, W]}. */
    static void checkInput(Module layer, Tensor x) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException(layer + ": expected input [N, C, H, W] or unbatched [C, H, W] (rank 4 or 3), got "
                    + Arrays.toString(x.shape()));
        }
    }
}

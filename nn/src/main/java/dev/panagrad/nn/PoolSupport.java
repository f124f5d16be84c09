package dev.panagrad.nn;

import dev.panagrad.core.Tensor;
import java.util.Arrays;

/** Checks shared by the 2-D pooling layers, with messages that name the layer. */
final class PoolSupport {
    private PoolSupport() {}

    /** Checks that every value of {@code size} is at least {@code min}. */
    static Size2 atLeast(String who, String name, Size2 size, int min) {
        if (size.height() < min || size.width() < min) {
            throw new IllegalArgumentException(who + ": " + name + " must be " + (min == 0 ? "non-negative" : "positive")
                    + ", got " + size.py());
        }
        return size;
    }

    /** PyTorch's rule that padding is at most half the kernel size on each axis. */
    static void paddingAtMostHalfKernel(String who, Size2 padding, Size2 kernel) {
        if (padding.height() > kernel.height() / 2 || padding.width() > kernel.width() / 2) {
            throw new IllegalArgumentException(who + ": padding should be at most half of kernel size, got padding="
                    + padding.py() + ", kernel_size=" + kernel.py());
        }
    }

    /** Checks a pooling input's rank: {@code [N, C, H, W]} or unbatched {@code [C, H, W]}. */
    static void checkInput(String layer, Tensor x) {
        if (x.dim() != 3 && x.dim() != 4) {
            throw new IllegalArgumentException(layer + ": expected input [N, C, H, W] or unbatched [C, H, W] (rank 4 or 3), got "
                    + Arrays.toString(x.shape()));
        }
    }
}

package dev.panagrad.nn.loss;

import dev.panagrad.core.DType;
import dev.panagrad.core.Tensor;
import java.util.Arrays;

/** Argument checks shared by the losses; every failure is an IllegalArgumentException naming the loss. */
final class LossChecks {
    private LossChecks() {}

    /** {@code t} is non-null and FLOAT32 or FLOAT64. */
    static void requireFloating(String loss, String what, Tensor t) {
        requirePresent(loss, what, t);
        if (t.dtype() == DType.INT32) {
            throw new IllegalArgumentException(loss + ": " + what + " must be FLOAT32 or FLOAT64, got INT32 of shape "
                    + format(t.shape()) + "; convert with to(DType.FLOAT32) or to(DType.FLOAT64)");
        }
    }

    /** {@code t} is not null. */
    static void requirePresent(String loss, String what, Object t) {
        if (t == null) {
            throw new IllegalArgumentException(loss + ": " + what + " must not be null");
        }
    }

    /** {@code other} has {@code input}'s dtype (core does not promote). */
    static void requireSameDtype(String loss, String what, Tensor input, Tensor other) {
        if (other.dtype() != input.dtype()) {
            throw new IllegalArgumentException(loss + ": " + what + " is " + other.dtype() + " but input is " + input.dtype()
                    + "; convert with to(DType." + input.dtype() + ")");
        }
    }

    /** A floating {@code target} of exactly {@code input}'s shape and dtype. */
    static void requireMatchingTarget(String loss, Tensor input, Tensor target) {
        requireFloating(loss, "input", input);
        requireFloating(loss, "target", target);
        if (!Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException(loss + ": target shape " + format(target.shape()) + " differs from input shape "
                    + format(input.shape()) + "; they must be equal (Panagrad does not broadcast a loss's target)");
        }
        requireSameDtype(loss, "target", input, target);
    }

    /**
     * An optional (null allowed) element weight of the input's dtype that broadcasts to the input's shape
     * without enlarging it.
     */
    static void requireBroadcastableWeight(String loss, String what, Tensor weight, Tensor input) {
        if (weight == null) {
            return;
        }
        requireFloating(loss, what, weight);
        requireSameDtype(loss, what, input, weight);
        int[] w = weight.shape();
        int[] x = input.shape();
        boolean ok = w.length <= x.length;
        for (int k = 1; ok && k <= w.length; k++) {
            int wd = w[w.length - k];
            ok = wd == 1 || wd == x[x.length - k];
        }
        if (!ok) {
            throw new IllegalArgumentException(loss + ": " + what + " of shape " + format(w)
                    + " does not broadcast to the input shape " + format(x));
        }
    }

    /** A reduction that is not null. */
    static Reduction requireReduction(String loss, Reduction reduction) {
        requirePresent(loss, "reduction", reduction);
        return reduction;
    }

    /** A shape as PyTorch prints it, {@code [2, 3]}. */
    static String format(int[] shape) {
        return Arrays.toString(shape);
    }
}

package dev.panagrad.core;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The running gradients of one reverse pass, by tensor identity. Contributions to one tensor are
 * summed in the order they arrive: ((c₁ + c₂) + c₃) + ….
 *
 * <p><b>Slices in place.</b> The gradient of a slice is the slice's gradient placed into zeros of
 * the sliced tensor's shape. Summed densely, the k slices of a sequence cost k full-size zero fills
 * and additions. When nothing records the reverse pass ({@code inPlace}: no enclosing tape is
 * recording, anomaly mode is off), {@link #addSlice} instead adds the slice's gradient straight into
 * a zero-filled buffer this accumulator owns, touching only the slice: O(slice) per contribution. A
 * dense contribution that arrives once a buffer exists is added into it in place too, and so is
 * every contribution after the second to a tensor used many times (a recurrent weight at each time
 * step): the first sum is a fresh tensor this accumulator owns. The order of the sum is unchanged and
 * every nonzero result is bit for bit the dense one. The gradients of a 2-D {@code matmul}'s operands and of a
 * linear layer's weight ({@code gᵀ·x}) likewise go straight into the running sum ({@link #addProduct}).
 *
 * <p>The one difference is the sign of a zero result: the dense path also adds the +0s around each
 * slice, and −0 + +0 = +0, so an element whose every contribution was ±0 can come out −0 on one
 * path and +0 on the other. The two compare equal.
 *
 * <p>When the pass is recorded, slices go through the differentiable {@link Slicing#sliceBackward}
 * and sums through {@link Tensor#add}, so an enclosing tape can differentiate the gradient again.
 */
final class GradientAccumulator {
    private final boolean inPlace;
    private final Map<Tensor, Tensor> sums = new IdentityHashMap<>();
    /** Buffers made here that nobody else has seen yet, so they may still be written. */
    private final Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());

    /** An accumulator that adds slice gradients in place when {@code inPlace}, else densely. */
    GradientAccumulator(boolean inPlace) {
        this.inPlace = inPlace;
    }

    /** Sets the gradient of {@code t} (the cotangent of the target), replacing any sum. */
    void put(Tensor t, Tensor gradient) {
        owned.remove(sums.put(t, gradient));
    }

    /** Adds {@code gradient}, of {@code input}'s shape and dtype, to the gradient of {@code input}. */
    void add(Tensor input, Tensor gradient) {
        Tensor previous = sums.get(input);
        if (previous == null) {
            sums.put(input, gradient);
        } else if (owned.contains(previous)) {
            StridedCopy.addRun(gradient.array(), 0, previous.array(), 0, previous.numel());
        } else {
            Tensor sum = previous.add(gradient);
            sums.put(input, sum);
            if (inPlace) { // a fresh tensor nobody has seen: later contributions (a shared weight's) go into it
                owned.add(sum);
            }
        }
    }

    /**
     * Adds the gradient of a slice of {@code input}: {@code g} holds the gradient of the entries
     * {@code start, start+step, …} along dim {@code d}; the rest of {@code input} gets zeros.
     */
    void addSlice(Tensor input, Tensor g, int d, int start, int step) {
        int[] shape = input.shapeRef();
        if (!inPlace) {
            add(input, Slicing.sliceBackward(g, d, shape[d], start, step));
            return;
        }
        Tensor buffer = ownedSum(input);
        int[] strides = Shapes.strides(shape);
        int[] dstStrides = strides.clone();
        dstStrides[d] *= step;
        StridedCopy.addInto(g.shapeRef(), g.array(), buffer.array(), start * strides[d], dstStrides);
    }

    /**
     * Adds the 2-D product {@code op(a)·op(b)}, of {@code input}'s shape and dtype, to the gradient of {@code input}.
     * In place, the product is computed straight into a buffer this accumulator owns: a fresh one for the first
     * contribution, kept for the next, so a weight used at every time step of a sequence costs neither a product
     * tensor nor a separate sum per step. The sum order is unchanged; each product's dot products are added to the
     * running sum whole (for a depth of more than 512, block by block of 512, as the GEMM kernels accumulate).
     */
    void addProduct(Tensor input, Tensor a, boolean transA, Tensor b, boolean transB) {
        if (!inPlace) {
            add(input, LinearAlgebra.matmul(a, b, transA, transB));
            return;
        }
        boolean first = !sums.containsKey(input);
        LinearAlgebra.productInto(a, transA, b, transB, ownedSum(input), !first);
    }

    /**
     * The running sum of {@code input}'s gradient as a buffer this accumulator owns and may write: the owned one, or a
     * fresh copy of the sum so far (zeros when nothing has arrived yet), registered in its place.
     */
    private Tensor ownedSum(Tensor input) {
        Tensor sum = sums.get(input);
        if (sum != null && owned.contains(sum)) {
            return sum;
        }
        Tensor fresh = Tensor.empty(input.dtype(), input.shapeRef().clone()); // zero-filled
        if (sum != null) {
            System.arraycopy(sum.array(), 0, fresh.array(), 0, fresh.numel());
        }
        sums.put(input, fresh);
        owned.add(fresh);
        return fresh;
    }

    /** The gradient of {@code t} (null if nothing reached it), removed; it will not be written again. */
    Tensor remove(Tensor t) {
        Tensor g = sums.remove(t);
        owned.remove(g);
        return g;
    }

    /** The gradient of {@code t} (null if nothing reached it); it will not be written again. */
    Tensor get(Tensor t) {
        Tensor g = sums.get(t);
        owned.remove(g);
        return g;
    }
}

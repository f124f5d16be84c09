package dev.panagrad.core;

/**
 * Inverted dropout (PyTorch semantics): in training, each element is kept with probability
 * {@code 1 − p} and scaled by {@code 1/(1 − p)}, so the expected value is unchanged; in evaluation it
 * is the identity. The mask comes from an explicit seeded {@link Rng} and is a constant: the product
 * with it is what gets differentiated.
 */
final class Dropout {
    private Dropout() {}

    /** z = x ⊙ mask in training (mask from {@link #mask}), z = x otherwise.  ∂x = g ⊙ mask, or g. */
    static Tensor dropout(Tensor x, double p, boolean training, Rng rng) {
        Elementwise.requireFloating("dropout", x);
        checkP("dropout", p);
        if (!training || p == 0) {
            return Recorder.record("dropout", x.withShape(x.shapeRef()), (g, grads) -> grads.add(x, g), x);
        }
        if (rng == null) {
            throw new IllegalArgumentException("dropout: training with p=" + p + " needs a random generator, got null");
        }
        return x.mul(mask(rng, p, x.dtype(), x.shapeRef()));
    }

    /**
     * A dropout mask: each element independently {@code 1/(1 − p)} with probability {@code 1 − p}
     * (one {@link Rng#nextDouble()} per element, in row-major order), else 0. With p = 1 every element is 0.
     */
    static Tensor mask(Rng rng, double p, DType dtype, int[] shape) {
        checkP("dropoutMask", p);
        if (rng == null) {
            throw new IllegalArgumentException("dropoutMask: needs a random generator, got null");
        }
        if (dtype == null || !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("dropoutMask: needs a floating dtype, got " + dtype);
        }
        Tensor m = Tensor.empty(dtype, Shapes.checkShape("dropoutMask", shape));
        double keep = 1 - p, scale = 1 / keep;
        int n = m.numel();
        if (dtype == DType.FLOAT32) {
            float[] a = m.f32();
            for (int i = 0; i < n; i++) {
                a[i] = rng.nextDouble() < keep ? (float) scale : 0f;
            }
        } else {
            double[] a = m.f64();
            for (int i = 0; i < n; i++) {
                a[i] = rng.nextDouble() < keep ? scale : 0.0;
            }
        }
        return m;
    }

    private static void checkP(String op, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(op + ": probability p must be in [0, 1], got " + p);
        }
    }
}

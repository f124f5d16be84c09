package dev.panagrad.core;

/** Element type of a tensor. FLOAT32 is the default; INT32 holds indices and labels and is never differentiable. */
public enum DType {
    /** 32-bit IEEE float: the fast path for training. */
    FLOAT32(4),
    /** 64-bit IEEE float: for exact checks such as finite-difference gradient checking. */
    FLOAT64(8),
    /** 32-bit signed integer: indices, labels and comparison masks (1 or 0). */
    INT32(4);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** Bytes per element. */
    public int byteSize() {
        return byteSize;
    }

    /** Whether values of this type are floating point (and so can carry gradients). */
    public boolean isFloatingPoint() {
        return this != INT32;
    }
}

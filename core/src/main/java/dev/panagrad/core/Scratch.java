package dev.panagrad.core;

/**
 * Per-thread work arrays that ops reuse from call to call instead of allocating (and zeroing) a large
 * temporary each time, e.g. convolution's column matrices. An array is handed out by slot; its
 * contents are garbage, the caller overwrites what it reads, and it must not keep the array beyond its
 * own call (the next call on the same thread gets the same array). Arrays only grow; what a thread
 * holds is bounded by the largest request of each slot, which callers keep bounded.
 */
final class Scratch {
    /** The slots, one array per slot, dtype and thread. */
    enum Slot {
        /** Convolution's column matrix. */
        COLUMNS,
        /** Convolution's channel-major product or gradient block. */
        PRODUCT,
        /** Direct convolution's zero-bordered input planes and rearranged weights. */
        PADDED
    }

    private static final int SLOTS = Slot.values().length;
    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[SLOTS][]);
    private static final ThreadLocal<double[][]> DOUBLES = ThreadLocal.withInitial(() -> new double[SLOTS][]);

    private Scratch() {}

    /** A float[] or double[] (by {@code dtype}) of at least {@code size} elements for {@code slot}. */
    static Object array(DType dtype, Slot slot, int size) {
        if (dtype == DType.FLOAT32) {
            float[][] held = FLOATS.get();
            float[] a = held[slot.ordinal()];
            if (a == null || a.length < size) {
                a = new float[size];
                held[slot.ordinal()] = a;
            }
            return a;
        }
        double[][] held = DOUBLES.get();
        double[] a = held[slot.ordinal()];
        if (a == null || a.length < size) {
            a = new double[size];
            held[slot.ordinal()] = a;
        }
        return a;
    }
}

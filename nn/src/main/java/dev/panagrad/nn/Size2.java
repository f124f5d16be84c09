package dev.panagrad.nn;

/**
 * A (height, width) setting of a 2-D layer that remembers whether the user gave one number or a pair, so
 * that {@code extraRepr} prints it as PyTorch does ({@code kernel_size=2} or {@code kernel_size=(2, 3)}).
 */
record Size2(int height, int width, boolean scalar) {

    /** The same value for both axes, given as one number. */
    static Size2 of(int both) {
        return new Size2(both, both, true);
    }

    /** A (height, width) pair. */
    static Size2 of(int height, int width) {
        return new Size2(height, width, false);
    }

    /** {@code {height, width}}. */
    int[] toArray() {
        return new int[] {height, width};
    }

    /** As Python prints the value the user gave: {@code 2} or {@code (2, 3)}. */
    String py() {
        return scalar ? Integer.toString(height) : "(" + height + ", " + width + ")";
    }
}

package dev.panagrad.core.kernels;

/**
 * The pooling windows along one axis: output position {@code i} covers input positions
 * {@code [start[i], end[i])} (never empty, inside {@code [0, in)}) and an average over it divides by
 * {@code divisor[i]} (the full kernel size when padding counts, the window length otherwise). The
 * arrays are owned by this object and must not be modified.
 *
 * @param in      input length along the axis
 * @param start   first input position of each window
 * @param end     one past the last input position of each window
 * @param divisor averaging factor of each window
 */
public record PoolWindows(int in, int[] start, int[] end, int[] divisor) {

    /** Output length along the axis. */
    public int out() {
        return start.length;
    }

    /**
     * Sliding windows of {@code kernel} with {@code stride} and {@code padding}, clipped to the input and
     * averaging over the full kernel (PyTorch's {@code count_include_pad=True}, {@code ceil_mode=False}).
     */
    public static PoolWindows sliding(int in, int kernel, int stride, int padding) {
        int out = (in + 2 * padding - kernel) / stride + 1;
        int[] start = new int[out], end = new int[out], divisor = new int[out];
        for (int i = 0; i < out; i++) {
            int s = i * stride - padding;
            start[i] = Math.max(0, s);
            end[i] = Math.min(in, s + kernel);
            divisor[i] = kernel;
        }
        return new PoolWindows(in, start, end, divisor);
    }

    /** PyTorch's adaptive windows: {@code [⌊i·in/out⌋, ⌈(i+1)·in/out⌉)}, averaging over their length. */
    public static PoolWindows adaptive(int in, int out) {
        int[] start = new int[out], end = new int[out], divisor = new int[out];
        for (int i = 0; i < out; i++) {
            start[i] = (int) ((long) i * in / out);
            end[i] = (int) Math.ceilDiv((long) (i + 1) * in, out);
            divisor[i] = end[i] - start[i];
        }
        return new PoolWindows(in, start, end, divisor);
    }
}

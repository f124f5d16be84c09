package dev.panagrad.core.kernels;

import java.util.Arrays;

/**
 * The pooling windows along one axis: output position {@code i} covers the input positions
 * {@code start[i], start[i] + step, …} below {@code end[i]} (inside {@code [0, in)}; the step is the
 * dilation), and an average over it divides by {@code divisor[i]}. The pooling ops reject
 * configurations with an empty window before a kernel sees them. The arrays are owned by this object
 * and must not be modified.
 *
 * @param in      input length along the axis
 * @param start   first input position of each window
 * @param end     bound of each window: its positions are below it
 * @param step    distance between the positions of a window (1 unless dilated)
 * @param divisor averaging factor of each window
 */
public record PoolWindows(int in, int[] start, int[] end, int step, int[] divisor) {

    /** Output length along the axis. */
    public int out() {
        return start.length;
    }

    /**
     * Whether window {@code i} is exactly the two positions {@code 2i, 2i + 1}: kernel 2, stride 2, no padding or
     * dilation, the most common pooling (kernels specialise it).
     */
    public boolean isPairs() {
        if (step != 1) {
            return false;
        }
        for (int i = 0; i < start.length; i++) {
            if (start[i] != 2 * i || end[i] != 2 * i + 2) {
                return false;
            }
        }
        return true;
    }

    /**
     * PyTorch's pooling output length:
     * {@code ⌊(in + 2·padding − dilation·(kernel − 1) − 1 + (ceilMode ? stride − 1 : 0)) / stride⌋ + 1},
     * minus one in ceil mode when the last window would start at or past {@code in + padding} (in the right
     * padding). May be zero or negative, which callers reject.
     */
    public static int outputSize(int in, int kernel, int stride, int padding, int dilation, boolean ceilMode) {
        int extent = dilation * (kernel - 1) + 1;
        int out = Math.floorDiv(in + 2 * padding - extent + (ceilMode ? stride - 1 : 0), stride) + 1;
        if (ceilMode && (out - 1) * stride >= in + padding) {
            out--;
        }
        return out;
    }

    /**
     * Sliding windows as PyTorch's {@code max_pool2d} / {@code avg_pool2d} place them: window {@code i}
     * has the taps {@code i·stride − padding + t·dilation} for {@code t < kernel}, of which those inside
     * the input are kept. The divisor counts the taps inside {@code [−padding, in + padding)} when
     * {@code countIncludePad} (so, in ceil mode, a window running past the right padding does not count
     * that part: PyTorch's {@code min(start + kernel, in + padding) − start}), else the taps inside the
     * input. The caller checks that {@link #outputSize} is positive; a window may be empty only with
     * dilation and padding (see {@link #firstEmpty()}).
     */
    public static PoolWindows sliding(int in, int kernel, int stride, int padding, int dilation, boolean ceilMode,
            boolean countIncludePad) {
        int out = outputSize(in, kernel, stride, padding, dilation, ceilMode);
        int[] start = new int[out], end = new int[out], divisor = new int[out];
        for (int i = 0; i < out; i++) {
            int s = i * stride - padding;
            start[i] = s < 0 ? s + Math.ceilDiv(-s, dilation) * dilation : s;
            end[i] = Math.min(in, s + dilation * (kernel - 1) + 1);
            divisor[i] = countIncludePad ? Math.min(kernel, Math.ceilDiv(in + padding - s, dilation))
                    : Math.max(0, Math.ceilDiv(end[i] - start[i], dilation));
        }
        return new PoolWindows(in, start, end, dilation, divisor);
    }

    /** PyTorch's adaptive windows: {@code [⌊i·in/out⌋, ⌈(i+1)·in/out⌉)}, averaging over their length. */
    public static PoolWindows adaptive(int in, int out) {
        int[] start = new int[out], end = new int[out], divisor = new int[out];
        for (int i = 0; i < out; i++) {
            start[i] = (int) ((long) i * in / out);
            end[i] = (int) Math.ceilDiv((long) (i + 1) * in, out);
            divisor[i] = end[i] - start[i];
        }
        return new PoolWindows(in, start, end, 1, divisor);
    }

    /** The same windows, all averaging by {@code divisor} (PyTorch's {@code divisor_override} on one axis, 1 on the other). */
    public PoolWindows withDivisor(int divisor) {
        int[] d = new int[out()];
        Arrays.fill(d, divisor);
        return new PoolWindows(in, start, end, step, d);
    }

    /** The first window that holds no input position, or −1 when every window holds one. */
    public int firstEmpty() {
        for (int i = 0; i < out(); i++) {
            if (start[i] >= end[i]) {
                return i;
            }
        }
        return -1;
    }
}

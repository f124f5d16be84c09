package dev.panagrad.core;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints tensors the way PyTorch does: nested brackets, sub-tensors separated by as many newlines as
 * they have dims, values right-aligned to a common width, rows wrapped at 80 columns, and only the
 * first and last 3 entries of each dim when there are more than 1000 elements. Floating values have
 * 4 decimals, switching to scientific notation (PyTorch's rule) when the nonzero magnitudes span
 * more than a factor 1000, exceed 1e8 or fall below 1e-4; NaN and infinities print as {@code nan},
 * {@code inf}, {@code -inf}; INT32 values print as integers. The shape and dtype follow the values
 * (and {@code requiresGrad=true} when set):
 * {@code tensor([[1.0000, 2.0000],\n        [3.0000, 4.0000]], shape=[2, 2], dtype=FLOAT32)}.
 */
final class TensorFormat {
    /** More elements than this are summarized. */
    static final int THRESHOLD = 1000;
    /** Entries kept at each end of a summarized dim. */
    static final int EDGE = 3;
    private static final int LINE_WIDTH = 80;
    private static final int PRECISION = 4;
    private static final String PREFIX = "tensor(";

    private TensorFormat() {}

    static String format(Tensor t) {
        int[] shape = t.shapeRef();
        boolean summarize = t.numel() > THRESHOLD;
        StringBuilder sb = new StringBuilder(PREFIX);
        if (t.numel() == 0) {
            sb.append("[]");
        } else {
            List<Integer> shown = new ArrayList<>();
            collect(shape, 0, 0, Shapes.strides(shape), summarize, shown);
            Formatter f = new Formatter(t, shown);
            appendDim(sb, t, f, shape, Shapes.strides(shape), 0, 0, summarize, PREFIX.length());
        }
        sb.append(", shape=").append(Shapes.format(shape)).append(", dtype=").append(t.dtype());
        if (t.requiresGrad()) {
            sb.append(", requiresGrad=true");
        }
        return sb.append(')').toString();
    }

    /** The flat offsets of the elements that will be printed, in order. */
    private static void collect(int[] shape, int d, int offset, int[] strides, boolean summarize, List<Integer> out) {
        if (d == shape.length) {
            out.add(offset);
            return;
        }
        for (int i : shownIndices(shape[d], summarize)) {
            collect(shape, d + 1, offset + i * strides[d], strides, summarize, out);
        }
    }

    /** The entries of a dim of size n to print; -1 stands for the "..." between the two edges. */
    private static int[] shownIndices(int n, boolean summarize) {
        if (!summarize || n <= 2 * EDGE) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] edges = new int[2 * EDGE];
        for (int i = 0; i < EDGE; i++) {
            edges[i] = i;
            edges[EDGE + i] = n - EDGE + i;
        }
        return edges;
    }

    private static void appendDim(StringBuilder sb, Tensor t, Formatter f, int[] shape, int[] strides, int d, int offset,
            boolean summarize, int indent) {
        if (shape.length == 0) {
            sb.append(f.format(t.flatDouble(offset)).strip());
            return;
        }
        int n = shape[d];
        int[] shown = shownIndices(n, summarize);
        boolean elided = shown.length < n;
        List<String> parts = new ArrayList<>();
        for (int k = 0; k < shown.length; k++) {
            if (elided && k == EDGE) {
                parts.add(d == shape.length - 1 ? " ..." : "...");
            }
            int at = offset + shown[k] * strides[d];
            if (d == shape.length - 1) {
                parts.add(f.format(t.flatDouble(at)));
            } else {
                StringBuilder sub = new StringBuilder();
                appendDim(sub, t, f, shape, strides, d + 1, at, summarize, indent + 1);
                parts.add(sub.toString());
            }
        }
        sb.append('[');
        if (d == shape.length - 1) {
            int perLine = Math.max(1, (LINE_WIDTH - indent) / (f.width() + 2));
            for (int k = 0; k < parts.size(); k++) {
                if (k > 0) {
                    sb.append(k % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
                }
                sb.append(parts.get(k));
            }
        } else {
            String separator = "," + "\n".repeat(shape.length - d - 1) + " ".repeat(indent + 1);
            sb.append(String.join(separator, parts));
        }
        sb.append(']');
    }

    /** Chooses fixed or scientific notation and the common width from the printed values, as PyTorch's _Formatter. */
    private static final class Formatter {
        private final boolean integer;
        private boolean scientific;
        private int width = 1;

        Formatter(Tensor t, List<Integer> shown) {
            integer = t.dtype() == DType.INT32;
            if (integer) {
                for (int i : shown) {
                    width = Math.max(width, Integer.toString(t.i32()[i]).length());
                }
                return;
            }
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            for (int i : shown) {
                double v = Math.abs(t.flatDouble(i));
                if (v != 0 && Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
            if (max == 0) {
                width = fixed(0).length();
                return;
            }
            scientific = max / min > 1000 || max > 1e8 || min < 1e-4;
            for (int i : shown) {
                double v = t.flatDouble(i);
                if (v != 0 && Double.isFinite(v)) {
                    width = Math.max(width, plain(v).length());
                }
            }
        }

        int width() {
            return width;
        }

        /** The value right-aligned to the common width. */
        String format(double v) {
            String s = integer ? Long.toString((long) v) : plain(v);
            return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
        }

        private String plain(double v) {
            if (Double.isNaN(v)) {
                return "nan";
            }
            if (Double.isInfinite(v)) {
                return v > 0 ? "inf" : "-inf";
            }
            return scientific ? scientific(v) : fixed(v);
        }
    }

    /** {@code v} with 4 decimals, rounded half-even on its exact binary value (as Python's format). */
    static String fixed(double v) {
        String s = new BigDecimal(v).setScale(PRECISION, RoundingMode.HALF_EVEN).toPlainString();
        return negative(v) && !s.startsWith("-") ? "-" + s : s;
    }

    /** {@code v} as {@code d.dddde±XX}, rounded half-even on its exact binary value (as Python's format). */
    static String scientific(double v) {
        if (v == 0) {
            return (negative(v) ? "-" : "") + "0." + "0".repeat(PRECISION) + "e+00";
        }
        BigDecimal r = new BigDecimal(v).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
        String digits = r.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - r.scale();
        digits = (digits + "0".repeat(PRECISION + 1)).substring(0, PRECISION + 1);
        int e = Math.abs(exponent);
        return (v < 0 ? "-" : "") + digits.charAt(0) + "." + digits.substring(1) + "e" + (exponent < 0 ? "-" : "+")
                + (e < 10 ? "0" : "") + e;
    }

    private static boolean negative(double v) {
        return Double.doubleToRawLongBits(v) < 0;
    }
}

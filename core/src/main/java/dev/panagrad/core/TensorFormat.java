package dev.panagrad.core;

import java.util.Locale;

/** PyTorch-style printing: nested brackets, 4 decimals, elided with "..." beyond 1000 elements. */
final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE = 3;

    private TensorFormat() {}

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        int[] shape = t.shapeRef();
        boolean elide = t.numel() > THRESHOLD;
        if (t.numel() == 0) {
            sb.append("[]");
        } else {
            appendDim(sb, t, shape, 0, 0, elide, "tensor(".length());
        }
        sb.append(", shape=").append(Shapes.format(shape)).append(", dtype=").append(t.dtype()).append(')');
        return sb.toString();
    }

    private static void appendDim(StringBuilder sb, Tensor t, int[] shape, int d, int offset, boolean elide, int indent) {
        if (d == shape.length) {
            sb.append(element(t, offset));
            return;
        }
        int stride = 1;
        for (int k = d + 1; k < shape.length; k++) {
            stride *= shape[k];
        }
        sb.append('[');
        int n = shape[d];
        for (int i = 0; i < n; i++) {
            if (elide && n > 2 * EDGE && i == EDGE) {
                sb.append(d == shape.length - 1 ? "..., " : "...,\n" + " ".repeat(indent + d + 1));
                i = n - EDGE - 1;
                continue;
            }
            appendDim(sb, t, shape, d + 1, offset + i * stride, elide, indent);
            if (i < n - 1) {
                sb.append(d == shape.length - 1 ? ", " : ",\n" + "\n".repeat(Math.max(0, shape.length - d - 2)) + " ".repeat(indent + d + 1));
            }
        }
        sb.append(']');
    }

    private static String element(Tensor t, int i) {
        if (t.dtype() == DType.INT32) {
            return Integer.toString(t.i32()[i]);
        }
        double v = t.flatDouble(i);
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }
}

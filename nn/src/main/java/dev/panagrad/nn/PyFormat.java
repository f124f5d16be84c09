package dev.panagrad.nn;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

/** Python's {@code repr} of numbers, for {@link Module#extraRepr()} strings that read like PyTorch's. */
final class PyFormat {
    private PyFormat() {}

    /**
     * Python's shortest round-tripping float repr: {@code 1e-05}, {@code 0.1}, {@code 1.0}, {@code 1e+16};
     * scientific notation when the decimal exponent is below −4 or at least 16, as Python chooses.
     */
    static String pyFloat(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0.0" : "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (exponent >= -4 && exponent < 16) {
            String plain = d.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = d.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.format("%02d", Math.abs(exponent));
        return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+") + exp;
    }

    /** A Python tuple of ints: {@code (4,)} or {@code (2, 3)}. */
    static String pyTuple(int[] values) {
        return tuple(Arrays.stream(values).mapToObj(Integer::toString).toList());
    }

    /** A Python tuple of floats: {@code (2.0,)} or {@code (1.5, 2.0)}. */
    static String pyTuple(double[] values) {
        return tuple(Arrays.stream(values).mapToObj(PyFormat::pyFloat).toList());
    }

    private static String tuple(List<String> items) {
        return items.size() == 1 ? "(" + items.get(0) + ",)" : "(" + String.join(", ", items) + ")";
    }
}

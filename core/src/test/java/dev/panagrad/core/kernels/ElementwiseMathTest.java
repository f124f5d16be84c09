package dev.panagrad.core.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/** Accuracy of the erf/erfc implementation against an independent 90-digit reference. */
class ElementwiseMathTest {
    static final MathContext MC = new MathContext(90);
    static final BigDecimal SQRT_PI = new BigDecimal(
            "1.772453850905516027298167483341145182797549456122387128213807789852911284591025248453");

    /** erf by its Maclaurin series 2/√π Σ (−1)ⁿ x^{2n+1}/(n!(2n+1)), summed in 90-digit arithmetic. */
    static BigDecimal erfReference(double xd) {
        BigDecimal x = new BigDecimal(xd);
        BigDecimal x2 = x.multiply(x, MC);
        BigDecimal power = x; // (−1)ⁿ x^{2n+1}/n!
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal tiny = new BigDecimal("1e-80");
        for (int n = 0; ; n++) {
            BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), MC);
            sum = sum.add(term, MC);
            if (n > 2 * xd * xd + 10 && term.abs().compareTo(tiny) < 0) {
                break;
            }
            power = power.multiply(x2, MC).negate().divide(BigDecimal.valueOf(n + 1), MC);
        }
        return sum.multiply(BigDecimal.valueOf(2), MC).divide(SQRT_PI, MC);
    }

    @Test
    void erfHasRelativeErrorBelowTenToTheMinusFourteen() {
        double worst = 0;
        for (double x = -6; x <= 6; x += 0.031) {
            double exact = erfReference(x).doubleValue();
            worst = Math.max(worst, Math.abs(ElementwiseMath.erf(x) - exact) / Math.abs(exact));
        }
        double w = worst;
        assertTrue(w < 1e-14, () -> "worst relative error of erf: " + w);
    }

    @Test
    void erfcIsRelativelyAccurateFarIntoTheTail() {
        double worst = 0;
        for (double x = -3; x <= 9; x += 0.027) {
            double exact = BigDecimal.ONE.subtract(erfReference(x), MC).doubleValue();
            worst = Math.max(worst, Math.abs(ElementwiseMath.erfc(x) - exact) / exact);
        }
        double w = worst;
        assertTrue(w < 1e-13, () -> "worst relative error of erfc: " + w);
    }
}

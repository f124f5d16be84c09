package dev.panagrad.core.kernels.simd;

import static jdk.incubator.vector.VectorOperators.ASHR;
import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.FMA;
import static jdk.incubator.vector.VectorOperators.IS_NAN;
import static jdk.incubator.vector.VectorOperators.LSHL;
import static jdk.incubator.vector.VectorOperators.LSHR;
import static jdk.incubator.vector.VectorOperators.LT;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;

/**
 * exp, expm1, tanh, log and log1p on double lanes, built only from IEEE 754 add, subtract, multiply,
 * divide, fma, min/max, comparisons and bit operations, so they give the same bits whether the loop
 * runs in the interpreter, in C1 or in C2.
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)} and its siblings: once C2 compiles a loop they call
 * the JDK's native SVML routines, while the interpreter and C1 run a per-lane Java loop over
 * {@link Math}/{@link StrictMath}. The two differ in the last bit for some inputs, so a kernel's output
 * depended on whether the JIT had compiled it yet, and the same seed gave different training runs.
 * Every operation used here is exactly specified by IEEE 754 and the JLS, so the results are
 * reproducible; within 1 ulp of {@link Math} for exp, log and log1p and 2 ulp for expm1 and tanh in
 * the tests, so the float kernels, which round these to float, almost always equal the scalar ones.
 * The hot float kernels (exp, expm1, tanh, sigmoid) have float-lane versions of the same algorithms,
 * within 2 ulp of Math rounded to float and as fast as the Vector API operators they replace.
 *
 * <p>exp and expm1 reduce x = n·ln 2 + r with n = rint(x·log₂e) and |r| ≤ ½ln 2 + ε, sum the Taylor
 * series of eʳ − 1 to degree 13 (the next term is below 2⁻⁵⁸ on that interval) and scale by 2ⁿ in two
 * steps, so results in the subnormal range are rounded once. log writes x = 2ᵏ·m with m in [√½, √2)
 * and takes log m = 2·atanh s, s = (m − 1)/(m + 1), |s| ≤ 0.172, from its Taylor series to s¹⁹.
 */
final class VectorTranscendentals {
    private VectorTranscendentals() {}

    /** 1.5·2⁵²: adding it to |y| &lt; 2⁵¹ rounds y to an integer n held in the low bits of the sum. */
    private static final double SHIFT = 0x1.8p52;
    private static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);
    /** 2⁵²: OR-ing an integer below 2⁵² into its mantissa gives 2⁵² + that integer. */
    private static final long TWO_52_BITS = Double.doubleToRawLongBits(0x1p52);
    private static final long SIGN_BIT = Long.MIN_VALUE;
    private static final double LOG2E = 0x1.71547652b82fep0;
    /** ln 2 rounded to double, and the rest: fma(−n, LN2_HI, x) is exact for |n| ≤ 1100. */
    private static final double LN2_HI = 0x1.62e42fefa39efp-1;
    private static final double LN2_LO = 0x1.abc9e3b39803fp-56;
    /** ln 2 cut to 42 bits, so k·LN2_HI42 is exact for |k| &lt; 2¹¹, and the rest. */
    private static final double LN2_HI42 = 0x1.62e42fefa38p-1;
    private static final double LN2_LO42 = 0x1.ef35793c7673p-45;
    /** Above this exp overflows (Math.exp's threshold lies below); below EXP_LOW it underflows to 0. */
    private static final double EXP_HIGH = 710;
    private static final double EXP_LOW = -746;
    /** expm1 x rounds to −1 for every x below this. */
    private static final double EXPM1_LOW = -40;
    /** tanh x rounds to ±1 beyond this. */
    private static final double TANH_SATURATION = 20;
    private static final long SQRT_HALF_BITS = Double.doubleToRawLongBits(0x1.6a09e667f3bcdp-1);
    private static final long EXPONENT_FIELD = 0xFFF0_0000_0000_0000L;
    private static final double TWO_54 = 0x1p54;

    /**
     * eˣ; +∞ above ≈ 709.78, 0 below ≈ −745.13, NaN for NaN. One straight line of vector operations
     * (no calls), so C2 compiles the caller's loop with every vector in a register. Results below
     * e⁻⁷⁰⁸ (subnormal) are scaled in two steps.
     */
    static DoubleVector exp(DoubleVector x) {
        DoubleVector xc = x.max(EXP_LOW).min(EXP_HIGH);
        DoubleVector t = xc.fma(LOG2E, SHIFT); // SHIFT + n
        DoubleVector n = t.sub(SHIFT);
        DoubleVector r1 = n.lanewise(FMA, -LN2_HI, xc); // exact
        DoubleVector c = n.mul(-LN2_LO);
        DoubleVector r = r1.add(c); // x − n·ln 2
        DoubleVector tail = r.fma(1.0 / 6227020800L, 1.0 / 479001600).lanewise(FMA, r, 1.0 / 39916800).lanewise(FMA, r, 1.0 / 3628800)
                .lanewise(FMA, r, 1.0 / 362880).lanewise(FMA, r, 1.0 / 40320).lanewise(FMA, r, 1.0 / 5040).lanewise(FMA, r, 1.0 / 720).lanewise(FMA, r, 1.0 / 120)
                .lanewise(FMA, r, 1.0 / 24).lanewise(FMA, r, 1.0 / 6).lanewise(FMA, r, 1.0 / 2);
        // eʳ = (1 + r₁) + (what 1 + r₁ lost + c + r²·tail): the rounding errors stay in the small sum
        DoubleVector hi = r1.add(1);
        DoubleVector lost = hi.neg().add(1).add(r1); // exact: (1 − hi) + r₁
        DoubleVector p = hi.add(r.mul(r).fma(tail, lost.add(c)));
        // 2ⁿ as 2^⌊n/2⌋·2^(n−⌊n/2⌋): both factors are normal for every n in [−1076, 1024]
        LongVector nBits = t.reinterpretAsLongs().sub(SHIFT_BITS);
        LongVector half = nBits.lanewise(ASHR, 1);
        DoubleVector s1 = half.add(1023).lanewise(LSHL, 52).reinterpretAsDoubles();
        DoubleVector s2 = nBits.sub(half).add(1023).lanewise(LSHL, 52).reinterpretAsDoubles();
        return p.mul(s1).mul(s2);
    }

    /** eˣ − 1, exact (x itself) for |x| below 2⁻⁵⁴ including −0; −1 below −40, +∞ above ≈ 709.78. */
    static DoubleVector expm1(DoubleVector x) {
        DoubleVector xc = x.max(EXPM1_LOW).min(EXP_HIGH);
        DoubleVector t = xc.fma(LOG2E, SHIFT);
        DoubleVector n = t.sub(SHIFT);
        DoubleVector r = n.lanewise(FMA, -LN2_LO, n.lanewise(FMA, -LN2_HI, xc));
        DoubleVector tail = r.fma(1.0 / 6227020800L, 1.0 / 479001600).lanewise(FMA, r, 1.0 / 39916800).lanewise(FMA, r, 1.0 / 3628800)
                .lanewise(FMA, r, 1.0 / 362880).lanewise(FMA, r, 1.0 / 40320).lanewise(FMA, r, 1.0 / 5040).lanewise(FMA, r, 1.0 / 720).lanewise(FMA, r, 1.0 / 120)
                .lanewise(FMA, r, 1.0 / 24).lanewise(FMA, r, 1.0 / 6).lanewise(FMA, r, 1.0 / 2);
        DoubleVector q = tail.fma(r.mul(r), r); // eʳ − 1
        // 2ⁿ(1 + q) − 1 = (2^n₁·q + (2^n₁ − 2^−n₂))·2^n₂ with n₁ = ⌊n/2⌋, n₂ = n − n₁: rounded once where it matters
        LongVector nBits = t.reinterpretAsLongs().sub(SHIFT_BITS);
        LongVector half = nBits.lanewise(ASHR, 1);
        LongVector rest = nBits.sub(half);
        DoubleVector s1 = half.add(1023).lanewise(LSHL, 52).reinterpretAsDoubles();
        DoubleVector s2 = rest.add(1023).lanewise(LSHL, 52).reinterpretAsDoubles();
        DoubleVector s2Inverse = rest.neg().add(1023).lanewise(LSHL, 52).reinterpretAsDoubles();
        DoubleVector y = s1.fma(q, s1.sub(s2Inverse)).mul(s2);
        return y.blend(x, x.compare(EQ, 0));
    }

    /** tanh x = sign(x)·e/(e + 2), e = expm1(2·min(|x|, 20)): no cancellation near 0, ±1 beyond 20. */
    static DoubleVector tanh(DoubleVector x) {
        DoubleVector e = expm1(x.abs().min(TANH_SATURATION).mul(2));
        DoubleVector t = e.div(e.add(2));
        return t.reinterpretAsLongs().or(x.reinterpretAsLongs().and(SIGN_BIT)).reinterpretAsDoubles();
    }

    /** ln x as {@link Math#log}: −∞ at ±0, NaN below 0, +∞ at +∞, subnormals exact in range. */
    static DoubleVector log(DoubleVector x) {
        DoubleVector r = logPositive(x, x.broadcast(0));
        return specials(r, x, x);
    }

    /**
     * ln(1 + z) as {@link Math#log1p}: u = 1 + z rounded, plus the rounding error c of that sum
     * (exact, by Knuth's two-sum) as c/u, the first-order term of ln(u + c) − ln u; z itself when u = 1.
     */
    static DoubleVector log1p(DoubleVector z) {
        DoubleVector u = z.add(1);
        DoubleVector b = u.sub(z);
        DoubleVector c = b.neg().add(1).add(z.sub(u.sub(b))); // (1 − b) + (z − (u − b)) = 1 + z − u
        DoubleVector r = logPositive(u, c.div(u)).blend(z, u.compare(EQ, 1));
        return specials(r, u, z);
    }

    /** r where u is positive and finite; −∞ at u = 0, NaN below, and the argument at +∞ and NaN. */
    private static DoubleVector specials(DoubleVector r, DoubleVector u, DoubleVector arg) {
        VectorMask<Double> passThrough = arg.test(IS_NAN).or(arg.compare(EQ, Double.POSITIVE_INFINITY));
        return r.blend(Double.NaN, u.compare(LT, 0)).blend(Double.NEGATIVE_INFINITY, u.compare(EQ, 0))
                .blend(arg, passThrough);
    }

    /** ln u + cu for positive finite u (normal or subnormal), cu a correction far below ulp(ln u). */
    private static DoubleVector logPositive(DoubleVector u, DoubleVector cu) {
        VectorMask<Double> subnormal = u.compare(LT, Double.MIN_NORMAL);
        LongVector bits = u.blend(u.mul(TWO_54), subnormal).reinterpretAsLongs();
        // subtracting √½'s bits borrows from the exponent exactly when the mantissa is below √2's
        LongVector mBits = bits.sub(bits.sub(SQRT_HALF_BITS).and(EXPONENT_FIELD));
        DoubleVector m = mBits.reinterpretAsDoubles(); // in [√½, √2)
        DoubleVector k = biasedExponent(bits).sub(biasedExponent(mBits));
        k = k.blend(k.sub(54), subnormal);
        DoubleVector f = m.sub(1); // exact
        DoubleVector s = f.div(f.add(2));
        DoubleVector z = s.mul(s);
        // R = 2s²/3 + 2s⁴/5 + … + 2s¹⁸/19, so ln(1 + f) = 2s + s·R
        DoubleVector series = z.fma(2.0 / 19, 2.0 / 17)
                .lanewise(FMA, z, 2.0 / 15)
                .lanewise(FMA, z, 2.0 / 13)
                .lanewise(FMA, z, 2.0 / 11)
                .lanewise(FMA, z, 2.0 / 9)
                .lanewise(FMA, z, 2.0 / 7)
                .lanewise(FMA, z, 2.0 / 5)
                .lanewise(FMA, z, 2.0 / 3)
                .mul(z);
        DoubleVector halfF2 = f.mul(f).mul(0.5);
        // 2s = f − s·f and s·f = f²/2 − s·f²/2 give ln(1 + f) = f − (f²/2 − s·(f²/2 + R)); f is exact, so
        // the rounding errors all sit in the small correction
        DoubleVector low = s.fma(halfF2.add(series), k.lanewise(FMA, LN2_LO42, cu));
        return k.mul(LN2_HI42).sub(halfF2.sub(low).sub(f));
    }

    /** The biased exponent field of non-negative doubles' bits, as a double. */
    private static DoubleVector biasedExponent(LongVector bits) {
        return bits.lanewise(LSHR, 52).or(TWO_52_BITS).reinterpretAsDoubles().sub(0x1p52);
    }

    // ------------------------------------------------------------------ float lanes

    /** 1.5·2²³: adding it to |y| &lt; 2²² rounds y to an integer held in the low bits of the float sum. */
    private static final float SHIFT_F = 0x1.8p23f;
    private static final int SHIFT_F_BITS = Float.floatToRawIntBits(SHIFT_F);
    private static final float LOG2E_F = 0x1.715476p0f;
    /** ln 2 cut to 9 bits, so n·LN2_HI_F is exact for |n| ≤ 2¹⁵, and the rest. */
    private static final float LN2_HI_F = 0x1.63p-1f;
    private static final float LN2_LO_F = -0x1.bd0106p-13f;
    /** Float e^x overflows above 88.73 and underflows to 0 below −103.97; the clamps keep n in range. */
    private static final float EXP_HIGH_F = 89;
    private static final float EXP_LOW_F = -104;
    /** expm1 x rounds to −1 in float below this; tanh x rounds to ±1 beyond TANH_SATURATION_F. */
    private static final float EXPM1_LOW_F = -18;
    private static final float TANH_SATURATION_F = 9.5f;

    /**
     * eˣ in float lanes, within a few ulp of {@code (float) Math.exp(x)}: the same reduction as the
     * double {@link #exp(DoubleVector)} with a degree-7 Taylor polynomial (next term below 2⁻²⁷ on
     * |r| ≤ 0.35). Float lanes need no widening and hold twice as many values, which keeps the hot
     * float kernels as fast as the Vector API's own EXP; +∞ above ≈ 88.72, 0 below ≈ −103.97.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(EXP_LOW_F).min(EXP_HIGH_F);
        FloatVector t = xc.lanewise(FMA, LOG2E_F, SHIFT_F); // SHIFT_F + n
        FloatVector n = t.sub(SHIFT_F);
        FloatVector r = n.lanewise(FMA, -LN2_LO_F, n.lanewise(FMA, -LN2_HI_F, xc));
        FloatVector tail = r.lanewise(FMA, 1f / 5040, 1f / 720).lanewise(FMA, r, 1f / 120).lanewise(FMA, r, 1f / 24)
                .lanewise(FMA, r, 1f / 6).lanewise(FMA, r, 0.5f);
        FloatVector p = tail.fma(r.mul(r), r).add(1f); // eʳ
        // 2ⁿ as 2^⌊n/2⌋·2^(n−⌊n/2⌋): both factors are normal for every n in [−150, 129]
        IntVector nBits = t.reinterpretAsInts().sub(SHIFT_F_BITS);
        IntVector half = nBits.lanewise(ASHR, 1);
        FloatVector s1 = half.add(127).lanewise(LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = nBits.sub(half).add(127).lanewise(LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2);
    }

    /** eˣ − 1 in float lanes: exact near 0 (no cancellation), −0 kept, −1 below −18, +∞ above ≈ 88.72. */
    static FloatVector expm1(FloatVector x) {
        FloatVector xc = x.max(EXPM1_LOW_F).min(EXP_HIGH_F);
        FloatVector t = xc.lanewise(FMA, LOG2E_F, SHIFT_F);
        FloatVector n = t.sub(SHIFT_F);
        FloatVector r = n.lanewise(FMA, -LN2_LO_F, n.lanewise(FMA, -LN2_HI_F, xc));
        FloatVector tail = r.lanewise(FMA, 1f / 5040, 1f / 720).lanewise(FMA, r, 1f / 120).lanewise(FMA, r, 1f / 24)
                .lanewise(FMA, r, 1f / 6).lanewise(FMA, r, 0.5f);
        FloatVector q = tail.fma(r.mul(r), r); // eʳ − 1
        // 2ⁿ(1 + q) − 1 = (2^n₁·q + (2^n₁ − 2^−n₂))·2^n₂ with n₁ = ⌊n/2⌋, n₂ = n − n₁: every factor is finite
        IntVector nBits = t.reinterpretAsInts().sub(SHIFT_F_BITS);
        IntVector half = nBits.lanewise(ASHR, 1);
        IntVector rest = nBits.sub(half);
        FloatVector s1 = half.add(127).lanewise(LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = rest.add(127).lanewise(LSHL, 23).reinterpretAsFloats();
        FloatVector s2Inverse = rest.neg().add(127).lanewise(LSHL, 23).reinterpretAsFloats();
        FloatVector y = s1.fma(q, s1.sub(s2Inverse)).mul(s2);
        return y.blend(x, x.compare(EQ, 0));
    }

    /** tanh x in float lanes: sign(x)·e/(e + 2), e = expm1(2·min(|x|, 9.5)); ±1 beyond. */
    static FloatVector tanh(FloatVector x) {
        FloatVector e = expm1(x.abs().min(TANH_SATURATION_F).mul(2f));
        FloatVector t = e.div(e.add(2f));
        return t.reinterpretAsInts().or(x.reinterpretAsInts().and(Integer.MIN_VALUE)).reinterpretAsFloats();
    }

    /** 1/(1 + e^−x) in float lanes from e = exp(−|x|), as the double {@code VectorMath.sigmoid}. */
    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector r = e.broadcast(1f).div(e.add(1f));
        return r.blend(e.mul(r), x.compare(LT, 0f));
    }
}

package io.github.dvae.core.tensor;

/**
 * The exponential and the logarithm to nearly double accuracy, for elementwise kernels (softmax
 * numerators, Gumbel noise, relaxed samples and their weights): table-free polynomials on the
 * double's bits, no branch on the common path, every step an exactly rounded IEEE operation (add,
 * multiply, {@code Math.fma}, one division in {@link #log}) or an exact one (compares, integer
 * operations on the bits), so that {@code VectorExpLog} repeats them lane by lane to the same
 * bits, compiled or interpreted. Java 17 vectorises neither these nor {@code Math.exp}/{@code
 * Math.log}.
 *
 * <p>Error bounds (checked against {@code Math.exp} and {@code Math.log} by the tests, which
 * report the measured worst: 2.7e-14 and 1.2e-13, the latter one ulp of the largest logarithms,
 * {@code Math.log}'s rounding included): {@link #exp} relative error below
 * {@value #EXP_RELATIVE_ERROR} on {@code [-708, 709]}; {@link #log} absolute error below
 * {@value #LOG_ABSOLUTE_ERROR} on every positive normal double; {@link #exp2} and {@link #log2},
 * through them, within {@value #EXP2_RELATIVE_ERROR} (on {@code [-1022, 1023]}) and
 * {@value #LOG2_ABSOLUTE_ERROR}. So {@code exp(a * log(x))} is {@code x^a} within a relative
 * {@code |a| 2e-13 + 2e-13}.
 *
 * <p>Cost, one thread, AMD EPYC (Zen 5): 2.8 ns an element for {@link #exp} and 2.5 for
 * {@link #log}, scalar (the polynomials are longer than the 128-entry tables' cubics that this
 * replaced, which took 2.3 and 2.5 ns; {@code Math.exp} takes 3.7); the Vector API path runs
 * them at 0.4 ns. The {@code Math.fma} calls are the CPU's fused multiply-add, compiled or
 * interpreted, wherever the JVM's {@code UseFMA} is on (every x86 since 2013, every AArch64);
 * without it (an emulator that hides FMA) they are a slow software routine with the same
 * results.
 */
public final class FloatExpLog {

    /** Bound on {@link #exp}'s relative error on {@code [-708, 709]}. */
    public static final double EXP_RELATIVE_ERROR = 1e-13;
    /** Bound on {@link #log}'s absolute error. */
    public static final double LOG_ABSOLUTE_ERROR = 2e-13;
    /** Bound on {@link #log2}'s absolute error. */
    public static final double LOG2_ABSOLUTE_ERROR = 5e-13;
    /** Bound on {@link #exp2}'s relative error on {@code [-1022, 1023]}. */
    public static final double EXP2_RELATIVE_ERROR = 2e-13;

    static final double LN2 = 0.6931471805599453;
    static final double LOG2_E = 1.4426950408889634;
    /** ln 2 in two parts: the first's 21 trailing zero bits make {@code n LN2_HI} exact. */
    static final double LN2_HI = 6.93147180369123816490e-01;
    static final double LN2_LO = 1.90821492927058770002e-10;
    /** 1.5 2^52: added and subtracted, it rounds to the nearest integer (ties to even). */
    static final double ROUNDING = 6755399441055744.0;
    static final long ROUNDING_BITS = Double.doubleToRawLongBits(ROUNDING);
    /** {@code -1022 ln 2}: below it {@link #exp} is 0 (its scale would be subnormal). */
    static final double EXP_LOWER = -708.3964185322641;
    /** Just below {@code 1023.5 ln 2}: above it {@link #exp} is {@code +inf} (n would be 1024). */
    static final double EXP_UPPER = 709.436;
    /** The bits of sqrt(1/2), where {@link #log} splits the mantissa's range. */
    static final long SQRT_HALF_BITS = 0x3FE6_A09E_667F_3BCDL;
    /** Added to a double's bits, moves the binade's boundary from 1 to sqrt(1/2). */
    static final long LOG_OFFSET = 0x3FF0_0000_0000_0000L - SQRT_HALF_BITS;
    static final long MANTISSA = 0x000F_FFFF_FFFF_FFFFL;

    /*
     * e^r = 1 + r q(r) on |r| <= ln 2 / 2, q of degree 8: its coefficients by the Remez exchange
     * (mpmath, 50 digits) on (e^r - 1) / r weighted by e^-r, rounded to doubles; the
     * approximation's relative error is below 2.7e-14 (degree 7: 1.5e-12, degree 9: 4e-16).
     */
    static final double E0 = 0.999999999999976;
    static final double E1 = 0.499999999998064;
    static final double E2 = 0.16666666667293004;
    static final double E3 = 0.04166666688530198;
    static final double E4 = 0.008333333083998506;
    static final double E5 = 0.0013888822620977302;
    static final double E6 = 0.00019841569241567107;
    static final double E7 = 2.4875714709099935e-05;
    static final double E8 = 2.7474684999465133e-06;

    /*
     * ln m = s R(s^2), s = (m - 1) / (m + 1), m in [sqrt(1/2), sqrt(2)), |s| <= 0.1716: R's
     * coefficients (degree 5 in s^2) by the Remez exchange on 2 atanh(s) / s; the
     * approximation's absolute error is below 9.2e-15 (degree 4: 1.5e-12).
     */
    static final double L0 = 1.9999999999999465;
    static final double L1 = 0.6666666667969666;
    static final double L2 = 0.39999994859897775;
    static final double L3 = 0.2857216918503955;
    static final double L4 = 0.22174131872590425;
    static final double L5 = 0.19609700052457651;

    private FloatExpLog() {
    }

    /**
     * {@code e^x} for {@code x} up to 709; 0 below {@code -1022 ln 2} (about -708.4, where
     * {@code Math.exp} is subnormal) and at {@code -inf}; {@code +inf} above 709.436. NaN is
     * outside its contract (unchecked: a hot path).
     */
    public static double exp(double x) {
        // e^x = 2^n e^r, n = round(x / ln 2) by adding and subtracting 1.5 2^52 (Math.rint's
        // result for |x / ln 2| < 2^51, and n in the sum's low bits), r = x - n ln 2 in two
        // parts (Cody-Waite), so |r| <= ln 2 / 2 to an ulp; 2^n built in the exponent's bits.
        double shifted = Math.fma(x, LOG2_E, ROUNDING);
        double n = shifted - ROUNDING;
        double r = Math.fma(n, -LN2_LO, Math.fma(n, -LN2_HI, x));
        // Estrin's scheme: a shorter chain of dependent operations than Horner's, so that the
        // scalar loop's iterations overlap; fused multiply-adds, each rounded once.
        double r2 = r * r;
        double r4 = r2 * r2;
        double a0 = Math.fma(E1, r, E0);
        double a1 = Math.fma(E3, r, E2);
        double a2 = Math.fma(E5, r, E4);
        double a3 = Math.fma(E7, r, E6);
        double b0 = Math.fma(a1, r2, a0);
        double b1 = Math.fma(a3, r2, a2);
        double q = Math.fma(Math.fma(E8, r4, b1), r4, b0);
        double p = Math.fma(q, r, 1);
        double scale = Double.longBitsToDouble(
                (Double.doubleToRawLongBits(shifted) - (ROUNDING_BITS - 1023)) << 52);
        double result = p * scale;
        return x < EXP_LOWER ? 0.0 : x > EXP_UPPER ? Double.POSITIVE_INFINITY : result;
    }

    /**
     * {@code ln x} for positive normal {@code x}; {@code +inf} at {@code +inf}. Zero,
     * subnormals, negatives and NaN are outside its contract (unchecked: a hot path).
     */
    public static double log(double x) {
        // x = 2^e m, m in [sqrt(1/2), sqrt(2)): the offset carries the bits of x >= sqrt(2) 2^k
        // into the next binade, so e is the offset bits' exponent field and m the mantissa
        // field put back on sqrt(1/2). e as a double: its bits or'ed into 1.5 2^52's zero low
        // bits, then 1.5 2^52 + 1023 subtracted (both exact).
        long bits = Double.doubleToRawLongBits(x) + LOG_OFFSET;
        double m = Double.longBitsToDouble((bits & MANTISSA) + SQRT_HALF_BITS);
        double e = Double.longBitsToDouble((bits >>> 52) | ROUNDING_BITS) - (ROUNDING + 1023);
        double f = m - 1;
        double s = f / (f + 2);
        double z = s * s;
        double z2 = z * z;
        double a0 = Math.fma(L1, z, L0);
        double a1 = Math.fma(L3, z, L2);
        double a2 = Math.fma(L5, z, L4);
        double poly = Math.fma(Math.fma(a2, z2, a1), z2, a0);
        // ln x = e ln 2 + ln m, e LN2_HI exact: its one rounding is the sum's.
        double result = Math.fma(e, LN2_HI, Math.fma(s, poly, e * LN2_LO));
        return x == Double.POSITIVE_INFINITY ? x : result;
    }

    /**
     * {@code 2^y} as {@code e^(y ln 2)}: 0 below -1022 and at {@code -inf}, {@code +inf} above
     * about 1023.49. NaN is outside its contract.
     */
    public static double exp2(double y) {
        return exp(y * LN2);
    }

    /** {@code log2(x)} as {@code ln x / ln 2}; the contract of {@link #log}. */
    public static double log2(double x) {
        return log(x) * LOG2_E;
    }
}

package io.github.dvae.estimators.gumbelrao;

/**
 * {@code x^a} for {@code x} in [0, 1] and {@code a > 0}, as {@code exp(a log x)} with both
 * functions reduced by 128-entry tables to cubic polynomials: no division, relative error below
 * 1e-11 (far inside float precision), about a third of {@code Math.exp(a * Math.log(x))}'s time.
 *
 * <p>Why: Gumbel-Rao's relaxed weights {@code (1 + r_k)^(-1/tau)} cost one such power per class
 * and conditional draw ({@code S N K} per example) wherever {@code 1/tau} is not whole; there
 * the JDK's logarithm and exponential made up a third of a seed-architecture step.
 */
final class UnitIntervalPower {

    private static final int BITS = 7;
    private static final int SIZE = 1 << BITS;
    private static final double LN2 = 0.6931471805599453;
    private static final double TO_STEPS = SIZE / LN2;
    private static final double STEP = LN2 / SIZE;
    /** {@code 1 / c_j} and {@code log c_j} at the centres {@code c_j} of the mantissa's bins. */
    private static final double[] INVERSE_CENTRE = new double[SIZE];
    private static final double[] LOG_CENTRE = new double[SIZE];
    /** {@code 2^(j / SIZE)}. */
    private static final double[] EXP2_FRACTION = new double[SIZE];

    static {
        for (int j = 0; j < SIZE; j++) {
            double centre = 1 + (j + 0.5) / SIZE;
            INVERSE_CENTRE[j] = 1 / centre;
            LOG_CENTRE[j] = Math.log(centre);
            EXP2_FRACTION[j] = Math.pow(2, (double) j / SIZE);
        }
    }

    private UnitIntervalPower() {
    }

    /** {@code x^a}; {@code x} in [0, 1], {@code a > 0} (not checked: a hot path). */
    static double pow(double x, double a) {
        if (x < Double.MIN_NORMAL) {
            // 0 and subnormals (a class of probability 0 or nearly so): rare, so exact.
            return Math.pow(x, a);
        }
        long bits = Double.doubleToRawLongBits(x);
        int exponent = (int) (bits >>> 52) - 1023;
        int bin = (int) (bits >>> (52 - BITS)) & (SIZE - 1);
        double mantissa = Double.longBitsToDouble(
                (bits & 0x000F_FFFF_FFFF_FFFFL) | 0x3FF0_0000_0000_0000L);
        // log(m) = log c_j + log1p(m / c_j - 1), |m / c_j - 1| < 2^-8.
        double f = mantissa * INVERSE_CENTRE[bin] - 1;
        double log1p = f * (1 + f * (-0.5 + f * (1.0 / 3 - f * 0.25)));
        double y = a * (exponent * LN2 + LOG_CENTRE[bin] + log1p);
        // exp(y) = 2^(hi) 2^(j / SIZE) exp(r), |r| <= ln2 / (2 SIZE).
        double steps = Math.rint(y * TO_STEPS);
        double r = y - steps * STEP;
        double poly = 1 + r * (1 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24))));
        long k = (long) steps;
        long hi = k >> BITS;
        if (hi < -1022) {
            return 0.0;
        }
        return poly * EXP2_FRACTION[(int) (k & (SIZE - 1))]
                * Double.longBitsToDouble((hi + 1023) << 52);
    }
}

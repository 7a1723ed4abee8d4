package io.github.dvae.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class FloatExpLogTest {

    private static final double LN2 = Math.log(2);

    /**
     * {@code exp} against {@code Math.exp} over the whole contract [-708, 709] and densely
     * within a few units of 0 (the softmax's arguments), with the range's ends and the cut-offs.
     */
    @Test
    void expWithinItsRelativeBound() {
        RandomStream rng = RandomStream.of(10);
        double worst = 0;
        for (int i = 0; i < 400_000; i++) {
            double x = i % 2 == 0 ? -708 + 1417 * rng.nextDouble() : 8 * rng.nextDouble() - 4;
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(FloatExpLog.exp(x) - exact) / exact);
        }
        for (double x : new double[] {-708, 709, -Math.log(2) / 2, Math.log(2) / 2, 1e-300, -1e-300,
                Double.MIN_VALUE, 1, -1, 88.5}) {
            double exact = Math.exp(x);
            worst = Math.max(worst, Math.abs(FloatExpLog.exp(x) - exact) / exact);
        }
        System.out.printf("FloatExpLog.exp: worst relative error %.2g%n", worst);
        assertTrue(worst < FloatExpLog.EXP_RELATIVE_ERROR, "worst relative error " + worst);
        assertEquals(1.0, FloatExpLog.exp(0.0));
        assertEquals(1.0, FloatExpLog.exp(-0.0));
        assertEquals(0.0, FloatExpLog.exp(Math.nextDown(FloatExpLog.EXP_LOWER)));
        assertEquals(0.0, FloatExpLog.exp(-800));
        assertEquals(0.0, FloatExpLog.exp(-1e300));
        assertEquals(0.0, FloatExpLog.exp(Double.NEGATIVE_INFINITY));
        double atLower = FloatExpLog.exp(FloatExpLog.EXP_LOWER);
        assertEquals(Math.exp(FloatExpLog.EXP_LOWER), atLower, 1e-12 * Double.MIN_NORMAL);
        double atUpper = FloatExpLog.exp(FloatExpLog.EXP_UPPER);
        assertEquals(Math.exp(FloatExpLog.EXP_UPPER), atUpper, 1e-13 * atUpper);
        assertEquals(Double.POSITIVE_INFINITY, FloatExpLog.exp(Math.nextUp(FloatExpLog.EXP_UPPER)));
        assertEquals(Double.POSITIVE_INFINITY, FloatExpLog.exp(1e300));
        assertEquals(Double.POSITIVE_INFINITY, FloatExpLog.exp(Double.POSITIVE_INFINITY));
    }

    /**
     * {@code log} against {@code Math.log} over every binade of the positive normal doubles,
     * densely on [0.5, 2] (across the split at sqrt(2)) and next to 1, with the range's ends.
     */
    @Test
    void logWithinItsAbsoluteBound() {
        RandomStream rng = RandomStream.of(11);
        double worst = 0;
        for (int i = 0; i < 600_000; i++) {
            double x = switch (i % 3) {
                case 0 -> (1 + rng.nextDouble()) * Math.pow(2, -1022 + rng.nextInt(2046));
                case 1 -> 0.5 + 1.5 * rng.nextDouble();
                default -> 1 + (rng.nextDouble() - 0.5) * 1e-6;
            };
            worst = Math.max(worst, Math.abs(FloatExpLog.log(x) - Math.log(x)));
        }
        double sqrtHalf = Double.longBitsToDouble(FloatExpLog.SQRT_HALF_BITS);
        for (double x : new double[] {Double.MIN_NORMAL, Math.nextUp(Double.MIN_NORMAL), sqrtHalf,
                Math.nextDown(sqrtHalf), Math.nextUp(sqrtHalf), Math.sqrt(2),
                Math.nextDown(Math.sqrt(2)), Math.nextUp(Math.sqrt(2)), Math.nextDown(1.0),
                Math.nextUp(1.0), 2, Math.nextDown(2.0), Double.MAX_VALUE}) {
            worst = Math.max(worst, Math.abs(FloatExpLog.log(x) - Math.log(x)));
        }
        System.out.printf("FloatExpLog.log: worst absolute error %.2g%n", worst);
        assertTrue(worst < FloatExpLog.LOG_ABSOLUTE_ERROR, "worst absolute error " + worst);
        assertEquals(0.0, FloatExpLog.log(1.0));
        assertEquals(Double.POSITIVE_INFINITY, FloatExpLog.log(Double.POSITIVE_INFINITY));
    }

    /** {@code log2} against {@code Math.log}, as {@code log}'s test. */
    @Test
    void log2WithinItsAbsoluteBound() {
        RandomStream rng = RandomStream.of(12);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double x = i % 2 == 0
                    ? Math.exp((rng.nextDouble() * 2 - 1) * 708)
                    : 0.5 + 1.5 * rng.nextDouble();
            worst = Math.max(worst, Math.abs(FloatExpLog.log2(x) - Math.log(x) / LN2));
        }
        assertTrue(worst < FloatExpLog.LOG2_ABSOLUTE_ERROR, "worst absolute error " + worst);
        for (double x : new double[] {Double.MIN_NORMAL, Math.sqrt(0.5), 1, Math.sqrt(2), 2,
                Math.nextDown(2.0), Double.MAX_VALUE}) {
            assertEquals(Math.log(x) / LN2, FloatExpLog.log2(x), FloatExpLog.LOG2_ABSOLUTE_ERROR);
        }
        assertEquals(Double.POSITIVE_INFINITY, FloatExpLog.log2(Double.POSITIVE_INFINITY));
    }

    /** {@code exp2} against {@code Math.pow(2, y)} over the whole normal range and near 0. */
    @Test
    void exp2WithinItsRelativeBound() {
        RandomStream rng = RandomStream.of(13);
        double worst = 0;
        for (int i = 0; i < 200_000; i++) {
            double y = i % 2 == 0 ? -1022 + 2045 * rng.nextDouble() : 8 * rng.nextDouble() - 4;
            double exact = Math.pow(2, y);
            worst = Math.max(worst, Math.abs(FloatExpLog.exp2(y) - exact) / exact);
        }
        assertTrue(worst < FloatExpLog.EXP2_RELATIVE_ERROR, "worst relative error " + worst);
        assertEquals(1.0, FloatExpLog.exp2(0.0));
        assertEquals(0.0, FloatExpLog.exp2(-1022.5));
        assertEquals(0.0, FloatExpLog.exp2(Double.NEGATIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, FloatExpLog.exp2(1024.0));
    }

    /**
     * The use it serves: {@code (1 + r)^(-a)} as {@code exp(-a log(1 + r))}, for r from 0 to
     * 1e280 and at infinity (a class of probability 0, weight exactly 0), within the composed
     * bound {@code |a| 2e-13 + 2e-13} of {@code Math.pow} for {@code a} up to 20.
     */
    @Test
    void powerOfOnePlusWithinTheComposedBound() {
        RandomStream rng = RandomStream.of(14);
        for (double a : new double[] {0.1, 0.5, 1 / 0.7, 1.1, 3, 20}) {
            double worst = 0;
            for (int i = 0; i < 50_000; i++) {
                double r = rng.nextExponential() * Math.pow(10, 300 * rng.nextDouble() - 20);
                double exact = Math.pow(1 + r, -a);
                double fast = FloatExpLog.exp(-a * FloatExpLog.log(1 + r));
                if (exact < Double.MIN_NORMAL * 1e16) {
                    assertTrue(fast <= 1e-290, r + " ^ " + a);
                    continue;
                }
                worst = Math.max(worst, Math.abs(fast - exact) / exact);
            }
            assertTrue(worst < a * 2e-13 + 2e-13, a + ": worst relative error " + worst);
            assertEquals(0.0, FloatExpLog.exp(-a * FloatExpLog.log(Double.POSITIVE_INFINITY)));
        }
    }
}

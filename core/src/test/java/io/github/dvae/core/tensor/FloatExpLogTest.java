package io.github.dvae.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class FloatExpLogTest {

    private static final double LN2 = Math.log(2);

    /**
     * Against {@code Math.log} over every binade of the positive normal doubles (log-uniform)
     * and densely on [0.5, 2], across the table's bins.
     */
    @Test
    void log2WithinItsAbsoluteBound() {
        RandomStream rng = RandomStream.of(11);
        double worst = 0;
        for (int i = 0; i < 400_000; i++) {
            double x = i % 2 == 0
                    ? Math.exp((rng.nextDouble() * 2 - 1) * 708)
                    : 0.5 + 1.5 * rng.nextDouble();
            double exact = Math.log(x) / LN2;
            worst = Math.max(worst, Math.abs(FloatExpLog.log2(x) - exact));
            worst = Math.max(worst, Math.abs(FloatExpLog.log(x) - Math.log(x)) / LN2);
        }
        assertTrue(worst < FloatExpLog.LOG2_ABSOLUTE_ERROR, "worst absolute error " + worst);
        for (double x : new double[] {Double.MIN_NORMAL, Math.sqrt(0.5), 1, Math.sqrt(2), 2,
                Math.nextDown(2.0), Double.MAX_VALUE}) {
            assertEquals(Math.log(x) / LN2, FloatExpLog.log2(x), FloatExpLog.LOG2_ABSOLUTE_ERROR);
        }
        assertEquals(Double.POSITIVE_INFINITY, FloatExpLog.log2(Double.POSITIVE_INFINITY));
    }

    /** Against {@code Math.exp} over the whole normal range and densely near 0. */
    @Test
    void exp2WithinItsRelativeBound() {
        RandomStream rng = RandomStream.of(12);
        double worst = 0;
        for (int i = 0; i < 400_000; i++) {
            double y = i % 2 == 0 ? -1022 + 2045 * rng.nextDouble() : 8 * rng.nextDouble() - 4;
            double exact = Math.pow(2, y);
            worst = Math.max(worst, Math.abs(FloatExpLog.exp2(y) - exact) / exact);
            double z = (y % 600) * LN2;
            double e = Math.exp(z);
            worst = Math.max(worst, Math.abs(FloatExpLog.exp(z) - e) / e);
        }
        assertTrue(worst < FloatExpLog.EXP2_RELATIVE_ERROR, "worst relative error " + worst);
        assertEquals(1.0, FloatExpLog.exp2(0.0), 1e-15);
        assertEquals(0.0, FloatExpLog.exp2(-1022.5));
        assertEquals(0.0, FloatExpLog.exp2(Double.NEGATIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, FloatExpLog.exp2(1024.0));
    }

    /**
     * The use it serves: {@code (1 + r)^(-a)} as {@code exp2(-a log2(1 + r))}, for r from 0 to
     * 1e280 and at infinity (a class of probability 0, weight exactly 0), within the composed
     * bound {@code |a| 1.4e-10 + 1e-11} of {@code Math.pow} for {@code a} up to 20.
     */
    @Test
    void powerOfOnePlusWithinTheComposedBound() {
        RandomStream rng = RandomStream.of(13);
        for (double a : new double[] {0.1, 0.5, 1 / 0.7, 1.1, 3, 20}) {
            double worst = 0;
            for (int i = 0; i < 50_000; i++) {
                double r = rng.nextExponential() * Math.pow(10, 300 * rng.nextDouble() - 20);
                double exact = Math.pow(1 + r, -a);
                double fast = FloatExpLog.exp2(-a * FloatExpLog.log2(1 + r));
                if (exact < Double.MIN_NORMAL * 1e16) {
                    assertTrue(fast <= 1e-290, r + " ^ " + a);
                    continue;
                }
                worst = Math.max(worst, Math.abs(fast - exact) / exact);
            }
            assertTrue(worst < a * 1.4e-10 + 1e-11, a + ": worst relative error " + worst);
            assertEquals(0.0, FloatExpLog.exp2(-a * FloatExpLog.log2(Double.POSITIVE_INFINITY)));
        }
    }
}

package io.github.dvae.estimators.gumbelrao;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.random.RandomStream;
import org.junit.jupiter.api.Test;

class UnitIntervalPowerTest {

    /**
     * Against {@code Math.pow} over the inputs Gumbel-Rao feeds it ({@code 1 / (1 + r)} with
     * {@code r} an exponential over a probability, from 0 to 1e300) and log-uniform ones down to
     * the smallest normal double, at temperatures whose inverse is and is not whole: relative
     * error within float precision with a wide margin (1e-10; a float's is 6e-8).
     */
    @Test
    void matchesMathPowToFarBeyondFloatPrecision() {
        RandomStream rng = RandomStream.of(3);
        double worst = 0;
        for (double tau : new double[] {0.05, 0.1, 0.3, 0.7, 0.9, 1.0, 1.5, 3.0, 10.0}) {
            double a = 1 / tau;
            for (int i = 0; i < 20_000; i++) {
                double x = i % 2 == 0
                        ? 1 / (1 + rng.nextExponential() / Math.pow(10, -6 * rng.nextDouble()))
                        : Math.exp(Math.log(Double.MIN_NORMAL) * rng.nextDouble());
                double exact = Math.pow(x, a);
                double fast = UnitIntervalPower.pow(x, a);
                if (exact < Double.MIN_NORMAL * 1e16) {
                    // Within a few ulps of underflow the result has fewer bits than a float.
                    assertTrue(Math.abs(fast - exact) <= 1e-300, x + "^" + a);
                    continue;
                }
                worst = Math.max(worst, Math.abs(fast - exact) / exact);
            }
        }
        assertTrue(worst < 1e-10, "worst relative error " + worst);
    }

    @Test
    void endsOfTheIntervalAreExact() {
        for (double a : new double[] {0.5, 1 / 0.7, 3.0}) {
            assertEquals(0.0, UnitIntervalPower.pow(0.0, a));
            assertEquals(Math.pow(Double.MIN_VALUE, a), UnitIntervalPower.pow(Double.MIN_VALUE, a));
            assertEquals(1.0, UnitIntervalPower.pow(1.0, a), 1e-12);
        }
    }
}

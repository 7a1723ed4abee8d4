package io.github.dvae.core.latent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.random.RandomStream;
import org.junit.jupiter.api.Test;

/**
 * The binary conditional perturbation's stable forms against REBAR's direct form
 * {@code z~ = l + logit(v')} ({@code v' = 1 - theta (1 - v)} for b = 1, {@code v (1 - theta)} for
 * b = 0) where that form is accurate, its slope against central differences, and finiteness and
 * sign (z~ > 0 exactly when b = 1) at logits of +-50.
 */
class ConditionalLogisticTest {

    private static double direct(double l, int bit, double v) {
        double theta = 1 / (1 + Math.exp(-l));
        double vPrime = bit == 1 ? 1 - theta * (1 - v) : v * (1 - theta);
        return l + Math.log(vPrime / (1 - vPrime));
    }

    @Test
    void stableFormsMatchTheDirectFormAndTheirSlopesMatchFiniteDifferences() {
        RandomStream rng = RandomStream.of(5);
        for (int trial = 0; trial < 200; trial++) {
            double l = 4 * rng.nextGaussian();
            double v = rng.nextOpenDouble();
            for (int bit = 0; bit <= 1; bit++) {
                double z = ConditionalLogistic.conditional(l, bit, v);
                assertEquals(direct(l, bit, v), z, 1e-9 * (1 + Math.abs(z)),
                        "z~ at l=" + l + ", b=" + bit + ", v=" + v);
                double h = 1e-6;
                int b = bit;
                double numeric = (ConditionalLogistic.conditional(l + h, b, v)
                        - ConditionalLogistic.conditional(l - h, b, v)) / (2 * h);
                assertEquals(numeric, ConditionalLogistic.conditionalSlope(l, bit, v), 1e-7,
                        "dz~/dl at l=" + l + ", b=" + bit + ", v=" + v);
            }
        }
    }

    @Test
    void finiteAndOnTheRightSideAtExtremeLogits() {
        RandomStream rng = RandomStream.of(6);
        for (double l : new double[] {-50, -20, 0, 20, 50}) {
            for (int trial = 0; trial < 100; trial++) {
                double v = rng.nextOpenDouble();
                for (int bit = 0; bit <= 1; bit++) {
                    double z = ConditionalLogistic.conditional(l, bit, v);
                    double s = ConditionalLogistic.conditionalSlope(l, bit, v);
                    assertTrue(Double.isFinite(z) && Double.isFinite(s), l + " " + bit + " " + v);
                    assertTrue(bit == 1 ? z > 0 : z < 0, "z~ = " + z + " for b = " + bit);
                    assertTrue(s >= 0 && s <= 1, "slope " + s);
                }
            }
        }
    }
}

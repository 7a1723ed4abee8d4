package io.github.dvae.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GradientComparisonTest {

    /** Coordinate 0 carries noise, 1 a real bias, 2 agrees to float rounding only. */
    private static CoordinateMoments estimates(double bias) {
        CoordinateMoments m = new CoordinateMoments(3);
        for (int k = 0; k < 100; k++) {
            double noise = (k % 2 == 0 ? 1 : -1) * 0.5;
            double rounding = (k % 2 == 0 ? 1 : -1) * 1e-13;
            m.add(new double[] {1 + noise, 2 + bias + 0.01 * noise, 1e-12 + rounding});
        }
        return m;
    }

    @Test
    void roundingNoiseOnAnAlmostDeterministicCoordinateIsNotABias() {
        GradientComparison c = GradientComparison.of(estimates(0), new double[] {1, 2, 0});
        assertTrue(c.maxAbsZ() < 1e-3, "z " + c.maxAbsZ());
        assertEquals(1.0, c.cosine(), 1e-9);
    }

    @Test
    void aRealBiasStillStandsOut() {
        GradientComparison c = GradientComparison.of(estimates(0.05), new double[] {1, 2, 0});
        // the biased coordinate's standard error is 0.005 / sqrt(99) * sqrt(100): z near 100
        assertEquals(0.05 / (0.005 * Math.sqrt(100.0 / 99) / 10), c.maxAbsZ(), 1e-6);
    }
}

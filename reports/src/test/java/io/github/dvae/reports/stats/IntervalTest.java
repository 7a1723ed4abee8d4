package io.github.dvae.reports.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IntervalTest {

    @Test
    void threeValuesUseStudentTWithTwoDegreesOfFreedom() {
        Interval i = Interval.of(-100, -102, -104);
        // s = 2, se = 2 / sqrt(3), t_{2, 0.975} = 4.302652729749464 (tables).
        double half = 4.302652729749464 * 2 / Math.sqrt(3);
        assertEquals(-102, i.mean(), 1e-12);
        assertEquals(-102 - half, i.lower(), 1e-9);
        assertEquals(-102 + half, i.upper(), 1e-9);
        assertEquals(3, i.n());
        assertTrue(i.bounded());
    }

    @Test
    void twoValuesUseTheWideOneDegreeOfFreedomQuantile() {
        Interval i = Interval.of(1.0, 3.0);
        // s = sqrt(2), se = 1, t_{1, 0.975} = 12.706204736174696.
        assertEquals(12.706204736174696, i.halfWidth(), 1e-9);
    }

    @Test
    void oneValueHasAMeanButNoInterval() {
        Interval i = Interval.of(-90.5);
        assertEquals(-90.5, i.mean());
        assertFalse(i.bounded());
        assertTrue(Double.isNaN(i.lower()));
    }

    @Test
    void aDivergedSeedShowsAsANonFiniteMean() {
        assertTrue(Double.isNaN(Interval.of(-100, Double.NaN).mean()));
    }

    @Test
    void refusesNoValuesAndImpossibleCoverage() {
        assertThrows(IllegalArgumentException.class, Interval::of);
        assertThrows(IllegalArgumentException.class, () -> Interval.withCoverage(1.0, 1.0, 2.0));
    }
}

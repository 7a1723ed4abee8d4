package io.github.dvae.experiments.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EvaluationScheduleTest {

    @Test
    void logarithmicStepsSpanTheBudgetWithEvenRatios() {
        EvaluationSchedule s = EvaluationSchedule.logarithmic(1_000_000, 7);
        assertArrayEquals(new long[] {1, 10, 100, 1000, 10_000, 100_000, 1_000_000}, s.steps());
        assertEquals("log:7", s.toString());
        EvaluationSchedule d = EvaluationSchedule.logarithmic(1_000_000);
        assertEquals(20, d.size());
        long[] steps = d.steps();
        for (int i = 2; i < steps.length; i++) {
            double ratio = (double) steps[i] / steps[i - 1];
            // exp(ln(10^6) / 19) = 2.07; rounding moves the early ratios a little.
            assertTrue(ratio > 1.5 && ratio < 2.7, "ratio " + ratio + " at " + steps[i]);
        }
    }

    @Test
    void aShortBudgetKeepsEachStepOnce() {
        EvaluationSchedule s = EvaluationSchedule.logarithmic(10, 20);
        assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, s.steps(),
                "rounded duplicates of the first decade are kept once");
        assertArrayEquals(new long[] {1}, EvaluationSchedule.logarithmic(1, 5).steps());
    }

    @Test
    void everyKStepsAsDisarmEvaluatesAndTheLastStepAlways() {
        assertArrayEquals(new long[] {1000, 2000, 2500},
                EvaluationSchedule.every(1000, 2500).steps());
        EvaluationSchedule s = EvaluationSchedule.parse("every:1000", 1_000_000);
        assertEquals(1000, s.size());
        assertTrue(s.contains(1000) && s.contains(1_000_000) && !s.contains(1001));
    }

    @Test
    void parsedFormsRoundTrip() {
        assertEquals(EvaluationSchedule.logarithmic(5000, 12),
                EvaluationSchedule.parse("log:12", 5000));
        EvaluationSchedule list = EvaluationSchedule.parse("100, 1,10", 500);
        assertArrayEquals(new long[] {1, 10, 100, 500}, list.steps(), "sorted, budget added");
        assertEquals(list, EvaluationSchedule.parse(list.toString(), 500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"log:1", "log:x", "every:0", "weekly", "0,10", "10,2000", ""})
    void badFormsAreRefusedNamingTheText(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvaluationSchedule.parse(text, 1000));
        assertTrue(e.getMessage().startsWith("evaluation schedule '" + text + "' is not "),
                e.getMessage());
    }

    @Test
    void budgetsBelowOneAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> EvaluationSchedule.logarithmic(0));
    }
}

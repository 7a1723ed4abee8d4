package io.github.dvae.experiments.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The optimiser steps, within a budget of {@code budget} steps, after which a run records its
 * step-indexed metrics (train ELBO as a running mean, validation and test ELBO, the
 * importance-weighted bound, the probe). Written {@code log:N} (N points spaced evenly in
 * log(step) from step 1 to the budget: the default, so the early phase of a 10^6-step run is
 * visible), {@code every:K} (every K steps, as DisARM's code evaluates every 1000) or an explicit
 * list {@code 1,10,100}. The last step of the budget is always in the schedule, so a run ends
 * measured. Immutable.
 *
 * @param form the written form, as {@link #parse} reads it
 * @param budget optimiser steps of the run, >= 1
 * @param steps the steps, strictly increasing, each in 1..budget, the last equal to budget
 */
public record EvaluationSchedule(String form, long budget, long[] steps) {

    /** Points of the default schedule: {@code log:20}. */
    public static final int DEFAULT_POINTS = 20;

    public EvaluationSchedule {
        steps = steps.clone();
        if (budget < 1) {
            throw new IllegalArgumentException("a step budget must be >= 1, got " + budget);
        }
        for (int i = 0; i < steps.length; i++) {
            if (steps[i] < 1 || steps[i] > budget || i > 0 && steps[i] <= steps[i - 1]) {
                throw new IllegalArgumentException("schedule steps must increase within 1.."
                        + budget + ", got " + Arrays.toString(steps));
            }
        }
        if (steps.length == 0 || steps[steps.length - 1] != budget) {
            throw new IllegalArgumentException("a schedule ends at its budget " + budget
                    + ", got " + Arrays.toString(steps));
        }
    }

    /** The default: {@value #DEFAULT_POINTS} logarithmically spaced steps. */
    public static EvaluationSchedule logarithmic(long budget) {
        return logarithmic(budget, DEFAULT_POINTS);
    }

    /**
     * {@code points} steps spaced evenly in log(step) from 1 to {@code budget}, rounded to whole
     * steps; where rounding makes two equal (the first decade of a long run) only one is kept,
     * so there can be fewer than {@code points}.
     */
    public static EvaluationSchedule logarithmic(long budget, int points) {
        requireBudget(budget);
        if (points < 2) {
            throw new IllegalArgumentException("a logarithmic schedule needs >= 2 points, got "
                    + points);
        }
        TreeSet<Long> s = new TreeSet<>();
        double top = Math.log(budget);
        for (int i = 0; i < points; i++) {
            s.add(Math.max(1, Math.min(budget, Math.round(Math.exp(top * i / (points - 1))))));
        }
        s.add(budget);
        return new EvaluationSchedule("log:" + points, budget, toArray(s));
    }

    /** Every {@code interval} steps, and the last. */
    public static EvaluationSchedule every(long interval, long budget) {
        requireBudget(budget);
        if (interval < 1) {
            throw new IllegalArgumentException("an evaluation interval must be >= 1, got "
                    + interval);
        }
        TreeSet<Long> s = new TreeSet<>();
        for (long t = interval; t <= budget; t += interval) {
            s.add(t);
        }
        s.add(budget);
        return new EvaluationSchedule("every:" + interval, budget, toArray(s));
    }

    /**
     * {@code log:N}, {@code every:K} or a comma-separated list of steps (the budget is added if
     * the list does not end with it; steps beyond the budget are refused). The form it keeps is
     * canonical: lower case, a list sorted and ending with the budget.
     *
     * @throws IllegalArgumentException naming the text and the forms allowed
     */
    public static EvaluationSchedule parse(String text, long budget) {
        requireBudget(budget);
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("log:")) {
                return logarithmic(budget, Integer.parseInt(t.substring(4)));
            }
            if (t.startsWith("every:")) {
                return every(Long.parseLong(t.substring(6)), budget);
            }
            TreeSet<Long> s = new TreeSet<>();
            for (String part : t.split(",")) {
                long step = Long.parseLong(part.strip());
                if (step < 1 || step > budget) {
                    throw new IllegalArgumentException("step " + step + " is outside 1.."
                            + budget);
                }
                s.add(step);
            }
            s.add(budget);
            // One spelling per list, so equal schedules record equal forms.
            return new EvaluationSchedule(s.stream().map(String::valueOf)
                    .collect(java.util.stream.Collectors.joining(",")), budget, toArray(s));
        } catch (IllegalArgumentException e) {
            String why = e instanceof NumberFormatException ? "" : ": " + e.getMessage();
            throw new IllegalArgumentException("evaluation schedule '" + text + "' is not "
                    + "log:N (N >= 2), every:K (K >= 1) or a list of steps such as 1,10,100"
                    + why, e);
        }
    }

    private static void requireBudget(long budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("a step budget must be >= 1, got " + budget);
        }
    }

    private static long[] toArray(TreeSet<Long> s) {
        return s.stream().mapToLong(Long::longValue).toArray();
    }

    /** Whether the run records its metrics after optimiser step {@code step} (1-based). */
    public boolean contains(long step) {
        return Arrays.binarySearch(steps, step) >= 0;
    }

    /** How many points the schedule has. */
    public int size() {
        return steps.length;
    }

    @Override
    public long[] steps() {
        return steps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EvaluationSchedule s && s.budget == budget
                && Arrays.equals(s.steps, steps);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(budget) * 31 + Arrays.hashCode(steps);
    }

    /** The written form, e.g. {@code log:20}. */
    @Override
    public String toString() {
        return form;
    }
}

package io.github.dvae.reports.store;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of a reference run's {@code basket.jsonl}: one estimator configuration of the sweep
 * measured at one probe point of the reference run, on that run's frozen parameters and the
 * probe's fixed minibatch (the same-snapshot variance basket). Every estimator of the sweep is
 * measured at the same point of one trajectory, so their variances compare directly.
 *
 * @param epoch epochs the reference run had trained (0: at initialisation)
 * @param step optimiser steps the reference run had taken
 * @param estimator the configuration's label, e.g. {@code gumbel-softmax:tau=0.5}
 * @param id the estimator's id, e.g. {@code gumbel-softmax}
 * @param unbiased whether the estimator is unbiased in this configuration
 * @param options the configuration's resolved options (a temperature is {@code tau})
 * @param values probe metrics by name (the probe's own names: {@code log10-variance},
 *     {@code snr}, {@code bias-relative-error}, ...) plus the basket's cost
 *     ({@code seconds-per-estimate}, {@code log10-work-variance}); one not measured is absent
 */
public record BasketRecord(int epoch, long step, String estimator, String id, boolean unbiased,
        Map<String, String> options, Map<String, Double> values) {

    /** The median wall seconds of one estimate: a wall time. */
    public static final String SECONDS_PER_ESTIMATE = "seconds-per-estimate";

    /** log10 of (mean per-parameter variance x seconds per estimate): depends on a wall time. */
    public static final String LOG10_WORK_VARIANCE = "log10-work-variance";

    /** The values that depend on wall times, left out where two executions are compared. */
    public static final java.util.Set<String> TIMED = java.util.Set.of(SECONDS_PER_ESTIMATE,
            LOG10_WORK_VARIANCE);

    public BasketRecord {
        options = Collections.unmodifiableSortedMap(new TreeMap<>(options));
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    /** The value of metric {@code name}, or NaN if it was not measured. */
    public double value(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }

    /** The configuration's temperature {@code tau}, or NaN if it has none. */
    public double temperature() {
        String tau = options.get("tau");
        if (tau == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(tau);
        } catch (NumberFormatException e) {
            return Double.NaN; // a schedule, not one temperature
        }
    }
}

package io.github.dvae.reports.store;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Written last, when a run has finished: its presence marks the run complete, so a rerun of the
 * same sweep skips it. Holds the values of the {@link Schedule#FINAL} metrics.
 *
 * @param completedAt ISO-8601 instant the run finished
 * @param epochs epochs trained
 * @param steps optimiser steps taken
 * @param wallSeconds the run's wall time, training and every measurement included
 * @param values values of the metrics measured once after training, by name (absent: not
 *     measured, e.g. a bound for a latent family without a posterior density)
 */
public record RunSummary(String completedAt, int epochs, long steps, double wallSeconds,
        Map<String, Double> values) {

    public RunSummary {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    /** The value of metric {@code name}, or NaN if it was not measured. */
    public double value(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }
}

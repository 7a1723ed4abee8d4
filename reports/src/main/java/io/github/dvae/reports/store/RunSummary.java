package io.github.dvae.reports.store;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Written last, when a run has finished: it marks the run complete (so a rerun of the same sweep
 * skips it) as long as the run's files are what {@link #contents()} says they are. Holds the
 * values of the {@link Schedule#FINAL} metrics.
 *
 * @param completedAt ISO-8601 instant the run finished
 * @param epochs epochs trained
 * @param steps optimiser steps taken
 * @param wallSeconds the run's wall time, training and every measurement included
 * @param values values of the metrics measured once after training, by name (absent: not
 *     measured, e.g. a bound for a latent family without a posterior density)
 * @param contents what the run holds (record counts, each record file's length and SHA-256),
 *     filled in by {@link RunWriter#complete}; null in stores written before it existed, whose
 *     completeness is then checked by counting epoch records only
 */
public record RunSummary(String completedAt, int epochs, long steps, double wallSeconds,
        Map<String, Double> values, RunContents contents) {

    public RunSummary {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    /** A summary whose contents {@link RunWriter#complete} fills in. */
    public RunSummary(String completedAt, int epochs, long steps, double wallSeconds,
            Map<String, Double> values) {
        this(completedAt, epochs, steps, wallSeconds, values, null);
    }

    /** This summary stating {@code what} as the run's contents. */
    public RunSummary withContents(RunContents what) {
        return new RunSummary(completedAt, epochs, steps, wallSeconds, values, what);
    }

    /** The value of metric {@code name}, or NaN if it was not measured. */
    public double value(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }
}

package io.github.dvae.reports.store;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of a run's {@code epochs.jsonl}: the values of every {@link Schedule#EPOCH} metric at
 * one evaluation point (the end of an epoch, or a step of the run's evaluation schedule), by
 * metric name ({@link MetricSpec#name()}), with when it was. Points are indexed by step.
 *
 * @param epoch whole epochs finished (1 at the end of the first pass over the training set; 0
 *     at a scheduled step within it)
 * @param step optimiser steps taken so far
 * @param epochSeconds wall time of the training since the previous point and of this point's
 *     measurements
 * @param elapsedSeconds wall time since the run started
 * @param values metric values by name; a metric that could not be measured is absent
 */
public record EpochRecord(int epoch, long step, double epochSeconds, double elapsedSeconds,
        Map<String, Double> values) {

    public EpochRecord {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    /** The value of metric {@code name}, or NaN if it was not measured. */
    public double value(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }
}

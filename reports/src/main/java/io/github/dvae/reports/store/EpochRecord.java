package io.github.dvae.reports.store;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of a run's {@code epochs.jsonl}: the values of every {@link Schedule#EPOCH} metric at
 * the end of an epoch, by metric name ({@link MetricSpec#name()}), with when it was.
 *
 * @param epoch 1 for the first pass over the training set
 * @param step optimiser steps taken so far
 * @param epochSeconds wall time of this epoch's training and measurements
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

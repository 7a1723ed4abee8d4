package io.github.dvae.reports.store;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of a run's {@code probes.jsonl}: the values of every {@link Schedule#PROBE} metric at
 * one checkpoint of the gradient variance probe (parameters frozen, one fixed minibatch, M
 * independent estimates), by metric name.
 *
 * @param epoch epochs trained before the probe (0: at initialisation)
 * @param step optimiser steps taken before the probe
 * @param elapsedSeconds wall time since the run started, when the probe began
 * @param seconds wall time the probe took
 * @param values metric values by name; one that could not be measured (no reference for the
 *     bias) is absent
 */
public record ProbeRecord(int epoch, long step, double elapsedSeconds, double seconds,
        Map<String, Double> values) {

    public ProbeRecord {
        values = Collections.unmodifiableSortedMap(new TreeMap<>(values));
    }

    /** The value of metric {@code name}, or NaN if it was not measured. */
    public double value(String name) {
        Double v = values.get(name);
        return v == null ? Double.NaN : v;
    }
}

package io.github.dvae.reports.section;

import io.github.dvae.reports.html.ConfigurationGroup;
import io.github.dvae.reports.html.Curve;
import io.github.dvae.reports.stats.Interval;
import io.github.dvae.reports.store.BasketRecord;
import io.github.dvae.reports.store.StoredRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The same-snapshot basket of one configuration's reference runs (one per seed), by estimator
 * configuration: the records of each probe, gathered over seeds, for the basket's curves and its
 * table. Package-private: what the basket and temperature sections share.
 */
final class BasketPoints {

    /** Names under which the runner records the basket's values. */
    static final String VARIANCE = "log10-variance";
    static final String SNR = "snr";
    static final String BIAS = "bias-relative-error";
    static final String COSINE = "bias-cosine";
    static final String SECONDS = BasketRecord.SECONDS_PER_ESTIMATE;
    static final String WORK = BasketRecord.LOG10_WORK_VARIANCE;

    private final ConfigurationGroup group;
    /** Estimator label to probe epoch to the seeds' records there, estimators in basket order. */
    private final Map<String, TreeMap<Integer, List<BasketRecord>>> byEstimator;

    private BasketPoints(ConfigurationGroup group,
            Map<String, TreeMap<Integer, List<BasketRecord>>> byEstimator) {
        this.group = group;
        this.byEstimator = byEstimator;
    }

    /** The basket of {@code group}'s runs; empty if none of them holds one. */
    static Optional<BasketPoints> of(ConfigurationGroup group) {
        Map<String, TreeMap<Integer, List<BasketRecord>>> by = new LinkedHashMap<>();
        for (StoredRun r : group.runs()) {
            for (BasketRecord b : r.basket()) {
                by.computeIfAbsent(b.estimator(), k -> new TreeMap<>())
                        .computeIfAbsent(b.epoch(), k -> new ArrayList<>()).add(b);
            }
        }
        return by.isEmpty() ? Optional.empty() : Optional.of(new BasketPoints(group, by));
    }

    ConfigurationGroup group() {
        return group;
    }

    /** The estimator configurations measured, in the basket's order. */
    List<String> estimators() {
        return List.copyOf(byEstimator.keySet());
    }

    /** The records of {@code estimator} at its last probe, one per seed that measured it. */
    List<BasketRecord> last(String estimator) {
        return byEstimator.get(estimator).lastEntry().getValue();
    }

    /** The epoch of the last probe. */
    int lastEpoch() {
        return byEstimator.values().stream().mapToInt(TreeMap::lastKey).max().orElse(0);
    }

    /**
     * {@code metric} of {@code estimator} along the reference runs against optimiser steps: at
     * each probe, the mean over seeds with its interval, at the seeds' mean step.
     */
    Curve curve(String estimator, String metric) {
        List<Double> xs = new ArrayList<>();
        List<Interval> ys = new ArrayList<>();
        for (List<BasketRecord> seeds : byEstimator.get(estimator).values()) {
            double[] values = seeds.stream().mapToDouble(b -> b.value(metric))
                    .filter(v -> !Double.isNaN(v)).toArray();
            if (values.length > 0) {
                xs.add(seeds.stream().mapToDouble(BasketRecord::step).average().orElseThrow());
                ys.add(Interval.of(values));
            }
        }
        return new Curve(xs, ys);
    }

    /** {@code metric} of {@code estimator} at the last probe over seeds; empty if unmeasured. */
    Optional<Interval> atLast(String estimator, String metric) {
        double[] values = last(estimator).stream().mapToDouble(b -> b.value(metric))
                .filter(v -> !Double.isNaN(v)).toArray();
        return values.length == 0 ? Optional.empty() : Optional.of(Interval.of(values));
    }

    /** A record of {@code estimator} at the last probe: its id, options, unbiasedness. */
    BasketRecord describe(String estimator) {
        return last(estimator).get(0);
    }
}

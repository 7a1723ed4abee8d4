package io.github.dvae.reports.compare;

import io.github.dvae.reports.stats.Interval;
import java.util.List;

/**
 * One configuration present in both stores, and how it changed.
 *
 * @param label the configuration's name in both reports
 * @param settingChanges settings whose values differ between the two stores, as
 *     {@code name: base -> new}; empty when the runs are of the same configuration
 * @param metrics every compared metric, in the new store's order
 * @param baseWallSeconds wall time per run in the base store
 * @param candidateWallSeconds wall time per run in the new store
 */
public record ConfigurationDelta(String label, List<String> settingChanges,
        List<MetricDelta> metrics, Interval baseWallSeconds, Interval candidateWallSeconds) {

    public ConfigurationDelta {
        settingChanges = List.copyOf(settingChanges);
        metrics = List.copyOf(metrics);
    }

    /** Whether any gated metric got significantly worse. */
    public boolean regressed() {
        return metrics.stream().anyMatch(m -> StoreComparison.gated(m.metric())
                && m.regression());
    }

    /** The delta of metric {@code name}, if both stores measured it. */
    public java.util.Optional<MetricDelta> metric(String name) {
        return metrics.stream().filter(m -> m.metric().name().equals(name)).findFirst();
    }
}

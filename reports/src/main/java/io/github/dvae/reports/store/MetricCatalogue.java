package io.github.dvae.reports.store;

import java.util.List;

/**
 * A run's {@code metrics.json}: the specs of the metrics it measures, in the order they were
 * registered.
 *
 * @param metrics one spec per metric name
 */
record MetricCatalogue(List<MetricSpec> metrics) {

    MetricCatalogue {
        metrics = List.copyOf(metrics);
        if (metrics.stream().map(MetricSpec::name).distinct().count() != metrics.size()) {
            throw new IllegalArgumentException("two metrics share a name in " + metrics);
        }
    }
}

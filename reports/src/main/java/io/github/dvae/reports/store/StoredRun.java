package io.github.dvae.reports.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Everything the store holds about one run, as read back.
 *
 * @param config the resolved configuration
 * @param environment where and when it ran
 * @param metrics the specs of the metrics the run measured (a store written before runs
 *     described their metrics gets the specs of what it recorded)
 * @param epochs one record per finished epoch, in order
 * @param probes one record per variance probe, in order (empty when the probe was off)
 * @param images the images for the report; null if the run did not get that far
 * @param summary the completion record; null while the run is incomplete or when its
 *     {@code summary.json} cannot be read
 * @param damage why the run's files are not what a complete run holds, naming the file (a
 *     summary that cannot be read, records that do not match their summary); null when intact
 * @param basket the same-snapshot basket measured at this run's probes, every estimator of the
 *     sweep per probe, in order (empty unless the run was a basket's reference)
 */
public record StoredRun(RunConfig config, RunEnvironment environment, List<MetricSpec> metrics,
        List<EpochRecord> epochs, List<ProbeRecord> probes, RunImages images,
        RunSummary summary, String damage, List<BasketRecord> basket) {

    public StoredRun {
        metrics = List.copyOf(metrics);
        epochs = List.copyOf(epochs);
        probes = List.copyOf(probes);
        basket = List.copyOf(basket);
    }

    /** A run without a basket. */
    public StoredRun(RunConfig config, RunEnvironment environment, List<MetricSpec> metrics,
            List<EpochRecord> epochs, List<ProbeRecord> probes, RunImages images,
            RunSummary summary, String damage) {
        this(config, environment, metrics, epochs, probes, images, summary, damage, List.of());
    }

    /** An intact run. */
    public StoredRun(RunConfig config, RunEnvironment environment, List<MetricSpec> metrics,
            List<EpochRecord> epochs, List<ProbeRecord> probes, RunImages images,
            RunSummary summary) {
        this(config, environment, metrics, epochs, probes, images, summary, null);
    }

    /** Whether the run finished and its files are what its summary says. */
    public boolean complete() {
        return summary != null && damage == null;
    }

    /** Whether the run's files contradict its summary or cannot be read. */
    public boolean damaged() {
        return damage != null;
    }

    /** The spec of metric {@code name}, if this run measured it. */
    public Optional<MetricSpec> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * The last value of {@code metric}: its final value, or its value at the last epoch or probe,
     * by the metric's schedule; empty if that record has none (not measured). A diverged run's
     * value is present and NaN.
     */
    public OptionalDouble last(MetricSpec metric) {
        Map<String, Double> values = switch (metric.schedule()) {
            case EPOCH -> epochs.isEmpty() ? Map.of() : epochs.get(epochs.size() - 1).values();
            case PROBE -> probes.isEmpty() ? Map.of() : probes.get(probes.size() - 1).values();
            case FINAL -> summary == null ? Map.of() : summary.values();
        };
        Double v = values.get(metric.name());
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }
}

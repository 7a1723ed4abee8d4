package io.github.dvae.experiments.metric;

import io.github.dvae.reports.store.MetricSpec;
import java.util.List;

/**
 * A quantity measured during a run: what it is called, its unit, when it is measured and how the
 * report summarises it (its {@link MetricSpec}s), and how it is computed from the run's model and
 * data ({@link #measure}). One class per metric, listed in
 * {@code META-INF/services/io.github.dvae.experiments.metric.RunMetric}: the training loop finds
 * it there, the store records its values under its name with no change to the store's format, and
 * the report draws or tabulates it from its spec alone.
 *
 * <p>Implementations are stateless (one instance serves every run, from several threads at once);
 * whatever a run needs between measurements lives in its {@link RunContext}.
 */
public interface RunMetric {

    /**
     * The metrics this class measures in {@code run}, usually one; none if it does not apply (a
     * bound for a latent family without a density, a setting that turns it off). Asked once, at
     * the start of the run, before any measurement.
     */
    List<MetricSpec> specs(RunContext run);

    /**
     * Measures at a point of the specs' schedule and puts each value under its spec's name. A
     * value that cannot be measured this time is left out (the store then holds none for it).
     */
    void measure(RunContext run, Values out) throws java.io.IOException;

    /** Where a measurement puts its values. */
    @FunctionalInterface
    interface Values {
        /** Records {@code value} for metric {@code name}. */
        void put(String name, double value);
    }
}

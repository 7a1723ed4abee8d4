package io.github.dvae.experiments.metric;

import io.github.dvae.core.stats.GradientComparison;
import io.github.dvae.experiments.probe.GradientVarianceProbe;
import io.github.dvae.experiments.probe.ProbeSettings;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/**
 * A metric read from the variance probe's measurement, at every probe of a run that probes; a
 * bias metric reads the comparison with the reference and is absent where there is none.
 */
public abstract class ProbeMetric extends ScalarMetric {

    /** A probe metric named {@code name}; see {@link MetricSpec} for the rest. */
    protected ProbeMetric(String name, String title, String unit, boolean curve, boolean column,
            MetricSpec.Direction better, String description) {
        super(new MetricSpec(name, title, unit, Schedule.PROBE, curve, column, better,
                description));
    }

    /** The value from one probe's measurement; empty if it has none. */
    protected abstract OptionalDouble of(GradientVarianceProbe.Measurement probe);

    /**
     * This metric's value in {@code probe}, a measurement made outside a run's own probe (the
     * same-snapshot basket records every probe metric this way); empty if it has none.
     */
    public final OptionalDouble from(GradientVarianceProbe.Measurement probe) {
        return of(probe);
    }

    /** For bias metrics: the comparison's value, or empty without a reference. */
    protected static OptionalDouble bias(GradientVarianceProbe.Measurement probe,
            java.util.function.ToDoubleFunction<GradientComparison> value) {
        return probe.bias() == null ? OptionalDouble.empty()
                : OptionalDouble.of(value.applyAsDouble(probe.bias()));
    }

    @Override
    protected final boolean appliesTo(RunContext run) {
        return ProbeSettings.enabled(run.config());
    }

    @Override
    protected final OptionalDouble value(RunContext run) {
        return run.probe().map(this::of).orElse(OptionalDouble.empty());
    }
}

package io.github.dvae.experiments.metric;

import io.github.dvae.reports.store.MetricSpec;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The common case of {@link RunMetric}: one spec and one value per measurement. A subclass
 * passes its spec and computes {@link #value}.
 */
public abstract class ScalarMetric implements RunMetric {

    private final MetricSpec spec;

    protected ScalarMetric(MetricSpec spec) {
        this.spec = spec;
    }

    /** The one spec. */
    public final MetricSpec spec() {
        return spec;
    }

    /** Whether the metric applies to {@code run}; by default it always does. */
    protected boolean appliesTo(RunContext run) {
        return true;
    }

    /** The value now, or empty if it cannot be measured this time. */
    protected abstract OptionalDouble value(RunContext run) throws java.io.IOException;

    @Override
    public final List<MetricSpec> specs(RunContext run) {
        return appliesTo(run) ? List.of(spec) : List.of();
    }

    @Override
    public final void measure(RunContext run, Values out) throws java.io.IOException {
        OptionalDouble v = value(run);
        if (v.isPresent()) {
            out.put(spec.name(), v.getAsDouble());
        }
    }
}

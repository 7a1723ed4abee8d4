package io.github.dvae.experiments.metric;

import io.github.dvae.experiments.probe.ProbeSettings;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/**
 * log10 of the mean over the encoder's parameters of each parameter's sample variance over M
 * independent estimates on one fixed minibatch, parameters frozen (REBAR's convention; KL term
 * left out).
 */
public final class GradientLog10Variance extends ScalarMetric {

    /** Its name in the store. */
    public static final String NAME = "log10-variance";

    public GradientLog10Variance() {
        super(new MetricSpec(NAME, "encoder gradient variance", "log10", Schedule.PROBE,
                true, true, MetricSpec.Direction.LOWER,
                "log10 of the mean over the encoder's parameters of each parameter's "
                + "sample variance over M independent estimates on one fixed minibatch, "
                + "parameters frozen (REBAR's convention; KL term left out)."));
    }

    @Override
    protected boolean appliesTo(RunContext run) {
        return ProbeSettings.enabled(run.config());
    }

    @Override
    protected OptionalDouble value(RunContext run) {
        return run.probe()
                .map(p -> OptionalDouble.of(p.moments().log10Variance()))
                .orElse(OptionalDouble.empty());
    }
}

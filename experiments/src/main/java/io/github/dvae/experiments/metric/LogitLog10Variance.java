package io.github.dvae.experiments.metric;

import io.github.dvae.experiments.probe.ProbeSettings;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/**
 * log10 of the mean per-coordinate variance of the estimator's gradient with respect to the
 * encoder's output (the logits), per example.
 */
public final class LogitLog10Variance extends ScalarMetric {

    /** Its name in the store. */
    public static final String NAME = "logit-log10-variance";

    public LogitLog10Variance() {
        super(new MetricSpec(NAME, "logit gradient variance", "log10", Schedule.PROBE,
                false, true, MetricSpec.Direction.LOWER,
                "log10 of the mean per-coordinate variance of the estimator's gradient "
                + "with respect to the encoder's output (the logits), per example."));
    }

    @Override
    protected boolean appliesTo(RunContext run) {
        return ProbeSettings.enabled(run.config());
    }

    @Override
    protected OptionalDouble value(RunContext run) {
        return run.probe()
                .map(p -> OptionalDouble.of(p.moments().logitLog10Variance()))
                .orElse(OptionalDouble.empty());
    }
}

package io.github.dvae.experiments.metric;

import io.github.dvae.experiments.probe.GradientVarianceProbe;
import io.github.dvae.reports.store.MetricSpec;
import java.util.OptionalDouble;

/**
 * log10 of the mean per-coordinate variance of the estimator's gradient with respect to the
 * encoder's output (the logits), per example.
 */
public final class LogitLog10Variance extends ProbeMetric {

    /** Its name in the store. */
    public static final String NAME = "logit-log10-variance";

    public LogitLog10Variance() {
        super(NAME, "logit gradient variance", "log10", false, true, MetricSpec.Direction.LOWER,
                "log10 of the mean per-coordinate variance of the estimator's gradient "
                + "with respect to the encoder's output (the logits), per example.");
    }

    @Override
    protected OptionalDouble of(GradientVarianceProbe.Measurement probe) {
        return OptionalDouble.of(probe.moments().logitLog10Variance());
    }
}

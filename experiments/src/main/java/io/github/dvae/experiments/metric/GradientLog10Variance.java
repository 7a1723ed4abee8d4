package io.github.dvae.experiments.metric;

import io.github.dvae.experiments.probe.GradientVarianceProbe;
import io.github.dvae.reports.store.MetricSpec;
import java.util.OptionalDouble;

/**
 * log10 of the mean over the encoder's parameters of each parameter's sample variance over M
 * independent estimates on one fixed minibatch, parameters frozen (REBAR's convention; KL term
 * left out).
 */
public final class GradientLog10Variance extends ProbeMetric {

    /** Its name in the store. */
    public static final String NAME = "log10-variance";

    public GradientLog10Variance() {
        super(NAME, "encoder gradient variance", "log10", true, true, MetricSpec.Direction.LOWER,
                "log10 of the mean over the encoder's parameters of each parameter's "
                + "sample variance over M independent estimates on one fixed minibatch, "
                + "parameters frozen (REBAR's convention; KL term left out).");
    }

    @Override
    protected OptionalDouble of(GradientVarianceProbe.Measurement probe) {
        return OptionalDouble.of(probe.moments().log10Variance());
    }
}

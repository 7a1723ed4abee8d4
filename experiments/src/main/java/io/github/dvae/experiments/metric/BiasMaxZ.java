package io.github.dvae.experiments.metric;

import io.github.dvae.core.stats.GradientComparison;
import io.github.dvae.experiments.probe.GradientVarianceProbe;
import io.github.dvae.reports.store.MetricSpec;
import java.util.OptionalDouble;

/**
 * Largest |mean_i - reference_i| / standard error_i over the encoder's parameters: for an
 * unbiased estimator, the maximum of as many standard normals.
 */
public final class BiasMaxZ extends ProbeMetric {

    /** Its name in the store. */
    public static final String NAME = "bias-max-z";

    public BiasMaxZ() {
        super(NAME, "largest bias z", "", false, false, MetricSpec.Direction.NONE,
                "Largest |mean_i - reference_i| / standard error_i over the encoder's "
                + "parameters: for an unbiased estimator, the maximum of as many standard"
                + " normals.");
    }

    @Override
    protected OptionalDouble of(GradientVarianceProbe.Measurement probe) {
        return bias(probe, GradientComparison::maxAbsZ);
    }
}

package io.github.dvae.experiments.metric;

import io.github.dvae.core.stats.GradientComparison;
import io.github.dvae.experiments.probe.GradientVarianceProbe;
import io.github.dvae.reports.store.MetricSpec;
import java.util.OptionalDouble;

/**
 * Cosine similarity of the M estimates' mean and the reference gradient.
 */
public final class BiasCosine extends ProbeMetric {

    /** Its name in the store. */
    public static final String NAME = "bias-cosine";

    public BiasCosine() {
        super(NAME, "cosine to reference", "", false, true, MetricSpec.Direction.HIGHER,
                "Cosine similarity of the M estimates' mean and the reference gradient.");
    }

    @Override
    protected OptionalDouble of(GradientVarianceProbe.Measurement probe) {
        return bias(probe, GradientComparison::cosine);
    }
}

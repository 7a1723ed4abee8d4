package io.github.dvae.experiments.metric;

import io.github.dvae.core.stats.GradientComparison;
import io.github.dvae.experiments.probe.GradientVarianceProbe;
import io.github.dvae.reports.store.MetricSpec;
import java.util.OptionalDouble;

/**
 * ||mean - reference|| / ||reference|| of the M estimates' mean against the reference gradient:
 * the exact one when the latent space is small enough to enumerate, else (for a biased
 * estimator) the mean of R draws of an unbiased one, both means' noise removed.
 */
public final class BiasRelativeError extends ProbeMetric {

    /** Its name in the store. */
    public static final String NAME = "bias-relative-error";

    public BiasRelativeError() {
        super(NAME, "bias (relative error)", "", false, true, MetricSpec.Direction.LOWER,
                "||mean - reference|| / ||reference|| of the M estimates' mean against "
                + "the exact gradient where the latent space enumerates, else against the "
                + "mean of R draws of an unbiased estimator with both means' noise "
                + "removed.");
    }

    @Override
    protected OptionalDouble of(GradientVarianceProbe.Measurement probe) {
        return bias(probe, GradientComparison::relativeError);
    }
}

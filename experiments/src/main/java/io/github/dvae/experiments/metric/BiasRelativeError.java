package io.github.dvae.experiments.metric;

import io.github.dvae.experiments.probe.ProbeSettings;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/**
 * ||mean - reference|| / ||reference|| of the M estimates' mean against the reference gradient:
 * the exact one when the latent space is small enough to enumerate, else (for a biased
 * estimator) the mean of R draws of an unbiased one, both means' noise removed.
 */
public final class BiasRelativeError extends ScalarMetric {

    /** Its name in the store. */
    public static final String NAME = "bias-relative-error";

    public BiasRelativeError() {
        super(new MetricSpec(NAME, "bias (relative error)", "", Schedule.PROBE,
                false, true, MetricSpec.Direction.LOWER,
                "||mean - reference|| / ||reference|| of the M estimates' mean against "
                + "the exact gradient where the latent space enumerates, else against the "
                + "mean of R draws of an unbiased estimator with both means' noise "
                + "removed."));
    }

    @Override
    protected boolean appliesTo(RunContext run) {
        return ProbeSettings.enabled(run.config());
    }

    @Override
    protected OptionalDouble value(RunContext run) {
        return run.probe()
                .filter(p -> p.bias() != null)
                .map(p -> OptionalDouble.of(p.bias().relativeError()))
                .orElse(OptionalDouble.empty());
    }
}

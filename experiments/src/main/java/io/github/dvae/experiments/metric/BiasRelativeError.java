package io.github.dvae.experiments.metric;

import io.github.dvae.experiments.probe.ProbeSettings;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/**
 * ||mean - reference|| / ||reference|| of the M estimates' mean against the reference
 * estimator's gradient, when the latent space is small enough for it.
 */
public final class BiasRelativeError extends ScalarMetric {

    /** Its name in the store. */
    public static final String NAME = "bias-relative-error";

    public BiasRelativeError() {
        super(new MetricSpec(NAME, "bias (relative error)", "", Schedule.PROBE,
                false, true, MetricSpec.Direction.LOWER,
                "||mean - reference|| / ||reference|| of the M estimates' mean against "
                + "the reference estimator's gradient, when the latent space is small "
                + "enough for it."));
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

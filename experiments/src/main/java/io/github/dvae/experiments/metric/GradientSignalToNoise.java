package io.github.dvae.experiments.metric;

import io.github.dvae.experiments.probe.ProbeSettings;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/**
 * Mean over the encoder's parameters of |mean| / std of the M estimates.
 */
public final class GradientSignalToNoise extends ScalarMetric {

    /** Its name in the store. */
    public static final String NAME = "snr";

    public GradientSignalToNoise() {
        super(new MetricSpec(NAME, "gradient SNR", "", Schedule.PROBE,
                false, true, MetricSpec.Direction.HIGHER,
                "Mean over the encoder's parameters of |mean| / std of the M estimates."));
    }

    @Override
    protected boolean appliesTo(RunContext run) {
        return ProbeSettings.enabled(run.config());
    }

    @Override
    protected OptionalDouble value(RunContext run) {
        return run.probe()
                .map(p -> OptionalDouble.of(p.moments().parameters().meanSignalToNoise()))
                .orElse(OptionalDouble.empty());
    }
}

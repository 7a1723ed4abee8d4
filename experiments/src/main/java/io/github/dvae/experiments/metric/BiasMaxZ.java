package io.github.dvae.experiments.metric;

import io.github.dvae.experiments.probe.ProbeSettings;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/**
 * Largest |mean_i - reference_i| / standard error_i over the encoder's parameters: for an
 * unbiased estimator, the maximum of as many standard normals.
 */
public final class BiasMaxZ extends ScalarMetric {

    /** Its name in the store. */
    public static final String NAME = "bias-max-z";

    public BiasMaxZ() {
        super(new MetricSpec(NAME, "largest bias z", "", Schedule.PROBE,
                false, false, MetricSpec.Direction.NONE,
                "Largest |mean_i - reference_i| / standard error_i over the encoder's "
                + "parameters: for an unbiased estimator, the maximum of as many standard"
                + " normals."));
    }

    @Override
    protected boolean appliesTo(RunContext run) {
        return ProbeSettings.enabled(run.config());
    }

    @Override
    protected OptionalDouble value(RunContext run) {
        return run.probe()
                .filter(p -> p.bias() != null)
                .map(p -> OptionalDouble.of(p.bias().maxAbsZ()))
                .orElse(OptionalDouble.empty());
    }
}

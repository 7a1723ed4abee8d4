package io.github.dvae.experiments.metric;

import io.github.dvae.experiments.probe.ProbeSettings;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/**
 * Cosine similarity of the M estimates' mean and the reference gradient.
 */
public final class BiasCosine extends ScalarMetric {

    /** Its name in the store. */
    public static final String NAME = "bias-cosine";

    public BiasCosine() {
        super(new MetricSpec(NAME, "cosine to reference", "", Schedule.PROBE,
                false, true, MetricSpec.Direction.HIGHER,
                "Cosine similarity of the M estimates' mean and the reference gradient."));
    }

    @Override
    protected boolean appliesTo(RunContext run) {
        return ProbeSettings.enabled(run.config());
    }

    @Override
    protected OptionalDouble value(RunContext run) {
        return run.probe()
                .filter(p -> p.bias() != null)
                .map(p -> OptionalDouble.of(p.bias().cosine()))
                .orElse(OptionalDouble.empty());
    }
}

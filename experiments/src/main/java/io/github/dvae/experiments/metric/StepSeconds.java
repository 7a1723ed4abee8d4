package io.github.dvae.experiments.metric;

import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/**
 * Wall seconds per optimiser step: the cost that work-normalised variance weighs a gradient's
 * variance by (an estimator twice as slow must halve its variance to break even).
 */
public final class StepSeconds extends ScalarMetric {

    /** Its name in the store. */
    public static final String NAME = "step-seconds";

    public StepSeconds() {
        super(new MetricSpec(NAME, "time per step", "seconds", Schedule.EPOCH, false, false,
                MetricSpec.Direction.LOWER, "Mean wall time of one optimiser step over the "
                + "epoch (sampling, decoder passes, backward pass and Adam), measured evaluation "
                + "excluded."));
    }

    @Override
    protected OptionalDouble value(RunContext run) {
        return OptionalDouble.of(run.stepSeconds());
    }
}

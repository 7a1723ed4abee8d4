package io.github.dvae.experiments.metric;

import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/** The test ELBO: the whole test set, one hard posterior sample per example. */
public final class TestElbo extends ScalarMetric {

    /** Its name in the store, which the report ranks configurations by. */
    public static final String NAME = "test-elbo";

    public TestElbo() {
        super(new MetricSpec(NAME, "test ELBO", "nats per example", Schedule.EPOCH, true, true,
                MetricSpec.Direction.HIGHER, "Mean over the whole test set of log p(x|z) - KL "
                + "with one hard posterior sample per example, whatever the model trained "
                + "with."));
    }

    @Override
    protected OptionalDouble value(RunContext run) {
        return OptionalDouble.of(run.testEvaluation().elbo());
    }
}

package io.github.dvae.experiments.metric;

import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/** The test set's reconstruction term {@code log p(x|z)} at the test ELBO's samples. */
public final class TestReconstruction extends ScalarMetric {

    public TestReconstruction() {
        super(new MetricSpec("test-reconstruction", "test log p(x|z)", "nats per example",
                Schedule.EPOCH, false, true, MetricSpec.Direction.HIGHER, "Mean log-likelihood "
                + "of the test set at the test ELBO's hard samples."));
    }

    @Override
    protected OptionalDouble value(RunContext run) {
        return OptionalDouble.of(run.testEvaluation().reconstruction());
    }
}

package io.github.dvae.experiments.metric;

import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/** The test set's analytic {@code KL(q(z|x) || p(z))}. */
public final class TestKl extends ScalarMetric {

    public TestKl() {
        super(new MetricSpec("test-kl", "test KL", "nats per example", Schedule.EPOCH, false,
                true, MetricSpec.Direction.NONE, "Mean over the test set of KL(q(z|x) || p(z)), "
                + "analytic."));
    }

    @Override
    protected OptionalDouble value(RunContext run) {
        return OptionalDouble.of(run.testEvaluation().kl());
    }
}

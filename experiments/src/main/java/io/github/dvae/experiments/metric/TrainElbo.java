package io.github.dvae.experiments.metric;

import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/** The training ELBO: running mean over the epoch of each minibatch's ELBO, as the seed prints. */
public final class TrainElbo extends ScalarMetric {

    public TrainElbo() {
        super(new MetricSpec("train-elbo", "train ELBO", "nats per example", Schedule.EPOCH,
                true, true, MetricSpec.Direction.HIGHER, "Running mean over the epoch of each "
                + "minibatch's training ELBO, at the parameters of that step."));
    }

    @Override
    protected OptionalDouble value(RunContext run) {
        return OptionalDouble.of(run.trainElbo());
    }
}

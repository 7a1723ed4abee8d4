package io.github.dvae.experiments.metric;

import io.github.dvae.experiments.training.TrainingSettings;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/**
 * The validation ELBO: the images held out of the training file ({@code --validation}), one hard
 * posterior sample each, at every evaluation point. Only for runs that hold images out.
 */
public final class ValidationElbo extends ScalarMetric {

    /** Its name in the store. */
    public static final String NAME = "validation-elbo";

    public ValidationElbo() {
        super(new MetricSpec(NAME, "validation ELBO", "nats per example", Schedule.EPOCH, true,
                true, MetricSpec.Direction.HIGHER, "Mean over the validation images (the last "
                + "of the training file, never trained on) of log p(x|z) - KL with one hard "
                + "posterior sample per example."));
    }

    @Override
    protected boolean appliesTo(RunContext run) {
        return run.config().get(TrainingSettings.VALIDATION_EXAMPLES) > 0;
    }

    @Override
    protected OptionalDouble value(RunContext run) {
        return run.validationEvaluation().map(e -> OptionalDouble.of(e.elbo()))
                .orElse(OptionalDouble.empty());
    }
}

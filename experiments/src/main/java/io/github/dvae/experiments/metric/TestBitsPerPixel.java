package io.github.dvae.experiments.metric;

import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.util.OptionalDouble;

/**
 * The negative test ELBO in bits per pixel, {@code -ELBO / (D ln 2)}: the unit image models are
 * compared in across data sets of other sizes. Kept as the example of a metric that is one class
 * plus one line in {@code META-INF/services/io.github.dvae.experiments.metric.RunMetric}: the
 * store records it and the final table shows it with no other change.
 */
public final class TestBitsPerPixel extends ScalarMetric {

    public TestBitsPerPixel() {
        super(new MetricSpec("test-bits-per-pixel", "test -ELBO", "bits per pixel",
                Schedule.EPOCH, false, true, MetricSpec.Direction.LOWER, "Negative test ELBO "
                + "divided by the pixels per image and ln 2: an upper bound on the code length "
                + "of a test image, per pixel."));
    }

    @Override
    protected OptionalDouble value(RunContext run) {
        return OptionalDouble.of(-run.testEvaluation().elbo()
                / (run.data().pixels() * Math.log(2)));
    }
}

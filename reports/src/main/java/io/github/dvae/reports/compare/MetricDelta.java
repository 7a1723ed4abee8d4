package io.github.dvae.reports.compare;

import io.github.dvae.reports.stats.Interval;
import io.github.dvae.reports.stats.WelchTest;
import io.github.dvae.reports.store.MetricSpec;
import java.util.Optional;

/**
 * How one metric of one configuration changed between two stores: the last value over seeds on
 * each side, and Welch's test of the difference (new minus base).
 *
 * @param metric the metric, as the new store describes it
 * @param base its value in the base store
 * @param candidate its value in the new store
 * @param test Welch's test of {@code candidate - base}; empty with fewer than two seeds a side
 */
public record MetricDelta(MetricSpec metric, Interval base, Interval candidate,
        Optional<WelchTest> test) {

    /** Whether the difference is significant at 5%. */
    public boolean significant() {
        return test.map(WelchTest::significant).orElse(false);
    }

    /** Whether it got significantly worse, by the metric's direction. */
    public boolean regression() {
        return significant() && worse();
    }

    /** Whether it got significantly better, by the metric's direction. */
    public boolean improvement() {
        return significant() && !worse() && metric.better() != MetricSpec.Direction.NONE
                && candidate.mean() != base.mean();
    }

    /** {@code candidate - base} of the means. */
    public double difference() {
        return candidate.mean() - base.mean();
    }

    private boolean worse() {
        return switch (metric.better()) {
            case HIGHER -> difference() < 0;
            case LOWER -> difference() > 0;
            case NONE -> false;
        };
    }
}

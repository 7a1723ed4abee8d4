package io.github.dvae.reports.store;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a run records about one metric, so that a report can show any metric without knowing it:
 * its name (the key of its values in the store's records), how to title it, its unit, when it is
 * measured and how it is summarised. Each run writes the specs of the metrics it measured to
 * {@code metrics.json}; values are kept in the records of its schedule (see {@link Schedule}).
 *
 * @param name key of the metric's values, lower case letters, digits, dots and dashes, e.g.
 *     {@code test-elbo}
 * @param title how figures and tables name it, e.g. {@code test ELBO}
 * @param unit e.g. {@code nats per example}, {@code log10}, {@code seconds}; empty if none
 * @param schedule when it is measured
 * @param curve whether the report draws it along training (over the seeds of each
 *     configuration, with a 95% band); a metric that never changes in any run is shown as a table
 *     row instead
 * @param column whether the final table has a column of its last value (mean and 95% interval
 *     over seeds)
 * @param better which direction is an improvement, for rankings and for {@code compare}'s
 *     regression test
 * @param description one sentence for the report: what exactly is measured
 */
public record MetricSpec(String name, String title, String unit, Schedule schedule,
        boolean curve, boolean column, Direction better, String description) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");

    /** Which way a metric improves. */
    public enum Direction {
        /** Larger is better (an ELBO, a bound on log p(x)). */
        HIGHER,
        /** Smaller is better (a variance, a bias, a time). */
        LOWER,
        /** Neither: a diagnostic (a temperature, a codebook's usage). */
        NONE
    }

    public MetricSpec {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(better, "better");
        Objects.requireNonNull(description, "description");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "' must be lower case "
                    + "letters, digits, dots and dashes");
        }
    }

    /** The title with its unit in brackets, for an axis. */
    public String axisLabel() {
        return unit.isEmpty() ? title : title + " (" + unit + ")";
    }
}

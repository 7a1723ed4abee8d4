package io.github.dvae.reports.html;

import io.github.dvae.reports.stats.Interval;
import java.util.List;

/**
 * A metric along training, over the seeds of one configuration: at each x (an epoch), the mean
 * over seeds with its 95% interval.
 *
 * @param x epochs, increasing
 * @param values one interval per x
 */
public record Curve(List<Integer> x, List<Interval> values) {

    public Curve {
        x = List.copyOf(x);
        values = List.copyOf(values);
        if (x.size() != values.size()) {
            throw new IllegalArgumentException(x.size() + " x values but " + values.size()
                    + " intervals");
        }
    }

    /**
     * The points whose mean is finite: a diverged run (NaN) or a metric undefined at a point
     * (log10 of a zero variance) leaves a gap in the line instead of breaking the chart.
     */
    public Curve finitePoints() {
        List<Integer> xs = new java.util.ArrayList<>();
        List<Interval> vs = new java.util.ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            if (Double.isFinite(values.get(i).mean())) {
                xs.add(x.get(i));
                vs.add(values.get(i));
            }
        }
        return new Curve(xs, vs);
    }

    /** Whether there is no point. */
    public boolean isEmpty() {
        return x.isEmpty();
    }

    /** Whether every point has a finite interval (two seeds or more, all finite), for a band. */
    public boolean bounded() {
        return values.stream().allMatch(i -> i.bounded() && Double.isFinite(i.lower())
                && Double.isFinite(i.upper()));
    }
}

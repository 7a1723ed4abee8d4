package io.github.dvae.reports.html;

import io.github.dvae.reports.stats.Interval;
import java.util.ArrayList;
import java.util.List;

/**
 * A metric along training, over the seeds of one configuration: at each point (an epoch or a
 * probe), the mean over seeds with its 95% interval, against the point's x.
 *
 * @param x the points' positions, increasing (epochs, steps, or mean wall seconds)
 * @param values one interval per x
 */
public record Curve(List<Double> x, List<Interval> values) {

    public Curve {
        x = List.copyOf(x);
        values = List.copyOf(values);
        if (x.size() != values.size()) {
            throw new IllegalArgumentException(x.size() + " x values but " + values.size()
                    + " intervals");
        }
    }

    /**
     * The points whose x and mean are finite (and, for a log axis, x positive): a diverged run
     * (NaN) or a metric undefined at a point (log10 of a zero variance) leaves a gap in the line
     * instead of breaking the chart.
     */
    public Curve finitePoints(boolean positiveX) {
        List<Double> xs = new ArrayList<>();
        List<Interval> vs = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            if (Double.isFinite(values.get(i).mean()) && Double.isFinite(x.get(i))
                    && (!positiveX || x.get(i) > 0)) {
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

    /** Whether the mean is the same at every point (a fixed temperature, a constant eta). */
    public boolean constant() {
        return values.stream().mapToDouble(Interval::mean).distinct().count() <= 1;
    }
}

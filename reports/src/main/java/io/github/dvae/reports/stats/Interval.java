package io.github.dvae.reports.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * The mean of n independent values (one per seed) with a two-sided Student-t confidence interval
 * {@code mean +- t_{n-1, (1+c)/2} s / sqrt(n)}. With one value there is no interval: its bounds are
 * NaN. Non-finite values (a diverged run) make the mean and bounds non-finite, so a report shows
 * them rather than hiding the run.
 *
 * @param mean the sample mean
 * @param lower lower bound of the interval (NaN if {@code n < 2})
 * @param upper upper bound of the interval (NaN if {@code n < 2})
 * @param n number of values
 * @param confidence the interval's coverage, e.g. 0.95
 */
public record Interval(double mean, double lower, double upper, int n, double confidence) {

    /** The coverage every figure of the report uses. */
    public static final double CONFIDENCE = 0.95;

    /** The 95% interval of {@code values}. */
    public static Interval of(double... values) {
        return withCoverage(CONFIDENCE, values);
    }

    /**
     * The interval of coverage {@code confidence} of {@code values}.
     *
     * @throws IllegalArgumentException if there are no values or the coverage is not in (0, 1)
     */
    public static Interval withCoverage(double confidence, double... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("an interval needs at least one value");
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        int n = values.length;
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        if (n < 2) {
            return new Interval(mean, Double.NaN, Double.NaN, n, confidence);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double standardError = Math.sqrt(ss / (n - 1) / n);
        // No random generator: only the quantile function is used.
        double t = new TDistribution(null, n - 1)
                .inverseCumulativeProbability((1 + confidence) / 2);
        double half = t * standardError;
        return new Interval(mean, mean - half, mean + half, n, confidence);
    }

    /** Half the interval's width (NaN if {@code n < 2}). */
    public double halfWidth() {
        return (upper - lower) / 2;
    }

    /** Whether the interval has bounds (two or more finite values). */
    public boolean bounded() {
        return !Double.isNaN(lower) && !Double.isNaN(upper);
    }
}

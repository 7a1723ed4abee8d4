package io.github.dvae.reports.stats;

import java.util.Optional;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.StatUtils;
import org.apache.commons.math3.stat.inference.TTest;

/**
 * Welch's two-sample t-test (unequal variances) of the difference of two means, {@code b - a},
 * with its 95% Welch-Satterthwaite interval: how the report marks configurations that differ
 * significantly from the best, and how {@code compare} decides a regression. Values are one per
 * seed; the test needs two or more on each side.
 *
 * @param difference {@code mean(b) - mean(a)}
 * @param lower lower bound of the difference's 95% interval
 * @param upper upper bound of the difference's 95% interval
 * @param degreesOfFreedom the Welch-Satterthwaite degrees of freedom (infinite when both sides
 *     have no spread)
 * @param pValue two-sided p-value of "the means are equal" (Commons Math's {@link TTest})
 */
public record WelchTest(double difference, double lower, double upper,
        double degreesOfFreedom, double pValue) {

    /** The level below which a difference is called significant. */
    public static final double ALPHA = 0.05;

    /**
     * The test of {@code b} against {@code a}; empty when either side has fewer than two finite
     * values.
     */
    public static Optional<WelchTest> of(double[] a, double[] b) {
        if (a.length < 2 || b.length < 2 || !allFinite(a) || !allFinite(b)) {
            return Optional.empty();
        }
        double ma = StatUtils.mean(a);
        double mb = StatUtils.mean(b);
        double sa = StatUtils.variance(a) / a.length;
        double sb = StatUtils.variance(b) / b.length;
        double difference = mb - ma;
        double se = Math.sqrt(sa + sb);
        if (se == 0) {
            // No spread on either side (deterministic runs): equal means are the same result,
            // different ones differ with certainty.
            return Optional.of(new WelchTest(difference, difference, difference,
                    Double.POSITIVE_INFINITY, difference == 0 ? 1.0 : 0.0));
        }
        double df = (sa + sb) * (sa + sb)
                / (sa * sa / (a.length - 1) + sb * sb / (b.length - 1));
        double t = new TDistribution(null, df).inverseCumulativeProbability(0.975);
        double p = new TTest().tTest(a, b);
        return Optional.of(new WelchTest(difference, difference - t * se, difference + t * se,
                df, p));
    }

    /** Whether the difference is significant at {@link #ALPHA}. */
    public boolean significant() {
        return pValue < ALPHA;
    }

    private static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}

package io.github.dvae.experiments.probe;

import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.stats.GradientComparison;

/**
 * The bias of an estimator against a reference that is itself estimated (the mean of R draws of
 * an unbiased estimator), for latent spaces too large for the exact gradient. The naive
 * {@code ||mean - reference mean||} is inflated by both means' noise; since
 * {@code E||m_a - m_b||^2 = ||bias||^2 + tr(Var_a)/M + tr(Var_b)/R} for independent draws, and
 * {@code E||m_b||^2 = ||g||^2 + tr(Var_b)/R}, subtracting the traces (each estimated without bias
 * by the sample variances) gives unbiased estimates of both squared norms, whose ratio's signed
 * root is the relative error reported: negative when the estimate of the squared bias is, that
 * is when the noise explains the whole difference (so that a mean over seeds stays honest
 * instead of being pushed up by a clamp at 0). The z-scores use both standard errors.
 */
public final class NoisyReferenceBias {

    private NoisyReferenceBias() {
    }

    /**
     * Compares the mean of {@code estimates} with the mean of {@code reference}, both from
     * independent draws.
     *
     * @return relative error (signed root) and mean squared bias with the noise removed, the
     *     cosine of the two means, and the largest {@code |difference| / combined standard
     *     error}
     */
    public static GradientComparison of(CoordinateMoments estimates,
            CoordinateMoments reference) {
        int n = estimates.dimension();
        if (reference.dimension() != n) {
            throw new IllegalArgumentException("reference of dimension " + reference.dimension()
                    + ", estimates of " + n);
        }
        double diff2 = 0;
        double ref2 = 0;
        double mean2 = 0;
        double dot = 0;
        double noise = 0;
        double referenceNoise = 0;
        double maxZ = 0;
        for (int i = 0; i < n; i++) {
            double a = estimates.mean(i);
            double b = reference.mean(i);
            double d = a - b;
            double ea = estimates.variance(i) / estimates.count();
            double eb = reference.variance(i) / reference.count();
            diff2 += d * d;
            ref2 += b * b;
            mean2 += a * a;
            dot += a * b;
            noise += ea + eb;
            referenceNoise += eb;
            if (ea + eb > 0) {
                maxZ = Math.max(maxZ, Math.abs(d) / Math.sqrt(ea + eb));
            }
        }
        double bias2 = diff2 - noise;
        double gradient2 = ref2 - referenceNoise;
        double relative = gradient2 > 0 ? Math.signum(bias2) * Math.sqrt(Math.abs(bias2)
                / gradient2) : Double.NaN;
        return new GradientComparison(relative, dot / Math.sqrt(ref2 * mean2), maxZ, bias2 / n);
    }
}

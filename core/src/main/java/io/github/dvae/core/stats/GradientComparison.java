package io.github.dvae.core.stats;

/**
 * How far the mean of many gradient estimates lies from a reference gradient.
 *
 * @param relativeError {@code ||mean - reference|| / ||reference||}
 * @param cosine cosine similarity of the mean and the reference
 * @param maxAbsZ largest {@code |mean_i - reference_i| / standardError_i} over coordinates with a
 *     positive standard error: for an unbiased estimator, a standard normal's maximum over the
 *     coordinates
 * @param meanSquaredBias mean over coordinates of {@code (mean_i - reference_i)^2}
 */
public record GradientComparison(double relativeError, double cosine, double maxAbsZ,
        double meanSquaredBias) {

    /** Compares the mean of {@code estimates} with {@code reference}. */
    public static GradientComparison of(CoordinateMoments estimates, double[] reference) {
        if (reference.length != estimates.dimension()) {
            throw new IllegalArgumentException("reference of length " + reference.length
                    + ", estimates of " + estimates.dimension());
        }
        double diff2 = 0;
        double ref2 = 0;
        double mean2 = 0;
        double dot = 0;
        double maxZ = 0;
        for (int i = 0; i < reference.length; i++) {
            double m = estimates.mean(i);
            double d = m - reference[i];
            diff2 += d * d;
            ref2 += reference[i] * reference[i];
            mean2 += m * m;
            dot += m * reference[i];
            double se = estimates.standardError(i);
            if (se > 0) {
                maxZ = Math.max(maxZ, Math.abs(d) / se);
            }
        }
        double cos = dot / Math.sqrt(ref2 * mean2);
        return new GradientComparison(Math.sqrt(diff2 / ref2), cos, maxZ,
                diff2 / reference.length);
    }
}

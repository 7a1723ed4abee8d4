package io.github.dvae.core.stats;

/**
 * How far the mean of many gradient estimates lies from a reference gradient.
 *
 * @param relativeError {@code ||mean - reference|| / ||reference||}
 * @param cosine cosine similarity of the mean and the reference
 * @param maxAbsZ largest {@code |mean_i - reference_i| / standardError_i} over coordinates with a
 *     positive standard error, that error floored at {@value #ROUNDING} times the reference's
 *     root-mean-square coordinate (where every estimate agrees to rounding, as on a pixel that is
 *     0 in the whole minibatch, float noise must not read as a z of 10^10): for an unbiased
 *     estimator, a standard normal's maximum over the coordinates
 * @param meanSquaredBias mean over coordinates of {@code (mean_i - reference_i)^2}
 */
public record GradientComparison(double relativeError, double cosine, double maxAbsZ,
        double meanSquaredBias) {

    /** Relative size of float rounding in a gradient coordinate. */
    public static final double ROUNDING = 1e-6;

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
        double referenceSquares = 0;
        for (double r : reference) {
            referenceSquares += r * r;
        }
        double floor = ROUNDING * Math.sqrt(referenceSquares / reference.length);
        for (int i = 0; i < reference.length; i++) {
            double m = estimates.mean(i);
            double d = m - reference[i];
            diff2 += d * d;
            ref2 += reference[i] * reference[i];
            mean2 += m * m;
            dot += m * reference[i];
            double se = estimates.standardError(i);
            if (se > 0) {
                maxZ = Math.max(maxZ, Math.abs(d) / Math.max(se, floor));
            }
        }
        double cos = dot / Math.sqrt(ref2 * mean2);
        return new GradientComparison(Math.sqrt(diff2 / ref2), cos, maxZ,
                diff2 / reference.length);
    }
}

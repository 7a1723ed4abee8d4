package io.github.dvae.experiments.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.stats.GradientComparison;
import org.junit.jupiter.api.Test;

class NoisyReferenceBiasTest {

    private static final int DIMENSION = 20_000;

    /** {@code count} draws of {@code mean + sigma * N(0, 1)} per coordinate. */
    private static CoordinateMoments draws(double[] mean, double sigma, int count,
            RandomStream rng) {
        CoordinateMoments m = new CoordinateMoments(mean.length);
        double[] x = new double[mean.length];
        for (int k = 0; k < count; k++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = mean[i] + sigma * rng.nextGaussian();
            }
            m.add(x);
        }
        return m;
    }

    @Test
    void theNoiseOfBothMeansIsRemovedFromTheRelativeError() {
        RandomStream rng = RandomStream.of(3);
        double[] g = new double[DIMENSION];
        double[] biased = new double[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            g[i] = rng.nextGaussian();
            biased[i] = g[i] + 0.3 * rng.nextGaussian();
        }
        double trueRelative = 0;
        double norm = 0;
        for (int i = 0; i < DIMENSION; i++) {
            trueRelative += (biased[i] - g[i]) * (biased[i] - g[i]);
            norm += g[i] * g[i];
        }
        trueRelative = Math.sqrt(trueRelative / norm);
        // Noise per mean (sigma^2 / count = 0.18 and 0.25 per coordinate) larger than the
        // squared bias (0.09): the naive comparison would report about 1.7 times the truth.
        CoordinateMoments estimates = draws(biased, 3, 50, rng);
        CoordinateMoments reference = draws(g, 5, 100, rng);
        GradientComparison c = NoisyReferenceBias.of(estimates, reference);
        double naive = GradientComparison.of(estimates, reference.means()).relativeError();
        // Standard error of the squared estimate: sqrt(sum 2 s^4 + 4 b^2 s^2) over 20,000
        // coordinates with s^2 = 0.43, about 5% of ||b||^2: 2.6% of the relative error.
        assertEquals(trueRelative, c.relativeError(), 0.1 * trueRelative,
                "debiased " + c.relativeError() + ", naive " + naive);
        assertTrue(naive > 1.5 * trueRelative, "the naive error is inflated: " + naive);

        GradientComparison unbiased = NoisyReferenceBias.of(draws(g, 3, 50, rng),
                draws(g, 5, 100, rng));
        assertTrue(Math.abs(unbiased.relativeError()) < 0.05, "an unbiased estimator's "
                + "relative error "
                + unbiased.relativeError());
        assertTrue(unbiased.maxAbsZ() < 5, "max |z| over 20,000 normals " + unbiased.maxAbsZ());
    }
}

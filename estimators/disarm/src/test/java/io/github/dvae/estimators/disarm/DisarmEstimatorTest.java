package io.github.dvae.estimators.disarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.testing.BernoulliToy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DisARM on one Bernoulli unit, where its distribution is known: with {@code q' = sigmoid(|l|)}
 * and {@code D = f(1) - f(0)}, the pair disagrees with probability {@code 2 (1 - q')} and the
 * estimate is then {@code D q' / 2}, else 0: mean {@code q (1 - q) D}, variance
 * {@code P (1 - P) (D q' / 2)^2} with {@code P = 2 (1 - q')}; at most ARM's (checked against
 * ARM's closed form).
 */
class DisarmEstimatorTest {

    private static GradientEstimator disarm(int pairs) {
        return new DisarmEstimatorProvider().create(new EstimatorConfig(LatentSpec.bernoulli(1),
                1, DataType.DOUBLE, 0L, Map.of("pairs", Integer.toString(pairs))));
    }

    @ParameterizedTest
    @CsvSource({"0.0, 0.45", "1.5, 0.45", "-2.0, 0.499", "4.0, 0.3", "-50.0, 0.45"})
    void meanAndVarianceMatchTheClosedForm(double logit, double target) {
        BernoulliToy toy = new BernoulliToy(logit, target);
        int count = 200_000;
        double[] g = toy.estimates(disarm(1), count, RandomStream.of(3));
        CoordinateMoments m = new CoordinateMoments(1);
        for (double v : g) {
            m.add(new double[] {v});
        }
        double q = Math.max(toy.q(), 1 - toy.q());
        double d = toy.f(1) - toy.f(0);
        double p = 2 * (1 - q);
        double c = d * q / 2;
        double variance = p * (1 - p) * c * c;
        double armVariance = 2.0 / 3.0 * d * d * (0.125 - Math.pow(q - 0.5, 3))
                - toy.exactGradient() * toy.exactGradient();
        assertTrue(variance <= armVariance + 1e-15, "Rao-Blackwellised: " + variance + " <= "
                + armVariance);
        if (p == 0) {
            assertEquals(0.0, m.variance(0), 0.0, "|l| = 50: the pair always agrees");
            assertEquals(toy.exactGradient(), m.mean(0), 1e-20);
            return;
        }
        // 4.5 standard errors: each check fails by chance with probability below 1e-5.
        assertEquals(toy.exactGradient(), m.mean(0), 4.5 * m.standardError(0), "mean");
        double varianceError = Math.sqrt(c * c * c * c * p / count);
        assertEquals(variance, m.variance(0), 4.5 * varianceError, "variance");
        System.out.printf("disarm l=%.1f t=%.3f: mean %.4g (exact %.4g), variance %.4g (closed "
                + "form %.4g; ARM's %.4g)%n", logit, target, m.mean(0), toy.exactGradient(),
                m.variance(0), variance, armVariance);
    }

    @Test
    void refusesCategoricalLatents() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DisarmEstimatorProvider().create(EstimatorConfig.of(
                        LatentSpec.categorical(2, 3), 6)));
        assertTrue(e.getMessage().contains("categorical"), e.getMessage());
    }
}

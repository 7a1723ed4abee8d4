package io.github.dvae.estimators.arm;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * ARM on one Bernoulli unit, where its distribution is known: with {@code q = sigmoid(l) >= 1/2}
 * and {@code D = f(1) - f(0)}, the estimate is {@code -D (u - 1/2)} for {@code u < 1 - q}, 0 for
 * {@code 1 - q <= u < q}, {@code D (u - 1/2)} for {@code u >= q}; so its mean is
 * {@code q (1 - q) D} and its second moment {@code (2/3) D^2 (1/8 - (q - 1/2)^3)} (the case
 * {@code q < 1/2} by symmetry, with |l|).
 */
class ArmEstimatorTest {

    private static GradientEstimator arm(int pairs) {
        return new ArmEstimatorProvider().create(new EstimatorConfig(LatentSpec.bernoulli(1), 1,
                DataType.DOUBLE, 0L, Map.of("pairs", Integer.toString(pairs))));
    }

    @ParameterizedTest
    @CsvSource({"0.0, 0.45", "1.5, 0.45", "-2.0, 0.499", "4.0, 0.3"})
    void meanAndVarianceMatchTheClosedForm(double logit, double target) {
        BernoulliToy toy = new BernoulliToy(logit, target);
        int count = 200_000;
        double[] g = toy.estimates(arm(1), count, RandomStream.of(3));
        CoordinateMoments m = new CoordinateMoments(1);
        for (double v : g) {
            m.add(new double[] {v});
        }
        double q = Math.max(toy.q(), 1 - toy.q());
        double d = toy.f(1) - toy.f(0);
        double secondMoment = 2.0 / 3.0 * d * d * (0.125 - Math.pow(q - 0.5, 3));
        double variance = secondMoment - toy.exactGradient() * toy.exactGradient();
        // 4.5 standard errors: each check fails by chance with probability below 1e-5.
        assertEquals(toy.exactGradient(), m.mean(0), 4.5 * m.standardError(0), "mean");
        // The sample variance's standard error, from the fourth moment bound (|g| <= |D| / 2).
        double varianceError = Math.sqrt(Math.pow(d / 2, 4) / count);
        assertEquals(variance, m.variance(0), 4.5 * varianceError, "variance");
        System.out.printf("arm l=%.1f t=%.3f: mean %.4g (exact %.4g), variance %.4g (closed form "
                + "%.4g)%n", logit, target, m.mean(0), toy.exactGradient(), m.variance(0),
                variance);
    }

    @Test
    void morePairsDivideTheVarianceByTheirNumber() {
        BernoulliToy toy = new BernoulliToy(0.7, 0.45);
        CoordinateMoments one = new CoordinateMoments(1);
        CoordinateMoments four = new CoordinateMoments(1);
        for (double v : toy.estimates(arm(1), 100_000, RandomStream.of(5))) {
            one.add(new double[] {v});
        }
        for (double v : toy.estimates(arm(4), 100_000, RandomStream.of(6))) {
            four.add(new double[] {v});
        }
        double ratio = one.variance(0) / four.variance(0);
        assertTrue(ratio > 3.6 && ratio < 4.4, "variance ratio " + ratio);
        assertEquals(toy.exactGradient(), four.mean(0), 4.5 * four.standardError(0));
    }

    @Test
    void refusesCategoricalLatentsAndBadPairs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ArmEstimatorProvider().create(EstimatorConfig.of(
                        LatentSpec.categorical(2, 3), 6)));
        assertTrue(e.getMessage().contains("categorical"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ArmEstimatorProvider().create(
                EstimatorConfig.of(LatentSpec.bernoulli(2), 6).withOption("pairs", "0")));
        assertTrue(e.getMessage().contains("pairs=0"), e.getMessage());
    }
}

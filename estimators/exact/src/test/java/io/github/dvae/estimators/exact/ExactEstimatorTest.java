package io.github.dvae.estimators.exact;

import static io.github.dvae.core.testing.ArrayAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.InvalidOptionException;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.testing.FiniteDifferences;
import io.github.dvae.core.testing.TinyProblem;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExactEstimatorTest {

    private final ExactEstimatorProvider provider = new ExactEstimatorProvider();

    @Test
    void gradientOfEveryParameterMatchesFiniteDifferencesOfTheEnumeratedExpectation() {
        TinyProblem problem = new TinyProblem(LatentSpec.categorical(2, 3));
        GradientEstimator exact = problem.estimator(provider, Map.of());
        Vae vae = problem.model(exact, 4, 1.5);
        vae.gradientEstimate(problem.data(), RandomStream.of(0), exact, false);
        double[] analytic = TinyProblem.gradients(vae);
        int at = 0;
        for (Parameter p : vae.parameters()) {
            double[] fd = FiniteDifferences.gradient(p.values(), () -> {
                EstimatorStep s = vae.gradientEstimate(problem.data(), RandomStream.of(0), exact,
                        false);
                double mean = 0;
                for (double v : s.objective()) {
                    mean += v;
                }
                // The loss whose gradient the probe reports: -mean_b E_q[f_b].
                return -mean / s.objective().length;
            }, 1e-6);
            double[] mine = java.util.Arrays.copyOfRange(analytic, at, at + p.size());
            assertClose(fd, mine, 1e-7, 1e-5, p.name());
            at += p.size();
        }
    }

    @Test
    void refusesLatentSpacesTooLargeToEnumerate() {
        InvalidOptionException e = assertThrows(InvalidOptionException.class,
                () -> provider.create(EstimatorConfig.of(LatentSpec.categorical(20, 256), 784)));
        assertTrue(e.getMessage().contains("256^20") && e.getMessage().contains("65536"),
                e.getMessage());
        e = assertThrows(InvalidOptionException.class, () -> provider.create(
                EstimatorConfig.of(LatentSpec.categorical(4, 3), 784)
                        .withOption("max-configurations", "10")));
        assertTrue(e.getMessage().contains("3^4"), e.getMessage());
    }
}

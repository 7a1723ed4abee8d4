package io.github.dvae.estimators.rebar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.latent.BernoulliFamily;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.testing.GradientStudy;
import io.github.dvae.core.testing.TinyProblem;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * REBAR on Bernoulli units, on the contract suite's enumerable Bernoulli problem (3 units): the
 * mean of 4,000 estimates of every parameter's gradient lies within the contract's z bound of the
 * exact one, and the same test catches the classic porting error, a conditional sample treated
 * as independent of the logits ({@code dz~/dl = 0}), at the same sample size.
 */
class RebarBernoulliTest {

    private static final int ESTIMATES = 2000;

    @Test
    void unbiasedAndTheDetachedConditionalSampleIsCaught() {
        TinyProblem problem = TinyProblem.of(LatentKind.BERNOULLI);
        RebarEstimatorProvider provider = new RebarEstimatorProvider();
        RebarEstimator right = (RebarEstimator) problem.estimator(provider, Map.of());
        assertTrue(right.family() instanceof BernoulliFamily);
        RebarEstimator wrong = (RebarEstimator) problem.estimator(provider, Map.of());
        wrong.dropConditionalSampleDerivativeForTesting();
        GradientStudy.Measurement good = measure(problem, right);
        GradientStudy.Measurement bad = measure(problem, wrong);
        double bound = RebarUnbiasednessTest.bound(good.parameterMoments().dimension());
        System.out.printf("rebar on 3 Bernoulli units: max |z| %.2f (bound %.2f), relative error "
                + "%.4f; dz~/dl dropped: max |z| %.1f, relative error %.4f%n",
                good.parameters().maxAbsZ(), bound, good.parameters().relativeError(),
                bad.parameters().maxAbsZ(), bad.parameters().relativeError());
        assertTrue(good.parameters().maxAbsZ() < bound, good::toString);
        assertTrue(bad.parameters().maxAbsZ() > bound, bad::toString);
        assertEquals(0.5, right.diagnostics().get("lambda"));
    }

    private static GradientStudy.Measurement measure(TinyProblem problem, RebarEstimator e) {
        Vae vae = problem.model(e, 8, 1.5);
        GradientStudy.Reference exact = GradientStudy.exact(vae, problem.data());
        return GradientStudy.measure(vae, problem.data(), e, exact, ESTIMATES,
                RandomStream.of(2024));
    }
}

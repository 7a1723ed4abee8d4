package io.github.dvae.estimators.disarm;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.AntitheticPairEstimator;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.likelihood.BernoulliLikelihood;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code disarm}: DisARM (Dong, Mnih and Tucker, NeurIPS 2020) for Bernoulli latents: ARM's
 * antithetic pair {@code b1 = 1[u > sigmoid(-l)]}, {@code b2 = 1[u < sigmoid(l)]}, with u
 * integrated out of the weight given the pair, {@code 1/2 (f(b1) - f(b2)) 1[b1 != b2] (-1)^b2
 * sigmoid(|l|)} per unit, as in google-research {@code disarm/binary/networks.py}
 * ({@code grad_type == 'disarm'}). Unbiased, never more variable than ARM (a Rao-Blackwellisation
 * of it); option {@code pairs} (P, default 1); 2P decoder evaluations per example in one call.
 */
public final class DisarmEstimatorProvider implements EstimatorProvider {

    @Override
    public String id() {
        return "disarm";
    }

    @Override
    public String description() {
        return "DisARM (Dong, Mnih and Tucker 2020): ARM's antithetic pair, gradient "
                + "1/2 (f(b1) - f(b2)) 1[b1 != b2] (-1)^b2 sigmoid(|l|); Bernoulli latents; "
                + "unbiased";
    }

    @Override
    public List<EstimatorOption> options() {
        return List.of(AntitheticPairEstimator.PAIRS);
    }

    @Override
    public List<Map<String, String>> variants() {
        return AntitheticPairEstimator.VARIANTS;
    }

    @Override
    public Set<LatentKind> latentKinds() {
        return Set.of(LatentKind.BERNOULLI);
    }

    @Override
    public boolean unbiased() {
        return true;
    }

    @Override
    public GradientEstimator create(EstimatorConfig config) {
        return AntitheticPairEstimator.create(this, config, DisarmEstimatorProvider::weight);
    }

    /**
     * DisARM's weight of a unit: {@code 1/2 (-1)^b2 sigmoid(|l|)} where the pair disagrees, 0
     * where it agrees (there, u's contributions to ARM cancel in expectation).
     */
    static double weight(double u, int b1, int b2, double logit) {
        if (b1 == b2) {
            return 0.0;
        }
        double s = BernoulliLikelihood.sigmoid(Math.abs(logit));
        return b2 == 0 ? 0.5 * s : -0.5 * s;
    }
}

package io.github.dvae.estimators.arm;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.AntitheticPairEstimator;
import io.github.dvae.core.latent.LatentKind;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code arm}: Augment-REINFORCE-Merge (Yin and Zhou, ICLR 2019) for Bernoulli latents. With one
 * uniform u per unit, {@code b1 = 1[u > sigmoid(-l)]} and {@code b2 = 1[u < sigmoid(l)]}, the
 * logit gradient is {@code (f(b1) - f(b2)) (u - 1/2)} per unit, as in google-research
 * {@code disarm/binary/networks.py} ({@code grad_type == 'arm'}). Unbiased; option {@code pairs}
 * (P, default 1) averages P independent pairs; 2P decoder evaluations per example in one call.
 */
public final class ArmEstimatorProvider implements EstimatorProvider {

    @Override
    public String id() {
        return "arm";
    }

    @Override
    public String description() {
        return "ARM (Yin and Zhou 2019): antithetic pair b1 = 1[u > sigmoid(-l)], "
                + "b2 = 1[u < sigmoid(l)], gradient (f(b1) - f(b2)) (u - 1/2); Bernoulli latents; "
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
        return AntitheticPairEstimator.create(this, config, ArmEstimatorProvider::weight);
    }

    /** ARM's weight of a unit: {@code u - 1/2}, whatever the bits. */
    static double weight(double u, int b1, int b2, double logit) {
        return u - 0.5;
    }
}

package io.github.dvae.estimators.reinmax;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import java.util.List;
import java.util.Map;

/**
 * {@code reinmax}: ReinMax (Liu, Dong, Liu, Yu and Gao, NeurIPS 2023, "Bridging Discrete and
 * Backpropagation: Straight-Through and Beyond"): the decoder reads a hard sample
 * {@code D ~ Cat(softmax(l))}; the backward pass is {@code 2 J(pi_half)^T u - J(pi)^T u / 2}
 * with {@code pi_half = (softmax(l / tau) + D) / 2}. Biased (exact in expectation for an f that
 * is quadratic in D, at tau = 1); one decoder evaluation per example. See
 * {@link ReinMaxEstimator}.
 */
public final class ReinMaxEstimatorProvider implements EstimatorProvider {

    static final String TAU = "tau";

    @Override
    public String id() {
        return "reinmax";
    }

    @Override
    public String description() {
        return "ReinMax (Liu et al. 2023): hard sample forward, second-order (Heun) "
                + "straight-through backward; biased";
    }

    @Override
    public List<EstimatorOption> options() {
        return List.of(new EstimatorOption(TAU, "1.0", "temperature tau of softmax(l / tau) in "
                + "the backward pass, > 0 (the reference library refuses tau < 1; its VAE "
                + "scripts use 1.3)"));
    }

    /** The default, and the reference VAE scripts' temperature. */
    @Override
    public List<Map<String, String>> variants() {
        return List.of(Map.of(), Map.of(TAU, "1.3"));
    }

    @Override
    public boolean unbiased() {
        return false;
    }

    @Override
    public GradientEstimator create(EstimatorConfig config) {
        EstimatorOptions o = EstimatorOptions.read(this, config);
        return new ReinMaxEstimator(config.latent(), o.realAbove(TAU, 0.0), config.dataType());
    }
}

package io.github.dvae.estimators.straightthrough;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.LatentKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code straight-through}: the straight-through estimator (Bengio, Leonard and Courville 2013):
 * the decoder reads a hard sample {@code z ~ Cat(softmax(l))}, and the backward pass treats it as
 * if it were {@code softmax(l)}: {@code d/dl = J_softmax(l)^T (df/dz at z)}. Biased; one decoder
 * evaluation per example; no options.
 */
public final class StraightThroughEstimatorProvider implements EstimatorProvider {

    @Override
    public String id() {
        return "straight-through";
    }

    @Override
    public String description() {
        return "Straight-through (Bengio et al. 2013): hard sample forward, backward through "
                + "softmax(l) (sigmoid(l) for Bernoulli units) as if it were the sample; biased";
    }

    @Override
    public List<EstimatorOption> options() {
        return List.of();
    }

    /** Categorical, and Bernoulli units (backward through {@code sigmoid(l)}). */
    @Override
    public Set<LatentKind> latentKinds() {
        return EnumSet.allOf(LatentKind.class);
    }

    @Override
    public boolean unbiased() {
        return false;
    }

    @Override
    public GradientEstimator create(EstimatorConfig config) {
        // Refuses any option, naming the estimator (it has none).
        EstimatorOptions.read(this, config);
        return new StraightThroughEstimator(config.latent(), config.dataType());
    }
}

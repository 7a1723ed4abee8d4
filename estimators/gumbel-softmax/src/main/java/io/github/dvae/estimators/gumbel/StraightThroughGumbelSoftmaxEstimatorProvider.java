package io.github.dvae.estimators.gumbel;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.LatentKind;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code st-gumbel-softmax}: Straight-Through Gumbel-Softmax (Jang et al. 2017): the decoder reads
 * the hard sample {@code onehot(argmax(l + g))}, the backward pass goes through the relaxation.
 */
public final class StraightThroughGumbelSoftmaxEstimatorProvider implements EstimatorProvider {

    @Override
    public String id() {
        return "st-gumbel-softmax";
    }

    @Override
    public String description() {
        return "Straight-Through Gumbel-Softmax (Jang et al. 2017): hard one-hot (or bit) "
                + "forward, relaxed backward; biased";
    }

    @Override
    public List<EstimatorOption> options() {
        return GumbelSoftmaxOptions.declared();
    }

    /** Categorical, and Bernoulli units as the binary Concrete. */
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
        return GumbelSoftmaxOptions.create(this, config, true);
    }
}

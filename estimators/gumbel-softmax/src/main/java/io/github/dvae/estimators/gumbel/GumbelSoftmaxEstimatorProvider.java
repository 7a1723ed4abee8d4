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
 * {@code gumbel-softmax}: the relaxed Gumbel-Softmax / Concrete estimator (Jang et al. 2017;
 * Maddison et al. 2017); biased, the temperature trading bias for variance.
 */
public final class GumbelSoftmaxEstimatorProvider implements EstimatorProvider {

    @Override
    public String id() {
        return "gumbel-softmax";
    }

    @Override
    public String description() {
        return "Gumbel-Softmax / Concrete relaxation (Jang et al. 2017; Maddison et al. 2017), "
                + "decoder reads softmax((l+g)/tau) (the binary Concrete sigmoid((l+L)/tau) on "
                + "Bernoulli units); biased";
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
        return GumbelSoftmaxOptions.create(this, config, false);
    }
}

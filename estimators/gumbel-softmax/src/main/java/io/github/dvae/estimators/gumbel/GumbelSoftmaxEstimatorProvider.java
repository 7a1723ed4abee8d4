package io.github.dvae.estimators.gumbel;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import java.util.List;

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
                + "decoder reads softmax((l+g)/tau); biased";
    }

    @Override
    public List<EstimatorOption> options() {
        return GumbelSoftmaxOptions.declared();
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

package io.github.dvae.estimators.exact;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.InvalidOptionException;
import io.github.dvae.core.latent.CategoricalEnumeration;
import io.github.dvae.core.latent.EnumeratedGradient;
import io.github.dvae.core.latent.LatentSpec;
import java.util.List;

/**
 * {@code exact}: the exact gradient of {@code E_q[f(z)]} by enumerating all {@code K^N}
 * configurations; the ground truth for bias, for tiny latent spaces only.
 */
public final class ExactEstimatorProvider implements EstimatorProvider {

    static final String MAX_CONFIGURATIONS = "max-configurations";

    @Override
    public String id() {
        return "exact";
    }

    @Override
    public String description() {
        return "Exact gradient by enumerating all K^N latent configurations (ground truth; tiny "
                + "latent spaces only)";
    }

    @Override
    public List<EstimatorOption> options() {
        return List.of(new EstimatorOption(MAX_CONFIGURATIONS, "65536",
                "refuse latent spaces with more than this many configurations K^N (integer >= 1)"));
    }

    @Override
    public boolean unbiased() {
        return true;
    }

    @Override
    public GradientEstimator create(EstimatorConfig config) {
        EstimatorOptions o = EstimatorOptions.read(this, config);
        int limit = o.integerAtLeast(MAX_CONFIGURATIONS, 1);
        LatentSpec spec = config.latent();
        long count = CategoricalEnumeration.configurations(spec, limit);
        if (count > limit) {
            throw new InvalidOptionException("estimator 'exact' cannot enumerate a latent space of "
                    + spec.variables() + " variables with " + spec.classes() + " classes: "
                    + spec.classes() + "^" + spec.variables() + " configurations exceed the limit "
                    + "of " + limit + " (option " + MAX_CONFIGURATIONS + ")");
        }
        return new EnumeratedGradient(spec);
    }
}

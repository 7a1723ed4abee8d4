package io.github.dvae.estimators.exact;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.InvalidOptionException;
import io.github.dvae.core.latent.CategoricalEnumeration;
import io.github.dvae.core.latent.EnumeratedGradient;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.latent.LatentSpec;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code exact}: the exact gradient of {@code E_q[f(z)]} by enumerating all {@code K^N}
 * configurations of categorical latents, or {@code 2^N} of Bernoulli units; the ground truth for
 * bias, for tiny latent spaces only.
 */
public final class ExactEstimatorProvider implements EstimatorProvider {

    static final String MAX_CONFIGURATIONS = "max-configurations";

    @Override
    public String id() {
        return "exact";
    }

    @Override
    public String description() {
        return "Exact gradient by enumerating all K^N latent configurations (2^N for Bernoulli "
                + "units; ground truth; tiny latent spaces only)";
    }

    @Override
    public Set<LatentKind> latentKinds() {
        return EnumSet.allOf(LatentKind.class);
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
            throw new InvalidOptionException("estimator 'exact' cannot enumerate the latent space "
                    + spec + ": " + spec.classes() + "^" + spec.variables()
                    + " configurations exceed the limit of " + limit + " (option "
                    + MAX_CONFIGURATIONS + ")");
        }
        return new EnumeratedGradient(spec, config.dataType());
    }
}

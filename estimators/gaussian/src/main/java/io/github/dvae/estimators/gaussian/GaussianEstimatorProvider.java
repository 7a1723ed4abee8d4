package io.github.dvae.estimators.gaussian;

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
 * {@code gaussian}: the continuous Gaussian VAE (Kingma and Welling 2014), the reference row of
 * every comparison. It brings its own latent family: N Gaussian variables, where N is the latent
 * spec's {@code variables}; the spec's {@code classes} is ignored (an architecture written
 * {@code 784-200-(20x10)-200-784} gives a 20-dimensional Gaussian latent). The encoder emits N
 * means and N log-variances, the KL to {@code N(0, I)} is analytic, and the gradient is the
 * reparameterisation gradient. One decoder evaluation per example; no options.
 *
 * <p>{@link #unbiased()} is true: for the Gaussian posterior,
 * {@code E_eps[d f(mu + sigma eps) / d(mu, v)] = d E_q[f] / d(mu, v)} wherever f is
 * differentiable (the decoder is, except on ReLU kinks, a set of measure zero), and the decoder's
 * gradient is taken at true posterior samples. The contract suite cannot check this by
 * enumeration (a continuous latent has no configurations to enumerate, so it skips the check for
 * non-categorical families); this module's tests check it instead against a closed-form
 * expectation, and the whole model's gradient at fixed noise against finite differences.
 * Declaring it biased would be false, and would make consumers treat the reference row as a
 * relaxation.
 */
public final class GaussianEstimatorProvider implements EstimatorProvider {

    @Override
    public String id() {
        return "gaussian";
    }

    @Override
    public String description() {
        return "Continuous Gaussian VAE (Kingma and Welling 2014), reparameterised gradient; the "
                + "reference row; N Gaussian latents from the latent spec, its classes ignored";
    }

    @Override
    public List<EstimatorOption> options() {
        return List.of();
    }

    /**
     * Both: the Gaussian family reads only the spec's N, so the reference row runs beside
     * categorical and Bernoulli estimators on the same architecture string ({@code (200b)} gives
     * 200 Gaussian latents).
     */
    @Override
    public Set<LatentKind> latentKinds() {
        return EnumSet.allOf(LatentKind.class);
    }

    @Override
    public boolean unbiased() {
        return true;
    }

    @Override
    public GradientEstimator create(EstimatorConfig config) {
        // Refuses any option, naming the estimator (it has none).
        EstimatorOptions.read(this, config);
        return new GaussianEstimator(new GaussianFamily(config.latent(), config.dataType()));
    }
}

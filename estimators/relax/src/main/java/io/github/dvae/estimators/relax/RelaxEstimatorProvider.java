package io.github.dvae.estimators.relax;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.BernoulliFamily;
import io.github.dvae.core.latent.LatentKind;
import io.github.dvae.core.latent.LatentSpec;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code relax}: REBAR's conditional relaxation with a learned surrogate
 * {@code c(z) = eta f(softmax(z / lambda)) + r(softmax(z / lambda))} (Grathwohl et al. 2018,
 * "Backpropagation through the Void: Optimizing control variates for black-box gradient
 * estimation", ICLR), whose parameters descend the estimator's variance; unbiased for every
 * surrogate. See {@link RelaxEstimator} for the estimate, its cost and the surrogate's training.
 */
public final class RelaxEstimatorProvider implements EstimatorProvider {

    static final String ETA = "eta";
    static final String LEARN_ETA = "learn-eta";
    static final String LAMBDA = "lambda";
    static final String HIDDEN = "hidden";
    static final String RATE = "rate";

    @Override
    public String id() {
        return "relax";
    }

    @Override
    public String description() {
        return "RELAX (Grathwohl et al. 2018), REBAR's conditional relaxation with a learned "
                + "surrogate network trained on the estimator's variance; unbiased";
    }

    @Override
    public List<EstimatorOption> options() {
        return List.of(
                new EstimatorOption(ETA, "1.0", "initial scale of f(y) in the surrogate "
                        + "eta f(y) + r(y), y the relaxed sample; a finite number"),
                new EstimatorOption(LEARN_ETA, "true", "true: eta takes the surrogate's Adam "
                        + "steps on the variance; false: eta stays fixed"),
                new EstimatorOption(LAMBDA, "0.5", "temperature of the relaxation "
                        + "y = softmax(z / lambda) (sigmoid(z / lambda) for Bernoulli units), > 0, "
                        + "fixed"),
                new EstimatorOption(HIDDEN, "50", "tanh hidden units of the surrogate network r, "
                        + ">= 1"),
                new EstimatorOption(RATE, "0.001", "Adam's learning rate for the surrogate's "
                        + "parameters (r's, and eta's if learned), > 0"));
    }

    /**
     * The defaults; a fixed eta with a small temperature (so that the contract's extreme-logit
     * check also runs at lambda = 0.05); a small, fast-learning network.
     */
    @Override
    public List<Map<String, String>> variants() {
        return List.of(
                Map.of(),
                Map.of(ETA, "0.3", LEARN_ETA, "false", LAMBDA, "0.05"),
                Map.of(HIDDEN, "4", RATE, "0.05", LAMBDA, "2.0"));
    }

    /** Categorical latents (REBAR's conditional Gumbel) and Bernoulli units (its binary form). */
    @Override
    public Set<LatentKind> latentKinds() {
        return EnumSet.of(LatentKind.CATEGORICAL, LatentKind.BERNOULLI);
    }

    @Override
    public boolean unbiased() {
        return true;
    }

    @Override
    public GradientEstimator create(EstimatorConfig config) {
        EstimatorOptions o = EstimatorOptions.read(this, config);
        RelaxSettings settings = new RelaxSettings(o.real(ETA), o.flag(LEARN_ETA),
                o.realAbove(LAMBDA, 0.0), o.integerAtLeast(HIDDEN, 1), o.realAbove(RATE, 0.0));
        LatentSpec latent = config.latent();
        Relaxation relaxation = latent.kind() == LatentKind.BERNOULLI
                ? new BinaryRelaxation(new BernoulliFamily(latent, config.dataType()))
                : new CategoricalRelaxation(latent);
        return new RelaxEstimator(relaxation, settings, config.dataType(), config.seed());
    }
}

package io.github.dvae.estimators.indecater;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.LatentKind;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code indecater}: the Independent Categorical REINFORCE estimator, IndeCateR (De Smet,
 * Sansone and Zuidberg Dos Martires, NeurIPS 2023, "Differentiable Sampling of Categorical
 * Distributions Using the CatLog-Derivative Trick"): per variable i,
 * {@code sum_k F_ik d pi_ik / dl_i} with {@code F_ik} the mean over S samples of f with
 * variable i set to k and the others as sampled. Categorical and Bernoulli latents; unbiased;
 * {@code S (1 + N (K - 1))} decoder evaluations per example ({@code S (1 + N)} for Bernoulli
 * units). See {@link IndeCateREstimator}.
 */
public final class IndeCateREstimatorProvider implements EstimatorProvider {

    static final String SAMPLES = "samples";

    @Override
    public String id() {
        return "indecater";
    }

    @Override
    public String description() {
        return "IndeCateR (De Smet et al. 2023): per variable, the exact sum over its classes "
                + "with the others sampled; unbiased; S (1 + N (K-1)) decoder evaluations "
                + "(K = 2 for Bernoulli units)";
    }

    @Override
    public List<EstimatorOption> options() {
        return List.of(new EstimatorOption(SAMPLES, "2", "samples S of the other variables, "
                + "shared by every variable's sum (the reference's DVAE runs use 2), "
                + "integer >= 1"));
    }

    /** The reference's two samples, and one. */
    @Override
    public List<Map<String, String>> variants() {
        return List.of(Map.of(), Map.of(SAMPLES, "1"));
    }

    @Override
    public Set<LatentKind> latentKinds() {
        return Set.of(LatentKind.CATEGORICAL, LatentKind.BERNOULLI);
    }

    @Override
    public boolean unbiased() {
        return true;
    }

    @Override
    public GradientEstimator create(EstimatorConfig config) {
        EstimatorOptions o = EstimatorOptions.read(this, config);
        return new IndeCateREstimator(config.latent(), o.integerAtLeast(SAMPLES, 1),
                IndeCateREstimator.ROWS_PER_CALL, config.dataType());
    }
}

package io.github.dvae.estimators.vq;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import java.util.List;
import java.util.Map;

/**
 * {@code vq-gumbel}: Gumbel-Softmax vector quantisation (Sønderby et al. 2017; Baevski et al.
 * 2020): a relaxed (or straight-through) Gumbel-Softmax sample over the K codebook entries with
 * logits {@code -scale ||z_e - e_k||^2}, the decoder reading the weighted sum of entries, and the
 * analytic KL of the categorical assignment to the uniform prior.
 */
public final class GumbelVqEstimatorProvider implements EstimatorProvider {

    static final String TAU = "tau";
    static final String HARD = "hard";
    static final String SCALE = "scale";

    @Override
    public String id() {
        return "vq-gumbel";
    }

    @Override
    public String description() {
        return "Gumbel-Softmax VQ (Sønderby et al. 2017; Baevski et al. 2020): relaxed sample "
                + "over codebook entries with logits -scale ||z_e - e_k||^2, analytic KL; biased";
    }

    @Override
    public List<EstimatorOption> options() {
        return List.of(
                new EstimatorOption(TAU, "1.0", "temperature tau of the Gumbel-Softmax, > 0"),
                new EstimatorOption(HARD, "false", "true: the decoder reads the argmax entry, "
                        + "gradient through the relaxation (straight-through); false: the "
                        + "weighted sum of entries"),
                new EstimatorOption(SCALE, "1.0", "logits are -scale ||z_e - e_k||^2, > 0"),
                new EstimatorOption(VqEstimatorProvider.DEAD_AFTER, "0", "re-initialise an entry "
                        + "from a random encoder output of the batch after this many training "
                        + "steps unchosen; 0 never; integer >= 0"),
                new EstimatorOption(VqEstimatorProvider.INIT_SCALE, "1.0", "entries start "
                        + "uniform on (-s, s), s > 0"));
    }

    @Override
    public List<Map<String, String>> variants() {
        return List.of(Map.of(), Map.of(HARD, "true"),
                Map.of(VqEstimatorProvider.DEAD_AFTER, "1"));
    }

    @Override
    public boolean unbiased() {
        return false;
    }

    @Override
    public GradientEstimator create(EstimatorConfig config) {
        EstimatorOptions o = EstimatorOptions.read(this, config);
        GumbelVqSettings settings = new GumbelVqSettings(o.realAbove(TAU, 0.0), o.flag(HARD),
                o.realAbove(SCALE, 0.0), o.integerAtLeast(VqEstimatorProvider.DEAD_AFTER, 0),
                o.realAbove(VqEstimatorProvider.INIT_SCALE, 0.0));
        return new GumbelVqEstimator(config.latent(), settings, config.dataType(),
                VqEstimatorProvider.codebookStream(config.seed()));
    }
}

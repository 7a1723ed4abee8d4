package io.github.dvae.estimators.vq;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.random.RandomStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code vq}: the VQ-VAE of van den Oord et al. 2017: nearest-entry quantisation, straight-through
 * gradient, commitment loss, and a codebook learned by its loss ({@code codebook=loss}) or by
 * exponential moving averages ({@code codebook=ema}). The latent space is N vectors of D
 * quantised against K entries, written {@code NxKxD} in an architecture.
 */
public final class VqEstimatorProvider implements EstimatorProvider {

    static final String CODEBOOK = "codebook";
    static final String BETA = "beta";
    static final String DECAY = "decay";
    static final String EPSILON = "epsilon";
    static final String DEAD_AFTER = "dead-after";
    static final String INIT_SCALE = "init-scale";

    @Override
    public String id() {
        return "vq";
    }

    @Override
    public String description() {
        return "VQ-VAE (van den Oord et al. 2017): nearest codebook entry, straight-through "
                + "gradient, commitment loss; codebook by loss or EMA; KL = N log K; biased";
    }

    @Override
    public List<EstimatorOption> options() {
        return List.of(
                new EstimatorOption(CODEBOOK, "loss", "loss (Adam on ||sg[z_e] - e||^2) | ema "
                        + "(moving averages of the assigned encoder outputs)"),
                new EstimatorOption(BETA, "0.25", "commitment weight beta in beta ||z_e - "
                        + "sg[e]||^2, >= 0"),
                new EstimatorOption(DECAY, "0.99", "EMA decay, in (0, 1); codebook=ema only"),
                new EstimatorOption(EPSILON, "1e-5", "Laplace smoothing of the EMA counts, > 0; "
                        + "codebook=ema only"),
                new EstimatorOption(DEAD_AFTER, "0", "re-initialise an entry from a random "
                        + "encoder output of the batch after this many training steps unused; "
                        + "0 never; integer >= 0"),
                new EstimatorOption(INIT_SCALE, "1.0", "entries start uniform on (-s, s), "
                        + "s > 0"));
    }

    @Override
    public List<Map<String, String>> variants() {
        return List.of(Map.of(), Map.of(CODEBOOK, "ema"), Map.of(DEAD_AFTER, "1"),
                Map.of(CODEBOOK, "ema", DEAD_AFTER, "1"));
    }

    @Override
    public boolean unbiased() {
        return false;
    }

    @Override
    public GradientEstimator create(EstimatorConfig config) {
        EstimatorOptions o = EstimatorOptions.read(this, config);
        VqSettings.CodebookUpdate update = VqSettings.CodebookUpdate.valueOf(
                o.choice(CODEBOOK, List.of("loss", "ema")).toUpperCase(Locale.ROOT));
        double beta = atLeastZero(o, BETA);
        double decay = o.realBetween(DECAY, 0.0, 1.0);
        double epsilon = o.realAbove(EPSILON, 0.0);
        for (String emaOnly : List.of(DECAY, EPSILON)) {
            o.requireDefaultUnless(emaOnly, update == VqSettings.CodebookUpdate.EMA,
                    "codebook=ema");
        }
        int deadAfter = o.integerAtLeast(DEAD_AFTER, 0);
        double initScale = o.realAbove(INIT_SCALE, 0.0);
        VqSettings settings = new VqSettings(update, beta, decay, epsilon, deadAfter, initScale);
        return new VqEstimator(config.latent(), settings, config.dataType(),
                codebookStream(config.seed()));
    }

    static double atLeastZero(EstimatorOptions o, String name) {
        double v = o.real(name);
        if (v < 0) {
            throw o.invalid(name, "must be a number >= 0");
        }
        return v;
    }

    /**
     * The codebook's initial values come from the run's seed, jumped 2^64 draws ahead, so they
     * share no numbers with another stream of the same seed (the model's initialisation).
     */
    static RandomStream codebookStream(long seed) {
        RandomStream s = RandomStream.of(seed);
        s.split();
        return s;
    }
}

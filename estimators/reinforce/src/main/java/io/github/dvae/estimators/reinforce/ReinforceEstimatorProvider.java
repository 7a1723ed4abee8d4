package io.github.dvae.estimators.reinforce;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import java.util.List;
import java.util.Map;

/**
 * {@code reinforce}: the score-function estimator {@code (f(z) - c) d log q(z) / d l} (Williams
 * 1992), with an optional baseline c and S samples per example.
 */
public final class ReinforceEstimatorProvider implements EstimatorProvider {

    static final String BASELINE = "baseline";
    static final String SAMPLES = "samples";
    static final String DECAY = "decay";

    @Override
    public String id() {
        return "reinforce";
    }

    @Override
    public String description() {
        return "REINFORCE / score function (Williams 1992), f(z) grad log q(z), optionally with a "
                + "baseline; unbiased";
    }

    @Override
    public List<EstimatorOption> options() {
        return List.of(
                new EstimatorOption(BASELINE, "none", "none | ema (moving average of f) | loo "
                        + "(leave-one-out over the S samples; needs samples >= 2)"),
                new EstimatorOption(SAMPLES, "1", "samples per example S, averaged (integer >= 1)"),
                new EstimatorOption(DECAY, "0.9", "decay of the ema baseline, in (0, 1)"));
    }

    @Override
    public List<Map<String, String>> variants() {
        return List.of(Map.of(), Map.of(BASELINE, "ema"), Map.of(BASELINE, "loo", SAMPLES, "4"));
    }

    @Override
    public boolean unbiased() {
        return true;
    }

    @Override
    public GradientEstimator create(EstimatorConfig config) {
        EstimatorOptions o = EstimatorOptions.read(this, config);
        Baseline baseline = Baseline.parse(o.choice(BASELINE, Baseline.names()));
        int samples = o.integerAtLeast(SAMPLES, 1);
        if (baseline == Baseline.LOO && samples < 2) {
            throw o.invalid(SAMPLES, "the leave-one-out baseline needs samples >= 2");
        }
        double decay = o.realBetween(DECAY, 0.0, 1.0);
        return new ReinforceEstimator(config.latent(), baseline, samples, decay,
                config.dataType());
    }
}

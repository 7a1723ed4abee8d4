package io.github.dvae.estimators.gumbelrao;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.GradientEstimator;
import java.util.List;
import java.util.Map;

/**
 * {@code gumbel-rao}: the Gumbel-Rao estimator GR-MCK (Paulus, Maddison and Krause, ICLR 2021):
 * the decoder reads a hard categorical sample D, and the backward pass goes through the mean of
 * {@code softmax((l + G_s) / tau)} over {@code samples} Gumbel draws {@code G_s} conditioned on
 * {@code argmax(l + G_s) = D}. Biased (its expectation is straight-through Gumbel-Softmax's);
 * one decoder evaluation per example. See {@link GumbelRaoEstimator}.
 */
public final class GumbelRaoEstimatorProvider implements EstimatorProvider {

    static final String TAU = "tau";
    static final String SAMPLES = "samples";
    static final String THROUGH_GUMBELS = "through-gumbels";

    @Override
    public String id() {
        return "gumbel-rao";
    }

    @Override
    public String description() {
        return "Gumbel-Rao, GR-MCK (Paulus, Maddison and Krause 2021): hard sample forward, "
                + "backward through the mean of softmax((l+G)/tau) over Gumbels conditioned on "
                + "the sample; biased";
    }

    @Override
    public List<EstimatorOption> options() {
        return List.of(
                new EstimatorOption(TAU, "1.0", "temperature tau of softmax((l + G) / tau), > 0"),
                new EstimatorOption(SAMPLES, "10", "conditional Gumbel draws G_s averaged in the "
                        + "backward pass (K of GR-MCK), integer >= 1; 1 is straight-through "
                        + "Gumbel-Softmax in distribution"),
                new EstimatorOption(THROUGH_GUMBELS, "false", "false: hold each G_s fixed when "
                        + "differentiating, as the reference code does (the expectation is then "
                        + "ST Gumbel-Softmax's); true: differentiate through G_s's dependence on "
                        + "the logits as well, as the paper's text says"));
    }

    /** The defaults, a single draw (ST-GS in distribution), and the paper's total derivative. */
    @Override
    public List<Map<String, String>> variants() {
        return List.of(Map.of(), Map.of(SAMPLES, "1"),
                Map.of(THROUGH_GUMBELS, "true", SAMPLES, "3"));
    }

    @Override
    public boolean unbiased() {
        return false;
    }

    @Override
    public GradientEstimator create(EstimatorConfig config) {
        EstimatorOptions o = EstimatorOptions.read(this, config);
        double tau = o.realAbove(TAU, 0.0);
        int samples = o.integerAtLeast(SAMPLES, 1);
        boolean through = o.flag(THROUGH_GUMBELS);
        return new GumbelRaoEstimator(config.latent(), tau, samples, through, config.dataType());
    }
}

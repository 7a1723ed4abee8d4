package io.github.dvae.core.latent;

import io.github.dvae.core.estimator.EstimatorConfig;
import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorOption;
import io.github.dvae.core.estimator.EstimatorOptions;
import io.github.dvae.core.estimator.EstimatorProvider;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import io.github.dvae.core.tensor.Workspace;
import org.nd4j.linalg.api.buffer.DataType;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The estimators of the ARM family on Bernoulli units: for each of P antithetic pairs
 * ({@link AntitheticPairs}) per example, {@code (f(b1) - f(b2)) w(u, b1, b2, l)} per unit,
 * averaged over the pairs; the plug-in supplies w (ARM's, DisARM's). The decoder is trained at
 * all 2P hard samples with weight {@code 1/(2P)}; the objective reported is the mean of f over
 * them. Cost: 2P decoder evaluations per example, in one batched call, and no input gradient.
 */
public final class AntitheticPairEstimator implements GradientEstimator {

    /** The option every plug-in of this family declares: P, pairs per example. */
    public static final EstimatorOption PAIRS = new EstimatorOption("pairs", "1",
            "antithetic pairs per example P, averaged (2P decoder evaluations in one call); "
                    + "integer >= 1");

    /** The variants such a plug-in declares: one pair, and several. */
    public static final List<Map<String, String>> VARIANTS = List.of(Map.of(),
            Map.of(PAIRS.name(), "3"));

    private final BernoulliFamily family;
    private final BernoulliPosterior posterior;
    private final AntitheticPairs pairs;
    private final AntitheticPairs.UnitWeight weight;
    private final Workspace workspace;

    /**
     * @param spec Bernoulli units (a learned prior's logits in {@code type})
     * @param pairs P, antithetic pairs per example
     */
    public AntitheticPairEstimator(LatentSpec spec, DataType type, int pairs,
            AntitheticPairs.UnitWeight weight) {
        this.family = new BernoulliFamily(spec, type);
        this.posterior = family.posterior();
        this.pairs = new AntitheticPairs(spec.variables(), pairs);
        this.weight = weight;
        this.workspace = new Workspace(type);
    }

    /**
     * Reads {@code config} for {@code provider} (which declares {@link #PAIRS}) and builds the
     * estimator with the provider's weight.
     */
    public static AntitheticPairEstimator create(EstimatorProvider provider,
            EstimatorConfig config, AntitheticPairs.UnitWeight weight) {
        EstimatorOptions o = EstimatorOptions.read(provider, config);
        return new AntitheticPairEstimator(config.latent(), config.dataType(),
                o.integerAtLeast(PAIRS.name(), 1), weight);
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    @Override
    public EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng) {
        INDArray logits = input.encoderOutput();
        int batch = input.examples();
        posterior.update(ElementView.of(logits), batch, input.workers());
        pairs.draw(posterior, rng);
        pairs.evaluate(f);
        INDArray gradient = workspace.get("logit-gradient", batch, family.encoderWidth());
        ElementView g = ElementView.of(gradient);
        g.fill(0.0);
        pairs.addGradient(posterior, weight, g);
        double[] objective = new double[batch];
        for (int b = 0; b < batch; b++) {
            objective[b] = pairs.meanValue(b);
        }
        return new EstimatorStep(gradient, objective);
    }
}

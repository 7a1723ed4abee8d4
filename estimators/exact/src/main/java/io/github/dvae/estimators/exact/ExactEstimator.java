package io.github.dvae.estimators.exact;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.CategoricalEnumeration;
import io.github.dvae.core.latent.CategoricalFamily;
import io.github.dvae.core.latent.CategoricalPosterior;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exact gradient of {@code E_q[f]} and the decoder's exact expected gradient, by enumeration
 * ({@link CategoricalEnumeration}); uses no randomness. Cost: {@code K^N} decoder evaluations per
 * example.
 */
final class ExactEstimator implements GradientEstimator {

    private final CategoricalFamily family;
    private final CategoricalPosterior posterior;

    ExactEstimator(LatentSpec spec) {
        this.family = new CategoricalFamily(spec);
        this.posterior = new CategoricalPosterior(spec);
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    @Override
    public EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng) {
        INDArray logits = input.encoderOutput();
        posterior.update(ElementView.of(logits), input.examples());
        double[] expected = new double[input.examples()];
        INDArray gradient = logits.ulike();
        CategoricalEnumeration.expectation(posterior, f, Objective.Target.PARAMETERS, expected,
                ElementView.of(gradient));
        return new EstimatorStep(gradient, expected);
    }
}

package io.github.dvae.core.latent;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exact gradient of {@code E_q[f]} and the decoder's exact expected gradient, by enumerating
 * all {@code K^N} configurations ({@link CategoricalEnumeration}), as a {@link GradientEstimator}:
 * what the {@code exact} plug-in serves, and what tests compare other estimators with, from core
 * alone. No randomness; {@code K^N} decoder evaluations per example.
 */
public final class EnumeratedGradient implements GradientEstimator {

    private final CategoricalFamily family;
    private final CategoricalPosterior posterior;

    /** For a latent space small enough to enumerate (the caller checks its size). */
    public EnumeratedGradient(LatentSpec spec) {
        this.family = new CategoricalFamily(spec);
        this.posterior = family.posterior();
    }

    @Override
    public LatentFamily family() {
        return family;
    }

    @Override
    public EstimatorStep estimate(EstimatorInput input, Objective f, RandomStream rng) {
        INDArray logits = input.encoderOutput();
        posterior.update(ElementView.of(logits), input.examples(), input.workers());
        double[] expected = new double[input.examples()];
        INDArray gradient = logits.ulike();
        CategoricalEnumeration.expectation(posterior, f, Objective.Target.PARAMETERS, expected,
                ElementView.of(gradient));
        return new EstimatorStep(gradient, expected);
    }
}

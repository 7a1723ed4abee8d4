package io.github.dvae.core.latent;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.tensor.ElementView;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exact gradient of {@code E_q[f]} and the decoder's exact expected gradient, by enumerating
 * all {@code K^N} configurations ({@link CategoricalEnumeration}; {@code 2^N} for Bernoulli
 * units), as a {@link GradientEstimator}: what the {@code exact} plug-in serves, and what tests
 * compare other estimators with, from core alone. No randomness; {@code K^N} decoder evaluations
 * per example.
 */
public final class EnumeratedGradient implements GradientEstimator {

    private final DiscreteFamily family;
    private final DiscretePosterior posterior;

    /**
     * For a categorical or Bernoulli latent space small enough to enumerate (the caller checks
     * its size); {@code type} is the model's, for a learned prior's logits.
     */
    public EnumeratedGradient(LatentSpec spec, DataType type) {
        this.family = DiscreteFamily.of(spec, type);
        this.posterior = family.posterior();
    }

    /** As {@link #EnumeratedGradient(LatentSpec, DataType)} for a double-precision model. */
    public EnumeratedGradient(LatentSpec spec) {
        this(spec, DataType.DOUBLE);
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

package io.github.dvae.core.testing;

import io.github.dvae.core.estimator.EstimatorInput;
import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.estimator.Objective;
import io.github.dvae.core.latent.CategoricalEnumeration;
import io.github.dvae.core.latent.CategoricalFamily;
import io.github.dvae.core.latent.CategoricalPosterior;
import io.github.dvae.core.latent.LatentFamily;
import io.github.dvae.core.latent.LatentSpec;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.stats.GradientComparison;
import io.github.dvae.core.tensor.ElementView;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bias and variance of an estimator on an enumerable model, against the exact gradient of every
 * parameter (encoder and decoder), so that a plug-in's tests can measure it without depending on
 * the {@code exact} plug-in.
 */
public final class GradientStudy {

    /**
     * What many estimates at frozen parameters measured.
     *
     * @param comparison mean against the exact gradient
     * @param meanVariance mean over parameters of the per-parameter sample variance
     * @param moments the per-parameter moments themselves
     */
    public record Measurement(GradientComparison comparison, double meanVariance,
            CoordinateMoments moments) {

        @Override
        public String toString() {
            return String.format("relative error %.4f, cosine %.4f, max |z| %.1f, mean variance "
                    + "%.3e", comparison.relativeError(), comparison.cosine(),
                    comparison.maxAbsZ(), meanVariance);
        }
    }

    private GradientStudy() {
    }

    /** Every parameter's exact gradient of {@code vae}'s loss without the KL, by enumeration. */
    public static double[] exactGradients(Vae vae, INDArray data) {
        vae.gradientEstimate(data, RandomStream.of(0),
                new Enumeration(vae.estimator().family().spec()), false);
        return TinyProblem.gradients(vae);
    }

    /**
     * {@code count} estimates of every parameter's gradient by {@code estimator} at frozen
     * parameters and frozen estimator state, compared with {@code reference}.
     */
    public static Measurement measure(Vae vae, INDArray data, GradientEstimator estimator,
            double[] reference, int count, RandomStream rng) {
        CoordinateMoments moments = new CoordinateMoments(reference.length);
        for (int m = 0; m < count; m++) {
            vae.gradientEstimate(data, rng, estimator, false);
            moments.add(TinyProblem.gradients(vae));
        }
        return new Measurement(GradientComparison.of(moments, reference), moments.meanVariance(),
                moments);
    }

    /** The exact gradient as an estimator: what the {@code exact} plug-in computes. */
    private static final class Enumeration implements GradientEstimator {

        private final CategoricalFamily family;
        private final CategoricalPosterior posterior;

        Enumeration(LatentSpec spec) {
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
            CategoricalEnumeration.expectation(posterior, f, Objective.Target.PARAMETERS,
                    expected, ElementView.of(gradient));
            return new EstimatorStep(gradient, expected);
        }
    }
}

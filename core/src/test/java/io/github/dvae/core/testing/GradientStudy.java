package io.github.dvae.core.testing;

import io.github.dvae.core.estimator.EstimatorStep;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.latent.EnumeratedGradient;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.nn.Parameter;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.stats.GradientComparison;
import io.github.dvae.core.tensor.ElementView;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bias and variance of an estimator on an enumerable model (such as {@link TinyProblem}'s),
 * against the exact gradients of the logits and of every encoder and decoder parameter, so that a
 * plug-in's tests can measure it without depending on the {@code exact} plug-in.
 */
public final class GradientStudy {

    /**
     * The exact gradients of a model on a minibatch, without the KL.
     *
     * @param parameters the encoder's and decoder's parameter gradients of the loss, concatenated
     *     as {@link #modelGradients}
     * @param encoderOutput {@code d E_q[f_b] / d l_b} per example ({@code B x encoderWidth}
     *     flattened), in the estimators' own convention
     * @param expected {@code E_q[f_b]} per example
     */
    public record Reference(double[] parameters, double[] encoderOutput, double[] expected) {
    }

    /**
     * What many estimates at frozen parameters and frozen estimator state measured.
     *
     * @param parameters mean of every parameter's gradient against the exact one
     * @param parameterVariance mean over parameters of the per-parameter sample variance
     * @param encoderOutput mean of the estimator's own output (the logit gradient) against the
     *     exact one
     * @param encoderOutputVariance mean over logits of the sample variance of their gradient
     * @param parameterMoments per-parameter moments, laid out as {@link #modelGradients}
     */
    public record Measurement(GradientComparison parameters, double parameterVariance,
            GradientComparison encoderOutput, double encoderOutputVariance,
            CoordinateMoments parameterMoments) {

        @Override
        public String toString() {
            return String.format("logits: relative error %.4f, cosine %.4f, max |z| %.1f, mean "
                    + "variance %.4g; parameters: relative error %.4f, cosine %.4f, max |z| %.1f, "
                    + "mean variance %.4g", encoderOutput.relativeError(), encoderOutput.cosine(),
                    encoderOutput.maxAbsZ(), encoderOutputVariance, parameters.relativeError(),
                    parameters.cosine(), parameters.maxAbsZ(), parameterVariance);
        }
    }

    private GradientStudy() {
    }

    /** The exact gradients of {@code vae} on {@code data}, by enumeration. */
    public static Reference exact(Vae vae, INDArray data) {
        EstimatorStep step = vae.gradientEstimate(data, RandomStream.of(0),
                new EnumeratedGradient(vae.estimator().family().spec()), false);
        return new Reference(modelGradients(vae), ElementView.of(step.gradient()).toDoubleArray(),
                step.objective().clone());
    }

    /**
     * {@code count} estimates by {@code estimator} at frozen parameters and frozen estimator
     * state ({@code updateState == false}), compared with {@code reference}.
     */
    public static Measurement measure(Vae vae, INDArray data, GradientEstimator estimator,
            Reference reference, int count, RandomStream rng) {
        CoordinateMoments parameters = new CoordinateMoments(reference.parameters().length);
        CoordinateMoments logits = new CoordinateMoments(reference.encoderOutput().length);
        for (int m = 0; m < count; m++) {
            EstimatorStep step = vae.gradientEstimate(data, rng, estimator, false);
            parameters.add(modelGradients(vae));
            logits.add(ElementView.of(step.gradient()).toDoubleArray());
        }
        return new Measurement(GradientComparison.of(parameters, reference.parameters()),
                parameters.meanVariance(), GradientComparison.of(logits,
                        reference.encoderOutput()), logits.meanVariance(), parameters);
    }

    /**
     * The encoder's and decoder's parameter gradients, concatenated: not the estimator's own
     * parameters, so that estimators with and without them compare coordinate for coordinate.
     */
    public static double[] modelGradients(Vae vae) {
        List<Parameter> model = new ArrayList<>(vae.encoder().parameters());
        model.addAll(vae.decoder().parameters());
        int size = 0;
        for (Parameter p : model) {
            size += p.size();
        }
        double[] out = new double[size];
        int at = 0;
        for (Parameter p : model) {
            p.gradients().copyTo(0, out, at, p.size());
            at += p.size();
        }
        return out;
    }
}

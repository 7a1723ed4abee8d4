package io.github.dvae.experiments.metric;

import io.github.dvae.core.data.ImageDataset;
import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.model.Evaluation;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.experiments.probe.GradientVarianceProbe;
import io.github.dvae.reports.store.RunConfig;
import java.io.InterruptedIOException;
import java.util.Optional;

/**
 * What a {@link RunMetric} may read of a run at the point it is measured: the model as it stands,
 * its estimator, the data, the training so far, and measurements that several metrics share and
 * that are made once per point (the test evaluation, the variance probe). Valid only during the
 * {@code measure} call it is passed to, on the run's own thread.
 */
public interface RunContext {

    /** The run's resolved configuration. */
    RunConfig config();

    /** The model, at the parameters of this point; a metric must not train it. */
    Vae model();

    /** The run's estimator; a metric must not step it. */
    GradientEstimator estimator();

    /** The data set the run trains and is tested on. */
    ImageDataset data();

    /** Whole epochs finished (0 before training and within the first). */
    int epoch();

    /** Optimiser steps taken. */
    long step();

    /**
     * Running mean, since the previous evaluation point (over the last epoch, for an epoch
     * budget), of each minibatch's training ELBO, nats per example; NaN before training.
     */
    double trainElbo();

    /**
     * Mean wall seconds per optimiser step since the previous evaluation point; NaN before
     * training.
     */
    double stepSeconds();

    /**
     * The test set's evaluation at this point: one hard posterior sample per example, from the
     * run's evaluation stream; made once per evaluation point, whichever metric asks first.
     */
    Evaluation testEvaluation();

    /**
     * The validation images' evaluation at this point, as {@link #testEvaluation()} (pixels
     * binarised once, one hard posterior sample each, from the run's validation streams); empty
     * when the run holds no validation images out.
     */
    Optional<Evaluation> validationEvaluation();

    /** The variance probe's measurement at this point; empty when not at a probe. */
    Optional<GradientVarianceProbe.Measurement> probe();

    /**
     * The importance-weighted bound on {@code log p(x)} with {@code samples} samples per test
     * image, averaged over the test set, nats per example.
     *
     * @throws UnsupportedOperationException if the latent family has no posterior density
     */
    double importanceWeightedBound(int samples, RandomStream rng) throws InterruptedIOException;

    /**
     * The random stream of metric {@code name} in this run: the same for the same run and name,
     * independent of every other stream and of which other metrics are measured, so adding a
     * metric changes no other number.
     */
    RandomStream stream(String name);
}

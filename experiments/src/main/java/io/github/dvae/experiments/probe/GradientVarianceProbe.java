package io.github.dvae.experiments.probe;

import io.github.dvae.core.estimator.GradientEstimator;
import io.github.dvae.core.model.Vae;
import io.github.dvae.core.random.RandomStream;
import io.github.dvae.core.stats.CoordinateMoments;
import io.github.dvae.core.stats.GradientComparison;
import java.util.function.DoubleConsumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Measures a gradient estimator at frozen parameters: M estimates on one fixed minibatch, each
 * drawn from its own stream split off the probe's stream, so that no two estimates share a random
 * draw (the failure that makes a probe report far too low a variance). Reported as REBAR does:
 * {@code log10} of the mean over coordinates of each coordinate's sample variance, plus the mean
 * signal-to-noise ratio, and the bias of the mean against a reference estimator when one is given.
 *
 * <p>Estimates go through {@link Vae#gradientEstimate} with the KL left out (it is analytic, not
 * estimated) and without updating the estimator's state, so probing does not change training.
 * Given {@link ProbeThreads} with a factory, as many estimates are drawn at once as the run has
 * threads, on frozen copies of the model; the numbers are the same as one at a time.
 */
public final class GradientVarianceProbe {

    /**
     * One gradient estimate, copied out of the model's buffers.
     *
     * @param parameters the loss gradient for the encoder's parameters, flattened in parameter
     *     order (the quantity the optimiser steps on: mean over the minibatch)
     * @param logits the estimator's gradient of {@code E_q[f]} for the encoder's output, per
     *     example, flattened ({@code B x N x K})
     */
    public record Estimate(double[] parameters, double[] logits) {
    }

    /** Draws one estimate using only {@code rng} for randomness. */
    @FunctionalInterface
    public interface EstimateSource {
        Estimate draw(RandomStream rng);
    }

    /**
     * Moments of M estimates, per coordinate.
     *
     * @param parameters moments of {@link Estimate#parameters()}
     * @param logits moments of {@link Estimate#logits()}
     */
    public record Moments(CoordinateMoments parameters, CoordinateMoments logits) {

        /** {@code log10} of the mean per-coordinate variance of the parameter gradient. */
        public double log10Variance() {
            return Math.log10(parameters.meanVariance());
        }

        /** {@code log10} of the mean per-coordinate variance of the logit gradient. */
        public double logitLog10Variance() {
            return Math.log10(logits.meanVariance());
        }
    }

    /**
     * One probe's results.
     *
     * @param estimates M
     * @param batchSize examples in the probe's minibatch
     * @param moments moments of the M estimates
     * @param reference id of the reference estimator; empty if there was none
     * @param bias the mean estimate against the reference gradient; null if there was none
     * @param seconds wall time the probe took
     */
    public record Measurement(int estimates, int batchSize, Moments moments, String reference,
            GradientComparison bias, double seconds) {
    }

    private final Vae model;
    private final INDArray batch;
    private final GradientEstimator estimator;
    private final GradientEstimator reference;
    private final String referenceId;
    private final int estimates;
    private final int referenceDraws;
    private final ProbeThreads threads;
    /** The measured estimator's draws and the noisy reference's, built at first use. */
    private EstimateDraws draws;
    private EstimateDraws referenceSamples;

    /**
     * @param model the model, whose parameters stay as they are
     * @param batch the fixed minibatch, {@code B x D} binary pixels
     * @param estimator the estimator measured (the run's own)
     * @param reference an estimator of the exact gradient for bias, or null for none
     * @param referenceId the reference's id, for the record
     * @param estimates M, at least 2
     */
    public GradientVarianceProbe(Vae model, INDArray batch, GradientEstimator estimator,
            GradientEstimator reference, String referenceId, int estimates) {
        this(model, batch, estimator, reference, referenceId, estimates, 0);
    }

    /**
     * A probe whose reference is estimated: with {@code referenceDraws} > 0 the reference is the
     * mean of that many draws of {@code reference} (an unbiased estimator), compared through
     * {@link NoisyReferenceBias}; with 0 it is exact and drawn once.
     */
    public GradientVarianceProbe(Vae model, INDArray batch, GradientEstimator estimator,
            GradientEstimator reference, String referenceId, int estimates,
            int referenceDraws) {
        this(model, batch, estimator, reference, referenceId, estimates, referenceDraws,
                ProbeThreads.SERIAL);
    }

    /**
     * As {@link #GradientVarianceProbe(Vae, INDArray, GradientEstimator, GradientEstimator,
     * String, int, int)}, drawing on {@code threads}; the numbers are the same on any.
     */
    public GradientVarianceProbe(Vae model, INDArray batch, GradientEstimator estimator,
            GradientEstimator reference, String referenceId, int estimates,
            int referenceDraws, ProbeThreads threads) {
        this.threads = threads;
        this.referenceDraws = referenceDraws;
        this.model = model;
        this.batch = batch;
        this.estimator = estimator;
        this.reference = reference;
        this.referenceId = referenceId;
        this.estimates = estimates;
    }

    /** The model probed. */
    public Vae model() {
        return model;
    }

    /** The estimator measured. */
    public GradientEstimator estimator() {
        return estimator;
    }

    /** The threads the estimates are drawn on. */
    public ProbeThreads threads() {
        return threads;
    }

    /** The fixed minibatch, {@code B x D} binary pixels; read only. */
    public INDArray batch() {
        return batch;
    }

    /**
     * Probes the model as it stands.
     *
     * @param rng the probe's stream; each estimate gets a stream split from it
     */
    public Measurement measure(RandomStream rng) {
        return measure(rng, true);
    }

    /**
     * Probes the model as it stands; an estimated (noisy) reference, whose R draws cost far more
     * than an exact one, is drawn only when {@code estimatedBias} (the run's last probe).
     *
     * @param rng the probe's stream; each estimate gets a stream split from it
     */
    public Measurement measure(RandomStream rng, boolean estimatedBias) {
        return measure(rng, estimatedBias, seconds -> { });
    }

    /**
     * As {@link #measure(RandomStream, boolean)}, telling {@code drawSeconds} the wall seconds of
     * each of the M estimates (the cost behind work-normalised variance); the numbers measured
     * do not depend on it.
     */
    public Measurement measure(RandomStream rng, boolean estimatedBias,
            DoubleConsumer drawSeconds) {
        long start = System.nanoTime();
        if (draws == null) {
            draws = new EstimateDraws(model, batch, estimator, threads.estimator(),
                    threads.copies());
        }
        Moments m = draws.measure(estimates, rng, drawSeconds);
        GradientComparison bias = null;
        if (reference != null && referenceDraws > 0 && estimatedBias) {
            if (referenceSamples == null) {
                referenceSamples = new EstimateDraws(model, batch, reference,
                        threads.reference(), threads.copies());
            }
            Moments r = referenceSamples.measure(referenceDraws, rng.split(), seconds -> { });
            bias = NoisyReferenceBias.of(m.parameters(), r.parameters());
        } else if (reference != null && referenceDraws == 0) {
            // The reference is exact (deterministic): one draw is its gradient.
            double[] exact = draw(reference, rng.split()).parameters();
            bias = GradientComparison.of(m.parameters(), exact);
        }
        return new Measurement(estimates, batch.rows(), m, bias == null ? "" : referenceId,
                bias, (System.nanoTime() - start) / 1e9);
    }

    /**
     * The moments of {@code estimates} draws from {@code source}, draw {@code i} using the
     * {@code i}-th stream split from {@code rng}.
     */
    public static Moments measure(EstimateSource source, int estimates, RandomStream rng) {
        if (estimates < 2) {
            throw new IllegalArgumentException("a variance needs at least 2 estimates, got "
                    + estimates);
        }
        CoordinateMoments parameters = null;
        CoordinateMoments logits = null;
        for (int i = 0; i < estimates; i++) {
            Estimate e = source.draw(rng.split());
            if (parameters == null) {
                parameters = new CoordinateMoments(e.parameters().length);
                logits = new CoordinateMoments(e.logits().length);
            }
            parameters.add(e.parameters());
            logits.add(e.logits());
        }
        return new Moments(parameters, logits);
    }

    /**
     * One estimate by {@code using} (any estimator of the model's latent family) on the probe's
     * minibatch at the model's present parameters, without updating the estimator's state.
     */
    public Estimate draw(GradientEstimator using, RandomStream rng) {
        return EstimateDraws.once(model, batch, using, rng);
    }
}

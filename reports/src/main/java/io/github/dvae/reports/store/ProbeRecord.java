package io.github.dvae.reports.store;

/**
 * One line of a run's {@code probes.jsonl}: the gradient variance probe at a checkpoint, with the
 * parameters frozen, on one fixed minibatch, from M independent estimates. Variances are of the
 * gradient of the mean loss per example (the quantity the optimiser steps on).
 *
 * @param epoch epochs trained before the probe (0: at initialisation)
 * @param step optimiser steps taken before the probe
 * @param estimates M
 * @param batchSize examples in the probe's minibatch
 * @param log10Variance {@code log10} of the mean over the encoder's parameters of each
 *     parameter's sample variance (REBAR's convention)
 * @param signalToNoise mean over the encoder's parameters of {@code |mean| / std}
 * @param logitLog10Variance the same for the estimator's gradient of {@code E_q[log p(x|z)]} with
 *     respect to the encoder's output (the logits), per example, not divided by the batch size
 * @param bias the mean estimate against a reference gradient; null when none was available
 * @param seconds wall time the probe took
 */
public record ProbeRecord(int epoch, long step, int estimates, int batchSize,
        double log10Variance, double signalToNoise, double logitLog10Variance, Bias bias,
        double seconds) {

    /**
     * How far the mean of the M estimates of the encoder's parameter gradient lies from a
     * reference gradient.
     *
     * @param reference id of the reference estimator, e.g. {@code exact}
     * @param relativeError {@code ||mean - reference|| / ||reference||}
     * @param cosine cosine similarity of the mean and the reference
     * @param maxAbsZ the largest {@code |mean_i - reference_i| / standardError_i}
     */
    public record Bias(String reference, double relativeError, double cosine, double maxAbsZ) {
    }
}

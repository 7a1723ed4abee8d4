package io.github.dvae.reports.store;

/**
 * Written last, when a run has finished: its presence marks the run complete, so a rerun of the
 * same sweep skips it.
 *
 * @param completedAt ISO-8601 instant the run finished
 * @param epochs epochs trained
 * @param steps optimiser steps taken
 * @param finalTestElbo test ELBO after the last epoch, nats per example
 * @param wallSeconds the run's wall time, training, evaluation, probes and the bound included
 * @param testIwBound the importance-weighted bound on {@code log p(x)} after the last epoch
 *     (Burda et al. 2016) with {@link RunConfig#iwSamples()} samples per test image: the mean
 *     over the whole test set, nats per example; null when it was not computed (turned off, or a
 *     latent family without a posterior density such as VQ-VAE's) and in stores written before
 *     it existed; NaN if the model diverged
 * @param iwBoundSeconds wall time the bound took, seconds; null when it was not computed
 */
public record RunSummary(String completedAt, int epochs, long steps, double finalTestElbo,
        double wallSeconds, Double testIwBound, Double iwBoundSeconds) {

    /** A summary without the bound on {@code log p(x)}. */
    public static RunSummary withoutBound(String completedAt, int epochs, long steps,
            double finalTestElbo, double wallSeconds) {
        return new RunSummary(completedAt, epochs, steps, finalTestElbo, wallSeconds, null, null);
    }

    /** Whether the bound on {@code log p(x)} was computed. */
    public boolean hasIwBound() {
        return testIwBound != null;
    }
}

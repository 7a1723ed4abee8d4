package io.github.dvae.reports.store;

/**
 * Written last, when a run has finished: it marks the run complete (so a rerun of the same sweep
 * skips it) as long as the run's files are what {@link #contents()} says they are.
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
 * @param contents what the run holds (record counts, each record file's length and SHA-256),
 *     filled in by {@link RunWriter#complete}; null in stores written before it existed, whose
 *     completeness is then checked by counting epoch records only
 */
public record RunSummary(String completedAt, int epochs, long steps, double finalTestElbo,
        double wallSeconds, Double testIwBound, Double iwBoundSeconds, RunContents contents) {

    /** A summary whose contents {@link RunWriter#complete} fills in. */
    public RunSummary(String completedAt, int epochs, long steps, double finalTestElbo,
            double wallSeconds, Double testIwBound, Double iwBoundSeconds) {
        this(completedAt, epochs, steps, finalTestElbo, wallSeconds, testIwBound, iwBoundSeconds,
                null);
    }

    /** A summary without the bound on {@code log p(x)}. */
    public static RunSummary withoutBound(String completedAt, int epochs, long steps,
            double finalTestElbo, double wallSeconds) {
        return new RunSummary(completedAt, epochs, steps, finalTestElbo, wallSeconds, null, null);
    }

    /** This summary stating {@code what} as the run's contents. */
    public RunSummary withContents(RunContents what) {
        return new RunSummary(completedAt, epochs, steps, finalTestElbo, wallSeconds, testIwBound,
                iwBoundSeconds, what);
    }

    /** Whether the bound on {@code log p(x)} was computed. */
    public boolean hasIwBound() {
        return testIwBound != null;
    }
}

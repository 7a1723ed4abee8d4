package io.github.dvae.reports.store;

/**
 * Written last, when a run has finished: its presence marks the run complete, so a rerun of the
 * same sweep skips it.
 *
 * @param completedAt ISO-8601 instant the run finished
 * @param epochs epochs trained
 * @param steps optimiser steps taken
 * @param finalTestElbo test ELBO after the last epoch, nats per example
 * @param wallSeconds the run's wall time, training, evaluation and probes included
 */
public record RunSummary(String completedAt, int epochs, long steps, double finalTestElbo,
        double wallSeconds) {
}

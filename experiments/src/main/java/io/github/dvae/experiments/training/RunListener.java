package io.github.dvae.experiments.training;

import io.github.dvae.reports.store.EpochRecord;
import io.github.dvae.reports.store.ProbeRecord;
import io.github.dvae.reports.store.RunConfig;

/**
 * What a run tells whoever watches it, from the run's own thread: runs in parallel call one
 * listener from several threads, so implementations must be thread-safe.
 */
public interface RunListener {

    /** A listener that ignores everything. */
    RunListener SILENT = new RunListener() {
    };

    /** {@code steps} more optimiser steps were taken. */
    default void stepsTaken(RunConfig run, int steps) {
    }

    /** An epoch finished and was written to the store. */
    default void epochFinished(RunConfig run, EpochRecord record) {
    }

    /** A variance probe finished and was written to the store. */
    default void probed(RunConfig run, ProbeRecord record) {
    }
}

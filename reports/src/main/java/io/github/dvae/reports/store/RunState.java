package io.github.dvae.reports.store;

/** How far a run has got in a store. */
public enum RunState {
    /** Nothing recorded: the run has not started. */
    ABSENT,
    /** Started but not finished (interrupted, failed, or running now). */
    INCOMPLETE,
    /** Finished: its summary is written. */
    COMPLETE
}

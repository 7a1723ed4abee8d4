package io.github.dvae.reports.store;

/** How far a run has got in a store. */
public enum RunState {
    /** Nothing recorded: the run has not started. */
    ABSENT,
    /** Started but not finished (interrupted, failed, or running now). */
    INCOMPLETE,
    /**
     * A summary is there but cannot be read, or the run's files are not what it says (truncated,
     * appended to, replaced): not complete, so a rerun redoes the run.
     */
    DAMAGED,
    /** Finished: its summary is written and the run's files match it. */
    COMPLETE
}

package io.github.dvae.reports.store;

/**
 * When a metric is measured, and so where the store keeps its values: at every evaluation point
 * (after every epoch, or at the steps of the run's evaluation schedule; a value of each line of
 * {@code epochs.jsonl}), at every gradient probe (a value of each line of
 * {@code probes.jsonl}: before training, every few epochs and after the last), or once after
 * training (a value of {@code summary.json}).
 */
public enum Schedule {
    /**
     * At every evaluation point: after every epoch, or at the steps of the run's evaluation
     * schedule.
     */
    EPOCH,
    /** At every variance probe, with the parameters frozen. */
    PROBE,
    /** Once, after the last epoch. */
    FINAL
}

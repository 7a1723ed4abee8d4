package io.github.dvae.reports.store;

/**
 * When a metric is measured, and so where the store keeps its values: after every epoch (a value
 * of each line of {@code epochs.jsonl}), at every gradient probe (a value of each line of
 * {@code probes.jsonl}: before training, every few epochs and after the last), or once after
 * training (a value of {@code summary.json}).
 */
public enum Schedule {
    /** After every epoch, once the epoch's test evaluation is done. */
    EPOCH,
    /** At every variance probe, with the parameters frozen. */
    PROBE,
    /** Once, after the last epoch. */
    FINAL
}

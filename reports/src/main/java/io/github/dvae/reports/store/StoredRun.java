package io.github.dvae.reports.store;

import java.util.List;

/**
 * Everything the store holds about one run, as read back.
 *
 * @param config the resolved configuration
 * @param environment where and when it ran
 * @param epochs one record per finished epoch, in order
 * @param probes one record per variance probe, in order (empty when the probe was off)
 * @param images the images for the report; null if the run did not get that far
 * @param summary the completion record; null while the run is incomplete
 */
public record StoredRun(RunConfig config, RunEnvironment environment, List<EpochRecord> epochs,
        List<ProbeRecord> probes, RunImages images, RunSummary summary) {

    public StoredRun {
        epochs = List.copyOf(epochs);
        probes = List.copyOf(probes);
    }

    /** Whether the run finished. */
    public boolean complete() {
        return summary != null;
    }
}

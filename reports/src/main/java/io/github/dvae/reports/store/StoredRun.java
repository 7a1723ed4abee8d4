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
 * @param summary the completion record; null while the run is incomplete or when its
 *     {@code summary.json} cannot be read
 * @param damage why the run's files are not what a complete run holds, naming the file (a
 *     summary that cannot be read, records that do not match their summary); null when intact
 */
public record StoredRun(RunConfig config, RunEnvironment environment, List<EpochRecord> epochs,
        List<ProbeRecord> probes, RunImages images, RunSummary summary, String damage) {

    public StoredRun {
        epochs = List.copyOf(epochs);
        probes = List.copyOf(probes);
    }

    /** An intact run. */
    public StoredRun(RunConfig config, RunEnvironment environment, List<EpochRecord> epochs,
            List<ProbeRecord> probes, RunImages images, RunSummary summary) {
        this(config, environment, epochs, probes, images, summary, null);
    }

    /** Whether the run finished and its files are what its summary says. */
    public boolean complete() {
        return summary != null && damage == null;
    }

    /** Whether the run's files contradict its summary or cannot be read. */
    public boolean damaged() {
        return damage != null;
    }
}

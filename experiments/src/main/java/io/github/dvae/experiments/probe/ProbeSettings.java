package io.github.dvae.experiments.probe;

import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.Setting;

/** The variance probe's settings, as keys of {@link RunConfig#settings()}. */
public final class ProbeSettings {

    /**
     * Probe before training, at every this many evaluation points and at the last; 0: off. The
     * evaluation points of an epoch budget are the ends of its epochs, so there it counts epochs.
     */
    public static final Setting<Integer> EVERY = Setting.integer("probe-every",
            "variance probe every N evaluation points, for an epoch budget N epochs (0: off)", 0);

    /** M, independent estimates per probe. */
    public static final Setting<Integer> ESTIMATES = Setting.integer("probe-estimates",
            "independent estimates M per probe", null);

    /** Examples in the probe's fixed minibatch. */
    public static final Setting<Integer> BATCH = Setting.integer("probe-batch",
            "examples in the probe's fixed minibatch", null);

    /** Id of the estimator whose gradient is the reference for bias. */
    public static final Setting<String> REFERENCE = Setting.text("probe-reference",
            "reference estimator for bias", null);

    /**
     * An unbiased estimator whose mean over {@link #REFERENCE_DRAWS} draws is the reference for a
     * biased run's bias where {@link #REFERENCE} cannot serve; absent (neutral): none.
     */
    public static final Setting<String> NOISY_REFERENCE = Setting.text(
            "probe-noisy-reference", "estimated reference for bias (unbiased estimator)", "");

    /** R, draws of the noisy reference per probe. */
    public static final Setting<Integer> REFERENCE_DRAWS = Setting.integer(
            "probe-reference-draws", "draws of the noisy reference", 0);

    private ProbeSettings() {
    }

    /** Whether {@code run} probes its gradient. */
    public static boolean enabled(RunConfig run) {
        return run.get(EVERY) > 0;
    }
}

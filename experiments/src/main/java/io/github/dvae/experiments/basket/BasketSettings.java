package io.github.dvae.experiments.basket;

import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.Setting;
import java.util.Arrays;
import java.util.List;

/**
 * The basket's setting, a key of {@link RunConfig#settings()} held by reference runs only: the
 * estimator configurations measured at the run's probes, labels separated by spaces. Part of the
 * run's fingerprint, so a sweep with other estimators makes a new reference run (its basket
 * would differ) and a run without a basket keeps the id it had before the basket existed.
 */
public final class BasketSettings {

    /** The configurations' labels, in the sweep's order; neutral (absent): no basket. */
    public static final Setting<String> ESTIMATORS = Setting.text("basket",
            "estimator configurations measured at this run's probes (same-snapshot basket)", "");

    private BasketSettings() {
    }

    /** The labels measured at {@code run}'s probes; empty if it holds no basket. */
    public static List<String> estimators(RunConfig run) {
        String labels = run.get(ESTIMATORS);
        return labels.isBlank() ? List.of() : Arrays.asList(labels.strip().split(" +"));
    }
}

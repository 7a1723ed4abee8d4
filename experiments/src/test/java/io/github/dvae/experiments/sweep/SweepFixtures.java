package io.github.dvae.experiments.sweep;

import java.nio.file.Path;
import java.util.List;

/** Sweeps small enough for tests: a few hundred images, one epoch. */
public final class SweepFixtures {

    private SweepFixtures() {
    }

    /** A one-epoch sweep of {@code estimators} over {@code seeds} on 200 + 100 images. */
    public static SweepDefinition tiny(List<String> estimators, List<Long> seeds, Path output) {
        return new SweepDefinition(estimators, List.of(0.5), seeds, 1, 50, 1e-3, "small",
                "synthetic", 0, "dynamic", 200, 100, 0, 10, 20, "exact", "", 2, 0, output, 1);
    }
}

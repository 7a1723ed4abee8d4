package io.github.dvae.benchmarks.curves;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a cost curve varies, everything else held at the base architecture and batch. */
public enum CostAxis {
    /** The batch size B; the architecture is the base one. */
    BATCH("batch", "batch size B"),
    /** Classes per variable K, with N chosen so that N log2 K stays the base's (see {@link CostPlan#variablesAt}). */
    K("k", "classes per variable K (N log2 K fixed)"),
    /** Latent variables N at the base K. */
    N("n", "latent variables N"),
    /** Samples per example S (option {@code samples}), for the estimators that take it. */
    SAMPLES("samples", "samples per example S");

    private final String id;
    private final String title;

    CostAxis(String id, String title) {
        this.id = id;
        this.title = title;
    }

    /** The name on the command line and in the CSV. */
    public String id() {
        return id;
    }

    /** The x axis title of its chart. */
    public String title() {
        return title;
    }

    /** @throws IllegalArgumentException naming the text and the allowed names */
    public static CostAxis parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (CostAxis a : values()) {
            if (a.id.equals(t)) {
                return a;
            }
        }
        throw new IllegalArgumentException("curve '" + text + "' is not one of "
                + Arrays.stream(values()).map(CostAxis::id).collect(Collectors.joining(", ")));
    }
}

package io.github.dvae.reports.store;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Small, fully known store contents for tests. */
public final class StoreFixtures {

    /** What the fixtures' runs measure: the metrics of the store's legacy format. */
    public static final List<MetricSpec> METRICS = LegacyFormat.specs(List.of(
            new EpochRecord(1, 1, 0, 0, Map.of(LegacyFormat.DIAGNOSTIC_PREFIX + "tau", 0.5))));

    private StoreFixtures() {
    }

    /** A configuration of {@code label} for {@code seed} (run id derived from both). */
    public static RunConfig config(String label, String estimator, Map<String, String> options,
            long seed, int epochs) {
        return config(label, estimator, options, seed, epochs, 0);
    }

    /** The same, asking for the importance-weighted bound with {@code iwSamples} samples. */
    public static RunConfig config(String label, String estimator, Map<String, String> options,
            long seed, int epochs, int iwSamples) {
        String id = label.replaceAll("[^a-z0-9.]+", "-") + "-s" + seed + "-e" + epochs
                + (iwSamples > 0 ? "-iw" + iwSamples : "");
        Map<String, String> settings = new TreeMap<>(Map.of("epochs", Integer.toString(epochs),
                "batch-size", "100", "learning-rate", "0.001",
                "architecture", "784-200-(20x10)-200-784", "data", "synthetic",
                "train-examples", "1000", "test-examples", "200", "probe-every", "0"));
        if (iwSamples > 0) {
            settings.put("iw-samples", Integer.toString(iwSamples));
        }
        return new RunConfig(id, label, estimator, options, false, seed, settings);
    }

    public static RunEnvironment environment() {
        return new RunEnvironment("2026-01-01T00:00:00Z", "17.0.15", "Debian", "OpenJDK 64-Bit",
                "Linux 6.1 amd64", "AMD EPYC", 2, 1024, "CpuBackend", "OPENBLAS", 1, 2,
                Map.of("OPENBLAS_CORETYPE", "Haswell"), "abc123", "0.1.0-SNAPSHOT");
    }

    /** Epoch {@code e} of a run whose test ELBO ends at {@code finalTestElbo}. */
    public static EpochRecord epoch(int e, int epochs, double finalTestElbo) {
        double test = finalTestElbo - 10.0 * (epochs - e);
        return new EpochRecord(e, 10L * e, 1.5, 1.5 * e, Map.of("train-elbo", test - 1,
                "test-elbo", test, "test-reconstruction", test + 20, "test-kl", 20.0,
                "estimator.tau", 0.5));
    }

    public static RunImages images(int count) {
        int[][] a = new int[count][4 * 4];
        int[][] b = new int[count][4 * 4];
        int[][] s = new int[2 * count][4 * 4];
        for (int i = 0; i < count; i++) {
            a[i][i % 16] = 255;
            b[i][i % 16] = 200;
        }
        s[0][5] = 128;
        return new RunImages(new ImageSet(4, 4, a), new ImageSet(4, 4, b), new ImageSet(4, 4, s));
    }

    /** Writes a complete run of {@code config} whose final test ELBO is {@code finalTestElbo}. */
    public static void completeRun(ResultsStore store, RunConfig config, double finalTestElbo)
            throws IOException {
        completeRun(store, config, finalTestElbo, null);
    }

    /**
     * The same, with {@code iwBound} as the bound on log p(x) (null: not computed), which took
     * 2.5 s.
     */
    public static void completeRun(ResultsStore store, RunConfig config, double finalTestElbo,
            Double iwBound) throws IOException {
        int epochs = Integer.parseInt(config.settings().get("epochs"));
        try (RunWriter w = store.start(config, environment(), METRICS)) {
            for (int e = 1; e <= epochs; e++) {
                w.epoch(epoch(e, epochs, finalTestElbo));
            }
            w.images(images(3));
            w.complete(new RunSummary("2026-01-01T00:01:00Z", epochs, 10L * epochs, 12.5,
                    iwBound == null ? Map.of() : Map.of("iw-bound", iwBound,
                            "iw-bound-seconds", 2.5)));
        }
    }

    /** Writes the first {@code epochs} epochs of a run, and stops as if interrupted. */
    public static void interruptedRun(ResultsStore store, RunConfig config, int epochs)
            throws IOException {
        int total = Integer.parseInt(config.settings().get("epochs"));
        try (RunWriter w = store.start(config, environment(), METRICS)) {
            for (int e = 1; e <= epochs; e++) {
                w.epoch(epoch(e, total, -150));
            }
        }
    }

    /** Every label of {@code runs}, in order. */
    public static List<String> labels(List<StoredRun> runs) {
        return runs.stream().map(r -> r.config().label()).toList();
    }
}

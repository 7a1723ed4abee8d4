package io.github.dvae.reports.store;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything that determines one run, resolved: every estimator option with the provider's
 * defaults filled in, and every training setting. Two runs with equal configurations (seed
 * included) are the same run; {@link #withoutSeed()} is the key that groups seeds of one
 * configuration in a report.
 *
 * @param runId the run's directory name in the store, unique per configuration
 * @param label what reports call the configuration, e.g. {@code gumbel-softmax:tau=0.5}
 * @param estimator the estimator plug-in's id
 * @param options every option of the estimator, resolved (defaults included), sorted by name
 * @param unbiased whether the estimator declares itself unbiased
 * @param seed seeds the run's parameters and every random draw of the run
 * @param epochs passes over the training set
 * @param batchSize examples per optimiser step
 * @param learningRate Adam's learning rate
 * @param architecture the model's written form, e.g. {@code 784-200-(20x10)-200-784}
 * @param data the data set as written ({@code synthetic}, {@code idx:<dir>}, ...)
 * @param dataSeed seeds the generated data set (the same data for every run of a sweep)
 * @param binarisation {@code dynamic} or {@code threshold}
 * @param trainExamples training images used (after any limit)
 * @param testExamples test images used (after any limit)
 * @param probe the gradient variance probe's settings
 * @param imageCount reconstructions kept for the report (and twice as many prior samples)
 * @param iwSamples K, importance samples per test image for the importance-weighted bound on
 *     {@code log p(x)} computed after the last epoch (Burda et al. 2016); 0: not computed. Stores
 *     written before this setting existed read as 0
 * @param blasThreads threads of the BLAS and OpenMP pools (and of the elementwise kernels) the
 *     run computes with: OpenBLAS and libnd4j sum in another order with another thread count,
 *     and a chaotic run (REINFORCE) carries a last-bit difference into another trajectory, so
 *     it is part of the configuration; 0 in stores written before it was recorded
 */
public record RunConfig(String runId, String label, String estimator, Map<String, String> options,
        boolean unbiased, long seed, int epochs, int batchSize, double learningRate,
        String architecture, String data, long dataSeed, String binarisation, int trainExamples,
        int testExamples, ProbeSettings probe, int imageCount, int iwSamples, int blasThreads) {

    /** A configuration whose thread count is not settled yet (0: see {@link #withBlasThreads}). */
    public RunConfig(String runId, String label, String estimator, Map<String, String> options,
            boolean unbiased, long seed, int epochs, int batchSize, double learningRate,
            String architecture, String data, long dataSeed, String binarisation,
            int trainExamples, int testExamples, ProbeSettings probe, int imageCount,
            int iwSamples) {
        this(runId, label, estimator, options, unbiased, seed, epochs, batchSize, learningRate,
                architecture, data, dataSeed, binarisation, trainExamples, testExamples, probe,
                imageCount, iwSamples, 0);
    }

    public RunConfig {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(estimator, "estimator");
        options = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(options));
        Objects.requireNonNull(probe, "probe");
        if (blasThreads < 0) {
            throw new IllegalArgumentException("blasThreads must be >= 0, got " + blasThreads);
        }
        if (iwSamples < 0) {
            throw new IllegalArgumentException("iwSamples must be >= 0 (0: off), got "
                    + iwSamples);
        }
    }

    /** Whether the run computes the importance-weighted bound on {@code log p(x)}. */
    public boolean iwBoundRequested() {
        return iwSamples > 0;
    }

    /**
     * Settings of the gradient variance probe.
     *
     * @param every probe before training, after every this many epochs and after the last; 0
     *     turns it off
     * @param estimates independent estimates M per probe
     * @param batchSize examples in the probe's fixed minibatch
     * @param reference id of the estimator whose gradient is the ground truth for bias, when the
     *     latent space is small enough for it
     */
    public record ProbeSettings(int every, int estimates, int batchSize, String reference) {

        /** The probe turned off. */
        public static final ProbeSettings OFF = new ProbeSettings(0, 0, 0, "");

        public boolean enabled() {
            return every > 0;
        }
    }

    /**
     * {@code label} as a file-name part: lower case, runs of other characters than letters,
     * digits and dots turned into one dash, at most 60 characters.
     */
    public static String slug(String label) {
        String s = label.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9.]+", "-")
                .replaceAll("(^-+|-+$)", "");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    /** This configuration with another run id. */
    public RunConfig withRunId(String id) {
        return new RunConfig(id, label, estimator, options, unbiased, seed, epochs, batchSize,
                learningRate, architecture, data, dataSeed, binarisation, trainExamples,
                testExamples, probe, imageCount, iwSamples, blasThreads);
    }

    /** This configuration computed with {@code threads} BLAS threads (its id unchanged). */
    public RunConfig withBlasThreads(int threads) {
        return new RunConfig(runId, label, estimator, options, unbiased, seed, epochs, batchSize,
                learningRate, architecture, data, dataSeed, binarisation, trainExamples,
                testExamples, probe, imageCount, iwSamples, threads);
    }

    /** This configuration with another label. */
    public RunConfig withLabel(String name) {
        return new RunConfig(runId, name, estimator, options, unbiased, seed, epochs, batchSize,
                learningRate, architecture, data, dataSeed, binarisation, trainExamples,
                testExamples, probe, imageCount, iwSamples, blasThreads);
    }

    /**
     * A digest of everything that determines the run (its id and label excepted): equal
     * fingerprints mean the same run, so run ids built from it let a rerun find its earlier
     * results. 16 hex digits of SHA-256 over the configuration's JSON. A setting added after
     * stores were written ({@code iwSamples}, {@code blasThreads}) is left out of that JSON
     * while it has the value those stores imply (0), so their runs keep their ids.
     */
    public String fingerprint() {
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                StoreJson.tree(withRunId("").withLabel(""));
        if (iwSamples == 0) {
            tree.remove("iwSamples");
        }
        if (blasThreads == 0) {
            tree.remove("blasThreads");
        }
        byte[] json = StoreJson.line(tree).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(json);
            return java.util.HexFormat.of().formatHex(digest, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * What seeds of one configuration share: this configuration with seed 0, no run id and no
     * label, so that equal keys mean "the same experiment, another seed".
     */
    public RunConfig withoutSeed() {
        return new RunConfig("", "", estimator, options, unbiased, 0L, epochs, batchSize,
                learningRate, architecture, data, dataSeed, binarisation, trainExamples,
                testExamples, probe, imageCount, iwSamples, blasThreads);
    }
}

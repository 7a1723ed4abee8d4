package io.github.dvae.reports.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything that determines one run's numbers, resolved: the estimator with every option
 * (defaults filled in), the seed, and every other setting as a map of declared keys
 * ({@link Setting}) to canonical strings. Two runs with equal configurations (seed included) are
 * the same run; {@link #withoutSeed()} is the key that groups seeds of one configuration in a
 * report. Settings that only change what a report shows (how many images, chart options) are not
 * here: they belong to the report, so changing them retrains nothing.
 *
 * @param runId the run's directory name in the store, unique per configuration
 * @param label what reports call the configuration, e.g. {@code gumbel-softmax:tau=0.5}
 * @param estimator the estimator plug-in's id
 * @param options every option of the estimator, resolved (defaults included), sorted by name
 * @param unbiased whether the estimator declares itself unbiased
 * @param seed seeds the run's parameters and every random draw of the run
 * @param settings every other setting that changes the numbers, by {@link Setting#name()},
 *     sorted; a setting at its neutral value is absent
 */
public record RunConfig(String runId, String label, String estimator, Map<String, String> options,
        boolean unbiased, long seed, Map<String, String> settings) {

    public RunConfig {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(estimator, "estimator");
        options = Collections.unmodifiableSortedMap(new TreeMap<>(options));
        settings = Collections.unmodifiableSortedMap(new TreeMap<>(settings));
    }

    /**
     * The value of {@code setting}: its stored string read back, or its neutral value when
     * absent.
     *
     * @throws IllegalStateException if it is absent and has no neutral value, or unreadable
     */
    public <T> T get(Setting<T> setting) {
        String text = settings.get(setting.name());
        if (text == null) {
            if (setting.neutral() == null) {
                throw new IllegalStateException("run " + runId + " has no setting '"
                        + setting.name() + "'");
            }
            return setting.neutral();
        }
        try {
            return setting.parse().apply(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("run " + runId + " has setting " + setting.name()
                    + "='" + text + "', which does not read: " + e.getMessage(), e);
        }
    }

    /** This configuration with {@code setting} set to {@code value} (removed if neutral). */
    public <T> RunConfig with(Setting<T> setting, T value) {
        SortedMap<String, String> s = new TreeMap<>(settings);
        if (setting.isNeutral(value)) {
            s.remove(setting.name());
        } else {
            s.put(setting.name(), setting.format().apply(value));
        }
        return new RunConfig(runId, label, estimator, options, unbiased, seed, s);
    }

    /**
     * {@code label} as a file-name part: lower case, runs of other characters than letters,
     * digits and dots turned into one dash, at most 60 characters.
     */
    public static String slug(String label) {
        String s = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-")
                .replaceAll("(^-+|-+$)", "");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    /** This configuration with another run id. */
    public RunConfig withRunId(String id) {
        return new RunConfig(id, label, estimator, options, unbiased, seed, settings);
    }

    /** This configuration with another label. */
    public RunConfig withLabel(String name) {
        return new RunConfig(runId, name, estimator, options, unbiased, seed, settings);
    }

    /**
     * A digest of everything that determines the run (its id and label excepted): equal
     * fingerprints mean the same run, so run ids built from it let a rerun find its earlier
     * results. 16 hex digits of SHA-256 over the configuration's JSON, whose maps are sorted.
     */
    public String fingerprint() {
        byte[] json = StoreJson.line(withRunId("").withLabel(""))
                .getBytes(StandardCharsets.UTF_8);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * What seeds of one configuration share: this configuration with seed 0, no run id and no
     * label, so that equal keys mean "the same experiment, another seed".
     */
    public RunConfig withoutSeed() {
        return new RunConfig("", "", estimator, options, unbiased, 0L, settings);
    }
}

package io.github.dvae.core.estimator;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An estimator as users write it: its id and the options given, e.g.
 * {@code reinforce:baseline=loo,samples=4} or {@code gumbel-softmax:tau=0.5}. Options left out take
 * the provider's defaults when the estimator is created.
 *
 * @param id the provider's id
 * @param options the options written, by name (sorted, so the written form is canonical)
 */
public record EstimatorSpec(String id, SortedMap<String, String> options) {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final String FORM = "expected id[:name=value,...], e.g. "
            + "reinforce:baseline=loo,samples=4";

    public EstimatorSpec {
        options = Collections.unmodifiableSortedMap(new TreeMap<>(options));
    }

    /**
     * Parses {@code id[:name=value,...]}.
     *
     * @throws InvalidOptionException naming the text and the expected form
     */
    public static EstimatorSpec parse(String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        String id = colon < 0 ? t : t.substring(0, colon);
        if (!ID.matcher(id).matches()) {
            throw new InvalidOptionException("estimator '" + text + "' is not valid: " + FORM);
        }
        SortedMap<String, String> options = new TreeMap<>();
        if (colon >= 0) {
            for (String pair : t.substring(colon + 1).split(",", -1)) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || eq == pair.length() - 1) {
                    throw new InvalidOptionException("estimator '" + text + "': option '" + pair
                            + "' is not name=value; " + FORM);
                }
                String name = pair.substring(0, eq).trim();
                if (options.put(name, pair.substring(eq + 1).trim()) != null) {
                    throw new InvalidOptionException("estimator '" + text + "' sets option '"
                            + name + "' twice");
                }
            }
        }
        return new EstimatorSpec(id, options);
    }

    /** This spec with option {@code name} set to {@code value}. */
    public EstimatorSpec with(String name, String value) {
        SortedMap<String, String> m = new TreeMap<>(options);
        m.put(name, value);
        return new EstimatorSpec(id, m);
    }

    /** Whether option {@code name} is written. */
    public boolean sets(String name) {
        return options.containsKey(name);
    }

    /** The provider with this id ({@link Estimators#find}). */
    public EstimatorProvider provider() {
        return Estimators.find(id);
    }

    /** The written form, options sorted: what reports call this configuration. */
    @Override
    public String toString() {
        if (options.isEmpty()) {
            return id;
        }
        StringBuilder b = new StringBuilder(id).append(':');
        options.forEach((k, v) -> b.append(k).append('=').append(v).append(','));
        return b.substring(0, b.length() - 1);
    }
}

package io.github.dvae.core.estimator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An estimator as users write it: an id and options, {@code gumbel-softmax:tau=0.5} or
 * {@code reinforce:baseline=loo,samples=4}.
 *
 * @param id the provider's id
 * @param options option values as written, in the order given
 */
public record EstimatorSpec(String id, Map<String, String> options) {

    public EstimatorSpec {
        if (id == null || id.isBlank()) {
            throw new InvalidOptionException("an estimator needs an id, e.g. reinforce or "
                    + "gumbel-softmax:tau=0.5");
        }
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /**
     * Parses {@code id[:name=value[,name=value...]]}.
     *
     * @throws InvalidOptionException naming the text if it is malformed
     */
    public static EstimatorSpec parse(String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        String id = colon < 0 ? t : t.substring(0, colon).trim();
        Map<String, String> options = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String pair : t.substring(colon + 1).split(",")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidOptionException("estimator '" + text + "': '" + pair.trim()
                            + "' is not of the form name=value");
                }
                options.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return new EstimatorSpec(id, options);
    }

    /** This spec with {@code name=value} set. */
    public EstimatorSpec with(String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(options);
        m.put(name, value);
        return new EstimatorSpec(id, m);
    }

    /** The provider with this id ({@link Estimators#find}). */
    public EstimatorProvider provider() {
        return Estimators.find(id);
    }

    /** The written form, parseable by {@link #parse}. */
    @Override
    public String toString() {
        if (options.isEmpty()) {
            return id;
        }
        return id + ":" + options.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}

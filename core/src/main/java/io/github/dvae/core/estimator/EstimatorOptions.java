package io.github.dvae.core.estimator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, validated access to one estimator's options: unknown names are refused with the list of
 * known ones, missing ones take their declared default, and a value out of range is refused with a
 * message naming the estimator, the option, the value and what is allowed.
 */
public final class EstimatorOptions {

    private final String estimator;
    private final Map<String, String> values;
    private final Map<String, String> defaults;

    private EstimatorOptions(String estimator, Map<String, String> values,
            Map<String, String> defaults) {
        this.estimator = estimator;
        this.values = values;
        this.defaults = defaults;
    }

    /**
     * Reads {@code config}'s options against the options {@code provider} declares, after
     * checking that the provider serves the configuration's latent kind (every provider's
     * {@code create} starts here, so none builds an estimator for a kind it does not declare).
     *
     * @throws InvalidOptionException for an option the provider does not declare
     * @throws IllegalArgumentException naming the kind, if the provider does not serve it
     */
    public static EstimatorOptions read(EstimatorProvider provider, EstimatorConfig config) {
        provider.requireServes(config.latent());
        Map<String, String> resolved = new LinkedHashMap<>();
        for (EstimatorOption o : provider.options()) {
            resolved.put(o.name(), o.defaultValue());
        }
        Map<String, String> defaults = new LinkedHashMap<>(resolved);
        for (Map.Entry<String, String> e : config.options().entrySet()) {
            if (!resolved.containsKey(e.getKey())) {
                Set<String> known = new TreeSet<>(resolved.keySet());
                throw new InvalidOptionException("estimator '" + provider.id()
                        + "' has no option '" + e.getKey() + "'; its options are "
                        + (known.isEmpty() ? "(none)" : String.join(", ", known)));
            }
            resolved.put(e.getKey(), e.getValue().trim());
        }
        return new EstimatorOptions(provider.id(), resolved, defaults);
    }

    /**
     * One spelling per value, so that spellings of one value give one run fingerprint: a value
     * numerically equal to the option's default is written as the default is ({@code 0.50} and
     * {@code 5e-1} as {@code 0.5}); another number as Java writes it ({@code 0.250} as
     * {@code 0.25}, {@code 2} as {@code 2.0} where the default is a decimal, {@code 04} as
     * {@code 4} where it is an integer); anything else as given.
     */
    public static String canonical(String value, String defaultValue) {
        String v = value.trim();
        if (v.equals(defaultValue)) {
            return v;
        }
        double number;
        try {
            number = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return v;
        }
        if (!Double.isFinite(number)) {
            return v;
        }
        try {
            if (Double.parseDouble(defaultValue) == number) {
                return defaultValue;
            }
            if (INTEGER.matcher(defaultValue).matches() && INTEGER.matcher(v).matches()) {
                return new java.math.BigInteger(v).toString();
            }
        } catch (NumberFormatException e) {
            // a default that is no number: the value is still written one way
        }
        return Double.toString(number);
    }

    private static final java.util.regex.Pattern INTEGER =
            java.util.regex.Pattern.compile("[+-]?\\d+");

    /** Every option with its resolved value, in declaration order. */
    public Map<String, String> resolved() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A real number strictly above {@code lowerExclusive}. */
    public double realAbove(String name, double lowerExclusive) {
        double v = real(name);
        if (!(v > lowerExclusive)) {
            throw invalid(name, "must be a number > " + lowerExclusive);
        }
        return v;
    }

    /** A real number in {@code [low, high]}. */
    public double realIn(String name, double low, double high) {
        double v = real(name);
        if (!(v >= low && v <= high)) {
            throw invalid(name, "must be a number in [" + low + ", " + high + "]");
        }
        return v;
    }

    /** A real number in the open interval {@code (low, high)}. */
    public double realBetween(String name, double low, double high) {
        double v = real(name);
        if (!(v > low && v < high)) {
            throw invalid(name, "must be a number in (" + low + ", " + high + ")");
        }
        return v;
    }

    /** Any finite real number. */
    public double real(String name) {
        String s = raw(name);
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) {
                throw invalid(name, "must be a finite number");
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a number");
        }
    }

    /** An integer of at least {@code min}. */
    public int integerAtLeast(String name, int min) {
        String s = raw(name);
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw invalid(name, "must be an integer >= " + min);
        }
        if (v < min) {
            throw invalid(name, "must be an integer >= " + min);
        }
        return v;
    }

    /** One of {@code allowed}. */
    public String choice(String name, List<String> allowed) {
        String v = raw(name);
        if (!allowed.contains(v)) {
            throw invalid(name, "must be one of " + String.join(", ", allowed));
        }
        return v;
    }

    /** {@code true} or {@code false}. */
    public boolean flag(String name) {
        return Boolean.parseBoolean(choice(name, List.of("true", "false")));
    }

    /**
     * Refuses a value other than the default for {@code name} when it does not apply: an option
     * that the chosen variant would silently ignore is a mistake worth naming. The default itself
     * is accepted, so that a run's resolved options (every default written out) rebuild the
     * estimator.
     *
     * @param applies whether the chosen variant reads the option
     * @param appliesWhen what makes it apply, for the message ({@code "codebook=ema"})
     */
    public void requireDefaultUnless(String name, boolean applies, String appliesWhen) {
        if (!applies && !sameValue(raw(name), defaults.get(name))) {
            throw invalid(name, "it applies only with " + appliesWhen);
        }
    }

    /** Equal as written, or as numbers ({@code 0.90} is the default {@code 0.9}). */
    private static boolean sameValue(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        try {
            return Double.parseDouble(a) == Double.parseDouble(b);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The value as written (or the default). */
    public String raw(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("estimator '" + estimator + "' reads option '" + name
                    + "' that it does not declare");
        }
        return v;
    }

    /** An exception naming the option, its value and what is allowed. */
    public InvalidOptionException invalid(String name, String allowed) {
        return new InvalidOptionException("estimator '" + estimator + "': option " + name + "="
                + values.get(name) + " is not valid: " + allowed);
    }
}

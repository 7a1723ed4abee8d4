package io.github.dvae.reports.store;

import java.util.Objects;
import java.util.function.Function;

/**
 * A declared key of {@link RunConfig#settings()}: a setting that changes a run's numbers, with
 * how its value is written and read. Settings are kept as canonical strings, so a new setting
 * needs no change to the configuration's record, its JSON or its fingerprint: declare it where it
 * is used and put its value in the map. A setting whose value equals its {@code neutral} value
 * (the behaviour of runs made before the setting existed, e.g. "no bound computed") is left out
 * of the map, so those runs keep their fingerprint.
 *
 * @param name the key, as on the command line without dashes, e.g. {@code batch-size}
 * @param description one line for reports
 * @param parse reads a stored value; throws {@link IllegalArgumentException} for a bad one
 * @param format writes a value canonically (equal values, equal strings)
 * @param neutral the value an absent key means; null if the key is required
 * @param <T> the value's type
 */
public record Setting<T>(String name, String description, Function<String, T> parse,
        Function<T, String> format, T neutral) {

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parse, "parse");
        Objects.requireNonNull(format, "format");
    }

    /** An integer setting. */
    public static Setting<Integer> integer(String name, String description, Integer neutral) {
        return new Setting<>(name, description, Integer::valueOf, String::valueOf, neutral);
    }

    /** A long integer setting. */
    public static Setting<Long> longInteger(String name, String description, Long neutral) {
        return new Setting<>(name, description, Long::valueOf, String::valueOf, neutral);
    }

    /** A real-valued setting, written as {@link Double#toString} writes it. */
    public static Setting<Double> real(String name, String description, Double neutral) {
        return new Setting<>(name, description, Double::valueOf, String::valueOf, neutral);
    }

    /** A text setting. */
    public static Setting<String> text(String name, String description, String neutral) {
        return new Setting<>(name, description, Function.identity(), Function.identity(),
                neutral);
    }

    /** Whether {@code value} is what an absent key means. */
    public boolean isNeutral(T value) {
        return neutral != null && neutral.equals(value);
    }
}

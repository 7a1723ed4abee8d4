package io.github.dvae.core.tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@code /proc/cpuinfo} says about the first CPU: its model name and its feature flags.
 * Empty where the file cannot be read (not Linux).
 */
public final class CpuInfo {

    private static final Path FILE = Path.of("/proc/cpuinfo");

    private CpuInfo() {
    }

    /** The {@code model name} line's value, e.g. {@code AMD EPYC 9R45}. */
    public static Optional<String> modelName() {
        return field("model name");
    }

    /** The {@code flags} line's value: the features, separated by spaces. */
    public static Optional<String> flags() {
        return field("flags");
    }

    private static Optional<String> field(String name) {
        if (!Files.isReadable(FILE)) {
            return Optional.empty();
        }
        try (Stream<String> lines = Files.lines(FILE, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.startsWith(name))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }
}

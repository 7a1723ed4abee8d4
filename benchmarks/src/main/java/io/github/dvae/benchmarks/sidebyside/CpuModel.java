package io.github.dvae.benchmarks.sidebyside;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU a figure was measured on: {@code lscpu}'s model name, family and model number (or
 * {@code /proc/cpuinfo}'s). Machines of one name come in several CPU types whose ratios differ,
 * so every side-by-side figure carries this.
 */
public record CpuModel(String name, String family, String model) {

    /** Unknown fields read {@code ?}. */
    public static final String UNKNOWN = "?";

    /** From {@code lscpu}'s text ({@code Model name:}, {@code CPU family:}, {@code Model:}). */
    public static CpuModel fromLscpu(String text) {
        return new CpuModel(field(text, "Model name"), field(text, "CPU family"),
                field(text, "Model"));
    }

    /** From {@code /proc/cpuinfo}'s text (its first processor). */
    public static CpuModel fromCpuinfo(String text) {
        return new CpuModel(field(text, "model name"), field(text, "cpu family"),
                field(text, "model"));
    }

    /** This machine's, by {@code lscpu}, else {@code /proc/cpuinfo}; unknown fields {@code ?}. */
    public static CpuModel ofThisMachine() {
        try {
            Process p = new ProcessBuilder("lscpu").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() == 0) {
                CpuModel m = fromLscpu(out);
                if (!m.name().equals(UNKNOWN)) {
                    return m;
                }
            }
        } catch (IOException e) {
            // no lscpu: /proc/cpuinfo below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            return fromCpuinfo(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException e) {
            return new CpuModel(UNKNOWN, UNKNOWN, UNKNOWN);
        }
    }

    /**
     * The first line {@code key: value}, the key exactly and first on its line (newer
     * {@code lscpu} indents it under the vendor).
     */
    private static String field(String text, String key) {
        Matcher m = Pattern.compile("(?m)^[ \\t]*" + Pattern.quote(key)
                + "[ \\t]*:[ \\t]*(.*?)[ \\t]*$")
                .matcher(text);
        return m.find() && !m.group(1).isEmpty() ? m.group(1) : UNKNOWN;
    }

    /** {@code name (family F, model M)}. */
    @Override
    public String toString() {
        return name + " (family " + family + ", model " + model + ")";
    }
}

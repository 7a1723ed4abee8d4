package io.github.dvae.benchmarks.sidebyside;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images per second each program prints over its timed steps: this harness's
 * {@code TrainingThroughput} ends with {@code images_per_second=<value>}, the PyTorch script with
 * {@code ...: <value> images/s over <steps> steps (<seconds>s)} (read as its last
 * {@code <value> images/s}). The last such line counts.
 */
public final class ReportedThroughput {

    private static final Pattern HARNESS = Pattern.compile(
            "(?m)^images_per_second=([0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?)\\s*$");
    private static final Pattern SCRIPT = Pattern.compile(
            "([0-9]+(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)?) images/s");

    private ReportedThroughput() {
    }

    /**
     * @throws IllegalArgumentException if {@code output} holds no figure (quoting its last line)
     */
    public static double harness(String output) {
        return last(HARNESS, output, "images_per_second=<value>");
    }

    /**
     * @throws IllegalArgumentException if {@code output} holds no figure (quoting its last line)
     */
    public static double script(String output) {
        return last(SCRIPT, output, "'<value> images/s'");
    }

    private static double last(Pattern pattern, String output, String expected) {
        Matcher m = pattern.matcher(output);
        String value = null;
        while (m.find()) {
            value = m.group(1);
        }
        if (value == null) {
            throw new IllegalArgumentException("no " + expected + " in the output; its last line: "
                    + lastLine(output));
        }
        double v = Double.parseDouble(value);
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "a throughput of %s images/s is not a positive number", value));
        }
        return v;
    }

    /** The last non-blank line of {@code output}, or "(none)". */
    public static String lastLine(String output) {
        String[] lines = output.strip().split("\\R");
        String last = lines[lines.length - 1].strip();
        return last.isEmpty() ? "(none)" : last;
    }
}

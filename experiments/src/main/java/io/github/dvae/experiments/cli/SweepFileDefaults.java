package io.github.dvae.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A sweep written in a JSON file, as defaults for the command line: each key is an option's long
 * name without its dashes, each value what the option would take ({@code "epochs": 10},
 * {@code "seeds": [1, 2, 3]}, {@code "estimator": ["reinforce:baseline=loo,samples=4"]}). Picocli
 * asks it only for options the command line does not give, so the command line wins.
 */
final class SweepFileDefaults implements CommandLine.IDefaultValueProvider {

    /** The option that names the file. */
    static final String OPTION = "--sweep-file";

    private final Map<String, JsonNode> values;

    private SweepFileDefaults(Map<String, JsonNode> values) {
        this.values = values;
    }

    /**
     * The file named by {@code --sweep-file} in {@code args}, checked against the sweep's
     * options; null if {@code args} names none.
     *
     * @throws UsageException if the file is missing, not JSON, or has a key that is no option
     */
    static SweepFileDefaults from(String[] args, Set<String> optionNames) {
        Path file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(OPTION) && i + 1 < args.length) {
                file = Path.of(args[i + 1]);
            } else if (args[i].startsWith(OPTION + "=")) {
                file = Path.of(args[i].substring(OPTION.length() + 1));
            }
        }
        if (file == null) {
            return null;
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new UsageException("sweep file " + file + " does not exist");
        } catch (IOException e) {
            throw new UsageException("sweep file " + file + " is not JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new UsageException("sweep file " + file + " must hold one JSON object of "
                    + "option: value");
        }
        Map<String, JsonNode> values = new java.util.HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!optionNames.contains(e.getKey()) || e.getKey().equals(OPTION.substring(2))) {
                throw new UsageException("sweep file " + file + ": '" + e.getKey() + "' is not "
                        + "an option of the sweep; options: " + String.join(", ",
                                new TreeSet<>(optionNames)));
            }
            values.put(e.getKey(), e.getValue());
        }
        SweepFileDefaults defaults = new SweepFileDefaults(values);
        defaults.check(file);
        return defaults;
    }

    /**
     * Parses and range-checks the file's values on their own, as if they were written on the
     * command line, so that a bad one is reported with the file's name (picocli would name only
     * the option, as if the user had typed it).
     *
     * @throws UsageException naming the file and the bad value
     */
    private void check(Path file) {
        CommandLine probe = new CommandLine(new DvaeCommand(false));
        List<String> argv = new ArrayList<>();
        for (String name : new TreeSet<>(values.keySet())) {
            OptionSpec option = probe.getCommandSpec().findOption(name);
            argv.add(option.longestName());
            argv.add(defaultValue(option));
        }
        try {
            probe.parseArgs(argv.toArray(String[]::new));
            ((DvaeCommand) probe.getCommand()).sweep.definition();
        } catch (CommandLine.ParameterException
                | io.github.dvae.experiments.sweep.InvalidSweepException e) {
            throw new UsageException("sweep file " + file + ": " + e.getMessage());
        }
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec o)) {
            return null;
        }
        JsonNode value = values.get(o.longestName().replaceFirst("^--?", ""));
        if (value == null || !value.isArray()) {
            return value == null ? null : value.asText();
        }
        List<String> items = new ArrayList<>();
        value.forEach(v -> items.add(v.asText()));
        // Joined with what the option splits on: commas, or spaces for estimator specs (which
        // hold commas themselves).
        return String.join(o.splitRegex().equals(",") ? "," : " ", items);
    }
}

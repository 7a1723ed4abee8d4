package io.github.dvae.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dvae.experiments.preset.Preset;
import io.github.dvae.experiments.preset.Presets;
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
 * {@code "seeds": [1, 2, 3]}, {@code "estimator": ["reinforce:baseline=loo,samples=4"]}); keys
 * starting with {@code _} are notes and not applied. A shipped preset ({@code --preset NAME}, see
 * {@link Presets}) is read the same way. Picocli asks it only for options the command line does
 * not give, so the command line wins over the sweep file, which wins over the preset.
 */
final class SweepFileDefaults implements CommandLine.IDefaultValueProvider {

    /** The option that names the file. */
    static final String OPTION = "--sweep-file";

    /** The option that names a shipped preset. */
    static final String PRESET = "--preset";

    private final Map<String, JsonNode> values;

    private SweepFileDefaults(Map<String, JsonNode> values) {
        this.values = values;
    }

    /** The value of {@code option} in {@code args} (the last given), or null. */
    private static String valueOf(String[] args, String option) {
        String value = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(option) && i + 1 < args.length) {
                value = args[i + 1];
            } else if (args[i].startsWith(option + "=")) {
                value = args[i].substring(option.length() + 1);
            }
        }
        return value;
    }

    /**
     * The preset named by {@code --preset} and the file named by {@code --sweep-file} in
     * {@code args}, the file's values over the preset's, checked against the options of
     * {@code command}; null if {@code args} names neither.
     *
     * @param command the subcommand {@code args} runs ({@code sweep} for the default command)
     * @param optionNames long names, without dashes, of that command's options
     * @throws UsageException if the preset is unknown or for another command, or the file is
     *     missing, not JSON, or has a key that is no option
     */
    static SweepFileDefaults from(String[] args, String command, Set<String> optionNames) {
        String presetName = valueOf(args, PRESET);
        String fileName = valueOf(args, OPTION);
        if (presetName == null && fileName == null) {
            return null;
        }
        Map<String, JsonNode> values = new java.util.HashMap<>();
        if (presetName != null) {
            Preset preset;
            try {
                preset = Presets.find(presetName);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            if (!preset.command().equals(command)) {
                throw new UsageException("preset '" + presetName + "' is for 'dvae "
                        + preset.command() + "', not 'dvae " + command + "' (run: dvae "
                        + preset.command() + " --preset " + presetName + ")");
            }
            for (Map.Entry<String, JsonNode> e : preset.options().entrySet()) {
                requireOption(e.getKey(), "preset " + presetName, command, optionNames);
                values.put(e.getKey(), e.getValue());
            }
        }
        if (fileName != null) {
            values.putAll(readFile(Path.of(fileName), command, optionNames));
        }
        SweepFileDefaults defaults = new SweepFileDefaults(values);
        if (command.equals("sweep")) {
            defaults.check(fileName != null ? "sweep file " + fileName
                    : "preset " + presetName);
        }
        return defaults;
    }

    private static void requireOption(String key, String where, String command,
            Set<String> optionNames) {
        if (!optionNames.contains(key) || key.equals(OPTION.substring(2))
                || key.equals(PRESET.substring(2))) {
            throw new UsageException(where + ": '" + key + "' is not an option of the " + command
                    + "; options: " + String.join(", ", new TreeSet<>(optionNames)));
        }
    }

    private static Map<String, JsonNode> readFile(Path file, String command,
            Set<String> optionNames) {
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
            if (e.getKey().startsWith("_")) {
                continue; // a note, e.g. the _source a preset copied from states
            }
            requireOption(e.getKey(), "sweep file " + file, command, optionNames);
            values.put(e.getKey(), e.getValue());
        }
        return values;
    }

    /**
     * Parses and range-checks the file's values on their own, as if they were written on the
     * command line, so that a bad one is reported with the file's name (picocli would name only
     * the option, as if the user had typed it).
     *
     * @param where the file or preset, as the message names it
     * @throws UsageException naming the file and the bad value
     */
    private void check(String where) {
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
            throw new UsageException(where + ": " + e.getMessage());
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

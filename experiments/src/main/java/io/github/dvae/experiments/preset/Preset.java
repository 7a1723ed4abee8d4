package io.github.dvae.experiments.preset;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One shipped preset: a JSON object whose keys are the options of the command it is for (long
 * names without dashes, as in a sweep file) plus notes, keys starting with {@code _}, that the
 * runner reads but never applies: {@code _about}, {@code _command}, {@code _source},
 * {@code _budget} and {@code _unverified}.
 *
 * @param name what {@code --preset} takes
 * @param command the subcommand it is for: {@code sweep} (also the default command) or {@code toy}
 * @param about one line: what the preset runs
 * @param source where its settings were read (repository and file, or paper and table)
 * @param budget the paper's budget and how the preset's options express it
 * @param unverified settings that could not be read from the source, or that differ from it
 * @param options option name to value, the notes left out
 * @param resource the class-path resource the preset was read from
 */
public record Preset(String name, String command, String about, String source, String budget,
        List<String> unverified, Map<String, JsonNode> options, String resource) {

    public Preset {
        unverified = List.copyOf(unverified);
        options = Collections.unmodifiableMap(new TreeMap<>(options));
    }
}

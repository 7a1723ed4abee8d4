package io.github.dvae.experiments.preset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The presets shipped on the class path: {@code presets/index.txt} lists their names in the order
 * {@code dvae presets} shows them, {@code presets/NAME.json} holds each (see {@link Preset}).
 */
public final class Presets {

    private static final String DIRECTORY = "presets/";

    private Presets() {
    }

    /** Names of the shipped presets, in the index's order. */
    public static List<String> names() {
        String index = read(DIRECTORY + "index.txt");
        if (index == null) {
            throw new IllegalStateException("the runner's presets/index.txt is missing");
        }
        List<String> names = new ArrayList<>();
        for (String line : index.split("\n")) {
            String n = line.strip();
            if (!n.isEmpty() && !n.startsWith("#")) {
                names.add(n);
            }
        }
        return names;
    }

    /** Every shipped preset, in the index's order. */
    public static List<Preset> all() {
        List<Preset> out = new ArrayList<>();
        for (String n : names()) {
            out.add(find(n));
        }
        return out;
    }

    /**
     * The preset called {@code name}.
     *
     * @throws IllegalArgumentException naming the unknown preset and the shipped ones
     */
    public static Preset find(String name) {
        List<String> names = names();
        if (!names.contains(name)) {
            throw new IllegalArgumentException("preset '" + name + "' is not one of: "
                    + String.join(", ", names) + " ('dvae presets' describes them)");
        }
        String resource = DIRECTORY + name + ".json";
        String text = read(resource);
        if (text == null) {
            throw new IllegalStateException("preset " + name + " is listed but " + resource
                    + " is missing");
        }
        return parse(name, text, resource);
    }

    /** The preset's file as shipped, notes included. */
    public static String text(Preset preset) {
        String text = read(preset.resource());
        if (text == null) {
            throw new IllegalStateException(preset.resource() + " is missing");
        }
        return text;
    }

    /**
     * A preset from its JSON text.
     *
     * @throws IllegalArgumentException if the text is not one JSON object or lacks a note
     */
    static Preset parse(String name, String text, String resource) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("preset " + name + " is not JSON: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("preset " + name + " must be one JSON object");
        }
        Map<String, JsonNode> options = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().startsWith("_")) {
                options.put(e.getKey(), e.getValue());
            }
        }
        List<String> unverified = new ArrayList<>();
        JsonNode u = root.get("_unverified");
        if (u != null) {
            u.forEach(v -> unverified.add(v.asText()));
        }
        return new Preset(name, note(root, name, "_command"), note(root, name, "_about"),
                note(root, name, "_source"), note(root, name, "_budget"), unverified, options,
                resource);
    }

    private static String note(JsonNode root, String name, String key) {
        JsonNode v = root.get(key);
        if (v == null || v.asText().isBlank()) {
            throw new IllegalArgumentException("preset " + name + " lacks its " + key + " note");
        }
        return v.asText();
    }

    private static String read(String resource) {
        try (InputStream in = Presets.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

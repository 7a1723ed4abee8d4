package io.github.dvae.experiments.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks a store from its files alone, without the store's own reader: every run with a
 * summary holds exactly what its summary states (epochs 1..E once each, as many probe lines,
 * each file's byte length), and the store agrees that it is complete. A run without a summary
 * may hold anything an interrupted writer leaves.
 */
final class StoreAudit {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreAudit() {
    }

    /** Audits every run of {@code store}; returns the ids of the complete ones. */
    static List<String> completeRuns(Path store) throws IOException {
        List<String> complete = new ArrayList<>();
        Path runs = store.resolve("runs");
        if (!Files.isDirectory(runs)) {
            return complete;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(runs)) {
            dirs = s.sorted().toList();
        }
        for (Path dir : dirs) {
            String id = dir.getFileName().toString();
            Path summaryFile = dir.resolve("summary.json");
            if (!Files.exists(summaryFile)) {
                continue;
            }
            JsonNode summary = JSON.readTree(summaryFile.toFile());
            JsonNode config = JSON.readTree(dir.resolve("config.json").toFile());
            int epochs = config.get("settings").get("epochs").asInt();
            JsonNode contents = summary.get("contents");
            assertEquals(epochs, summary.get("epochs").asInt(), id);
            assertEquals(epochs, contents.get("epochRecords").asInt(), id);
            List<String> epochLines = lines(dir.resolve("epochs.jsonl"));
            assertEquals(epochs, epochLines.size(), id + ": one line per epoch");
            for (int e = 0; e < epochs; e++) {
                assertEquals(e + 1, JSON.readTree(epochLines.get(e)).get("epoch").asInt(),
                        id + ": epochs in order, each once");
            }
            List<String> probeLines = lines(dir.resolve("probes.jsonl"));
            assertEquals(contents.get("probeRecords").asInt(), probeLines.size(), id);
            int every = config.get("settings").path("probe-every").asInt(0);
            if (every > 0) {
                int expected = 1; // before training
                for (int e = 1; e <= epochs; e++) {
                    expected += e % every == 0 || e == epochs ? 1 : 0;
                }
                assertEquals(expected, probeLines.size(), id + ": probes as scheduled");
            }
            contents.get("files").fields().forEachRemaining(f -> {
                try {
                    assertEquals(f.getValue().get("bytes").asLong(),
                            Files.size(dir.resolve(f.getKey())), id + " " + f.getKey());
                } catch (IOException e) {
                    throw new AssertionError(id + ": " + f.getKey() + " is missing", e);
                }
            });
            assertEquals(RunState.COMPLETE, ResultsStore.at(store).state(id), id);
            complete.add(id);
        }
        return complete;
    }

    private static List<String> lines(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        String text = Files.readString(file);
        assertTrue(text.isEmpty() || text.endsWith("\n"), file + " ends with a whole line");
        return text.lines().filter(l -> !l.isBlank()).toList();
    }
}

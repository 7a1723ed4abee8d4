package io.github.dvae.reports.html;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.StoreFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report lists damaged runs, naming the file, and does not count them as complete. */
class DamagedRunsReportTest {

    @TempDir
    Path dir;

    @Test
    void damagedRunsAreListedWithTheFileAndLeftOutOfTheResults() throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve("store"));
        RunConfig good = StoreFixtures.config("a", "x", Map.of(), 1, 2);
        RunConfig appended = StoreFixtures.config("a", "x", Map.of(), 2, 2);
        RunConfig truncated = StoreFixtures.config("a", "x", Map.of(), 3, 2);
        for (RunConfig c : new RunConfig[] {good, appended, truncated}) {
            StoreFixtures.completeRun(store, c, -100);
        }
        Path epochs = store.runDirectory(appended.runId()).resolve("epochs.jsonl");
        Files.writeString(epochs, Files.readAllLines(epochs).get(0) + "\n",
                StandardOpenOption.APPEND);
        Path summary = store.runDirectory(truncated.runId()).resolve("summary.json");
        Files.writeString(summary, "{\"completedAt\": \"2026");

        String html = Files.readString(HtmlReport.write(store, dir.resolve("report")));
        assertTrue(html.contains("1 complete run(s)"), html);
        assertTrue(html.contains("<h2 id=\"damaged\">Damaged runs</h2>"), html);
        assertTrue(html.contains("a, seed 2: " + epochs + " holds"), html);
        assertTrue(html.contains("a, seed 3: " + summary + " is not a readable RunSummary"),
                html);
    }
}

package io.github.dvae.reports.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.StoreFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rewritten report removes what it no longer references, and nothing it did not write. */
class ReportDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void referencesAreLocalFileNamesOnly() {
        assertEquals(Set.of("a.png", "traces.csv"), ReportDirectory.references(
                "<img src=\"a.png\"><a href=\"traces.csv\">x</a><a href=\"https://x.org/b.png\">"
                        + "<a href=\"#top\"><img src=\"../up.png\"><a href=\"/etc/passwd\">"));
    }

    @Test
    void aRewriteRemovesThePngsOfConfigurationsNoLongerInTheStore() throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve("store"));
        Path report = dir.resolve("report");
        Files.createDirectories(report);
        Files.writeString(report.resolve("notes.txt"), "the user's own file");
        StoreFixtures.completeRun(store, StoreFixtures.config("a", "x", Map.of(), 1, 2), -100);
        StoreFixtures.completeRun(store, StoreFixtures.config("b", "y", Map.of(), 1, 2), -110);
        HtmlReport.write(store, report);
        List<Path> bPngs;
        try (var files = Files.list(report)) {
            bPngs = files.filter(f -> f.getFileName().toString().matches("c\\d\\d-b-.*\\.png"))
                    .toList();
        }
        assertFalse(bPngs.isEmpty(), "configuration b has image grids: " + listing(report));

        deleteRecursively(store.runDirectory(StoreFixtures.config("b", "y", Map.of(), 1, 2)
                .runId()));
        HtmlReport.write(store, report);
        for (Path png : bPngs) {
            assertFalse(Files.exists(png), png + " is no longer referenced");
        }
        assertTrue(Files.exists(report.resolve("test-elbo-steps.svg")));
        assertTrue(Files.exists(report.resolve("notes.txt")), "never written by a report");
        String html = Files.readString(report.resolve("index.html"));
        for (String name : ReportDirectory.references(html)) {
            assertTrue(Files.exists(report.resolve(name)), name + " is referenced and kept");
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

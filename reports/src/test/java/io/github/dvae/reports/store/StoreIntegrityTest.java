package io.github.dvae.reports.store;

import static io.github.dvae.reports.store.StoreFixtures.config;
import static io.github.dvae.reports.store.StoreFixtures.environment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run is complete only when its summary can be read and its files are what the summary
 * states; every way the issue saw a store lie (records appended twice, a summary beside fewer
 * epochs, a truncated summary) reads as damaged, names the file, and is redone by a restart.
 */
class StoreIntegrityTest {

    @TempDir
    Path dir;

    private ResultsStore store;
    private RunConfig run;

    private void completeRun() throws IOException {
        store = ResultsStore.at(dir);
        run = config("reinforce", "reinforce", Map.of(), 1, 3);
        StoreFixtures.completeRun(store, run, -100);
        assertEquals(RunState.COMPLETE, store.state(run.runId()));
        assertNull(store.damage(run.runId()));
    }

    private Path file(String name) {
        return store.runDirectory(run.runId()).resolve(name);
    }

    private void assertDamaged(String file) {
        assertEquals(RunState.DAMAGED, store.state(run.runId()));
        assertTrue(store.damage(run.runId()).contains(file), store.damage(run.runId()));
        StoredRun read = store.read(run.runId());
        assertFalse(read.complete());
        assertTrue(read.damaged());
        assertTrue(read.damage().contains(file), read.damage());
        assertEquals(List.of(read), store.runs(), "a damaged run is still listed, with why");
    }

    @Test
    void theSummaryStatesTheRecordCountsAndEveryFilesLengthAndDigest() throws IOException {
        completeRun();
        RunContents contents = store.read(run.runId()).summary().contents();
        assertEquals(3, contents.epochRecords());
        assertEquals(0, contents.probeRecords());
        assertEquals(List.of(ResultsStore.CONFIG, ResultsStore.ENVIRONMENT, ResultsStore.EPOCHS,
                ResultsStore.IMAGES), List.copyOf(contents.files().keySet()));
        assertEquals(Files.size(file(ResultsStore.IMAGES)),
                contents.files().get(ResultsStore.IMAGES).bytes());
        assertEquals(64, contents.files().get(ResultsStore.EPOCHS).sha256().length());
    }

    @Test
    void recordsAppendedAfterTheSummaryMakeTheRunDamaged() throws IOException {
        completeRun();
        String first = Files.readAllLines(file(ResultsStore.EPOCHS)).get(0);
        Files.writeString(file(ResultsStore.EPOCHS), first + "\n", StandardOpenOption.APPEND);
        assertDamaged(ResultsStore.EPOCHS);
    }

    @Test
    void aSummaryBesideFewerEpochsIsDamaged() throws IOException {
        completeRun();
        List<String> lines = Files.readAllLines(file(ResultsStore.EPOCHS));
        Files.write(file(ResultsStore.EPOCHS), lines.subList(0, 2));
        assertDamaged(ResultsStore.EPOCHS);
        assertTrue(store.damage(run.runId()).contains("3 epoch records"));
    }

    @Test
    void aProbeFileTheSummaryDoesNotRecordIsDamage() throws IOException {
        completeRun();
        Files.writeString(file(ResultsStore.PROBES), "{}\n");
        assertDamaged(ResultsStore.PROBES);
    }

    @Test
    void anEditedFileOfTheSameLengthIsCaughtByItsDigest() throws IOException {
        completeRun();
        String text = Files.readString(file(ResultsStore.IMAGES));
        Files.writeString(file(ResultsStore.IMAGES), text.replace("255", "254"));
        assertDamaged(ResultsStore.IMAGES);
        assertTrue(store.damage(run.runId()).contains("SHA-256"));
    }

    @Test
    void aTruncatedOrEmptySummaryIsDamagedAndARestartRedoesTheRun() throws IOException {
        completeRun();
        String summary = Files.readString(file(ResultsStore.SUMMARY));
        Files.writeString(file(ResultsStore.SUMMARY), summary.substring(0, summary.length() / 2));
        assertDamaged(ResultsStore.SUMMARY);
        Files.writeString(file(ResultsStore.SUMMARY), "");
        assertDamaged(ResultsStore.SUMMARY);

        try (RunWriter w = store.start(run, environment(), StoreFixtures.METRICS)) {
            assertFalse(Files.exists(file(ResultsStore.SUMMARY)), "the restart wipes the run");
            assertEquals(0, store.read(run.runId()).epochs().size());
        }
        assertEquals(RunState.INCOMPLETE, store.state(run.runId()));
    }

    @Test
    void aRunWhoseConfigurationCannotBeReadIsListedApartAndRedone() throws IOException {
        completeRun();
        Files.writeString(file(ResultsStore.CONFIG), "{\"runId\": ");
        assertEquals(List.of(), store.runs());
        List<String> unreadable = store.unreadableRuns();
        assertEquals(1, unreadable.size());
        assertTrue(unreadable.get(0).contains(ResultsStore.CONFIG), unreadable.get(0));
        assertEquals(RunState.DAMAGED, store.state(run.runId()));
        try (RunWriter w = store.start(run, environment(), StoreFixtures.METRICS)) {
            assertEquals(run, store.read(run.runId()).config());
        }
    }

    @Test
    void aSummaryFromBeforeContentsWereStatedIsCheckedByItsEpochCount() throws IOException {
        completeRun();
        ObjectNode summary = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(file(ResultsStore.SUMMARY).toFile());
        summary.remove("contents");
        Files.writeString(file(ResultsStore.SUMMARY), summary.toString());
        assertEquals(RunState.COMPLETE, store.state(run.runId()));
        assertTrue(store.read(run.runId()).complete());
        List<String> lines = Files.readAllLines(file(ResultsStore.EPOCHS));
        Files.write(file(ResultsStore.EPOCHS), lines.subList(0, 2));
        assertDamaged(ResultsStore.EPOCHS);
    }

    @Test
    void aClaimedRunCannotBeClaimedOrStartedAgainUntilReleased() throws IOException {
        store = ResultsStore.at(dir);
        run = config("reinforce", "reinforce", Map.of(), 1, 3);
        Optional<RunClaim> claim = store.claim(run.runId());
        assertTrue(claim.isPresent());
        assertTrue(store.claim(run.runId()).isEmpty(), "one holder at a time");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> store.start(run, environment(), StoreFixtures.METRICS));
        assertTrue(e.getMessage().contains("is being written by"), e.getMessage());
        RunWriter writer = store.start(claim.get(), run, environment(), StoreFixtures.METRICS);
        writer.epoch(StoreFixtures.epoch(1, 3, -100));
        writer.close();
        assertFalse(claim.get().held(), "closing the writer releases its claim");
        assertEquals(RunState.INCOMPLETE, store.state(run.runId()));
        try (RunClaim again = store.claim(run.runId()).orElseThrow()) {
            assertTrue(again.held());
            assertTrue(Files.readString(dir.resolve(ResultsStore.LOCKS)
                    .resolve(run.runId() + ".lock"), StandardCharsets.UTF_8)
                    .startsWith("process " + ProcessHandle.current().pid()));
        }
    }

    @Test
    void aStoredRunIsFoundUnderAnotherLabelWithTheSameSeedAndFingerprint() throws IOException {
        store = ResultsStore.at(dir);
        run = config("reinforce", "reinforce", Map.of(), 1, 3)
                .withRunId("reinforce-seed1-0123abcd");
        StoreFixtures.completeRun(store, run, -100);
        assertEquals("reinforce-seed1-0123abcd",
                store.storedRunId("reinforce-baseline-none-seed1-0123abcd"));
        assertEquals("reinforce-seed2-0123abcd", store.storedRunId("reinforce-seed2-0123abcd"));
        assertEquals("x-seed1-99999999", store.storedRunId("x-seed1-99999999"));
    }
}

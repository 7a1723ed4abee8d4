package io.github.dvae.reports.store;

import static io.github.dvae.reports.store.StoreFixtures.config;
import static io.github.dvae.reports.store.StoreFixtures.environment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsStoreTest {

    @TempDir
    Path dir;

    @Test
    void everyRecordSurvivesTheRoundTrip() throws IOException {
        ResultsStore store = ResultsStore.at(dir);
        RunConfig c = new RunConfig("gs-1", "gumbel-softmax:tau=0.5", "gumbel-softmax",
                Map.of("tau", "0.5", "tau-min", "0.5"), false, 1, 2, 100, 1e-3,
                "784-200-(20x10)-200-784", "synthetic", 7, "dynamic", 1000, 200,
                new RunConfig.ProbeSettings(1, 50, 100, "exact"), 3, 1000);
        EpochRecord e1 = new EpochRecord(1, 10, -200.5, -190.25, -170, 20.25, 1.5, 1.5,
                Map.of("tau", 0.5));
        EpochRecord diverged = new EpochRecord(2, 20, Double.NaN, Double.NEGATIVE_INFINITY,
                Double.NaN, 0, 1.5, 3.0, Map.of());
        ProbeRecord p0 = new ProbeRecord(0, 0, 50, 100, -3.5, 0.1, -2.0, null, 0.2);
        ProbeRecord p1 = new ProbeRecord(1, 10, 50, 100, -3.7, 0.2, -2.1,
                new ProbeRecord.Bias("exact", 0.3, 0.95, 2.5), 0.2);
        RunImages images = StoreFixtures.images(3);
        RunSummary summary = new RunSummary("2026-01-01T00:00:00Z", 2, 20, -190.25, 3.5,
                -185.125, 1.25);
        RunSummary written;
        try (RunWriter w = store.start(c, environment())) {
            w.probe(p0);
            w.epoch(e1);
            w.probe(p1);
            w.epoch(diverged);
            w.images(images);
            written = w.complete(summary);
        }
        assertEquals(summary, written.withContents(null));
        assertEquals(2, written.contents().epochRecords());
        assertEquals(2, written.contents().probeRecords());
        assertEquals(Files.size(store.runDirectory("gs-1").resolve(ResultsStore.EPOCHS)),
                written.contents().files().get(ResultsStore.EPOCHS).bytes());
        StoredRun read = store.read("gs-1");
        assertEquals(c, read.config());
        assertEquals(environment(), read.environment());
        assertEquals(List.of(e1, diverged), read.epochs());
        assertEquals(List.of(p0, p1), read.probes());
        assertEquals(images, read.images());
        assertEquals(written, read.summary());
        assertTrue(read.complete());
        assertEquals(List.of(read), store.runs());
    }

    @Test
    void aRunGoesFromAbsentToIncompleteToComplete() throws IOException {
        ResultsStore store = ResultsStore.at(dir);
        RunConfig c = config("reinforce", "reinforce", Map.of(), 1, 2);
        assertEquals(RunState.ABSENT, store.state(c.runId()));
        try (RunWriter w = store.start(c, environment())) {
            w.epoch(StoreFixtures.epoch(1, 2, -100));
            assertEquals(RunState.INCOMPLETE, store.state(c.runId()));
            assertEquals(1, store.read(c.runId()).epochs().size(),
                    "an epoch must be readable as soon as it is written");
            w.complete(RunSummary.withoutBound("t", 1, 10, -100, 1));
        }
        assertEquals(RunState.COMPLETE, store.state(c.runId()));
        assertThrows(IllegalStateException.class, () -> store.start(c, environment()));
    }

    @Test
    void restartingAnIncompleteRunForgetsTheEarlierAttempt() throws IOException {
        ResultsStore store = ResultsStore.at(dir);
        RunConfig c = config("reinforce", "reinforce", Map.of(), 1, 3);
        StoreFixtures.interruptedRun(store, c, 2);
        try (RunWriter w = store.start(c, environment())) {
            w.epoch(StoreFixtures.epoch(1, 3, -100));
        }
        StoredRun read = store.read(c.runId());
        assertEquals(1, read.epochs().size());
        assertFalse(read.complete());
        assertNull(read.images());
    }

    @Test
    void refusesToOverwriteARunDirectoryOfAnotherConfiguration() throws IOException {
        ResultsStore store = ResultsStore.at(dir);
        RunConfig c = config("reinforce", "reinforce", Map.of(), 1, 3);
        StoreFixtures.interruptedRun(store, c, 1);
        RunConfig other = config("reinforce", "reinforce", Map.of(), 2, 3).withRunId(c.runId());
        assertThrows(IllegalStateException.class, () -> store.start(other, environment()));
    }

    @Test
    void aTornLastLineIsDroppedButACorruptLineElsewhereIsAnError() throws IOException {
        ResultsStore store = ResultsStore.at(dir);
        RunConfig c = config("reinforce", "reinforce", Map.of(), 1, 3);
        StoreFixtures.interruptedRun(store, c, 2);
        Path epochs = store.runDirectory(c.runId()).resolve(ResultsStore.EPOCHS);
        Files.writeString(epochs, "{\"epoch\":3,\"step\":3", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        assertEquals(2, store.read(c.runId()).epochs().size());

        Files.writeString(epochs, "not json\n" + Files.readString(epochs));
        StoredRun damaged = store.read(c.runId());
        assertTrue(damaged.damaged() && !damaged.complete());
        assertTrue(damaged.damage().contains(ResultsStore.EPOCHS + " line 1"), damaged.damage());
    }

    @Test
    void runsAreListedByLabelThenSeedAndAnEmptyStoreHasNone() throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve("new"));
        assertEquals(List.of(), store.runs());
        StoreFixtures.completeRun(store, config("b", "x", Map.of(), 2, 1), -1);
        StoreFixtures.completeRun(store, config("b", "x", Map.of(), 1, 1), -1);
        StoreFixtures.completeRun(store, config("a", "x", Map.of(), 3, 1), -1);
        List<StoredRun> runs = store.runs();
        assertEquals(List.of("a", "b", "b"), StoreFixtures.labels(runs));
        assertEquals(1, runs.get(1).config().seed());
    }

    @Test
    void theFingerprintIgnoresIdAndLabelButNothingElse() {
        RunConfig c = config("reinforce", "reinforce", Map.of("samples", "1"), 1, 3);
        assertEquals(16, c.fingerprint().length());
        assertEquals(c.fingerprint(), c.withRunId("other").withLabel("other").fingerprint());
        assertFalse(c.fingerprint().equals(config("reinforce", "reinforce",
                Map.of("samples", "2"), 1, 3).fingerprint()));
        assertFalse(c.fingerprint().equals(config("reinforce", "reinforce",
                Map.of("samples", "1"), 2, 3).fingerprint()));
    }

    /** The configuration of a run written before the bound on log p(x) existed. */
    private static RunConfig beforeTheBound() {
        return new RunConfig("gs-1", "gumbel-softmax:tau=0.5", "gumbel-softmax",
                Map.of("tau", "0.5", "tau-min", "0.5"), false, 1, 2, 100, 1e-3,
                "784-200-(20x10)-200-784", "synthetic", 7, "dynamic", 1000, 200,
                new RunConfig.ProbeSettings(1, 50, 100, "exact"), 3, 0);
    }

    @Test
    void aRunWithoutTheBoundKeepsTheFingerprintItHadBeforeTheSettingExisted() {
        // Computed by the code before iwSamples was added (commit 8c924c3): a store written
        // then must find its runs again, so the same sweep does not train them twice.
        assertEquals("170f8d75532dfb6d", beforeTheBound().fingerprint());
        RunConfig withBound = new RunConfig("gs-1", "gumbel-softmax:tau=0.5", "gumbel-softmax",
                Map.of("tau", "0.5", "tau-min", "0.5"), false, 1, 2, 100, 1e-3,
                "784-200-(20x10)-200-784", "synthetic", 7, "dynamic", 1000, 200,
                new RunConfig.ProbeSettings(1, 50, 100, "exact"), 3, 5);
        assertFalse(withBound.fingerprint().equals(beforeTheBound().fingerprint()),
                "asking for the bound is another run");
    }

    @Test
    void filesWrittenBeforeTheBoundExistedStillRead() throws IOException {
        ResultsStore store = ResultsStore.at(dir);
        Path run = store.runDirectory("gs-1");
        Files.createDirectories(run);
        // As the store wrote them before iwSamples, testIwBound and iwBoundSeconds.
        Files.writeString(run.resolve(ResultsStore.CONFIG), """
                {"runId":"gs-1","label":"gumbel-softmax:tau=0.5","estimator":"gumbel-softmax",
                 "options":{"tau":"0.5","tau-min":"0.5"},"unbiased":false,"seed":1,"epochs":2,
                 "batchSize":100,"learningRate":0.001,"architecture":"784-200-(20x10)-200-784",
                 "data":"synthetic","dataSeed":7,"binarisation":"dynamic","trainExamples":1000,
                 "testExamples":200,"probe":{"every":1,"estimates":50,"batchSize":100,
                 "reference":"exact"},"imageCount":3}
                """);
        Files.writeString(run.resolve(ResultsStore.SUMMARY), """
                {"completedAt":"2026-01-01T00:00:00Z","epochs":2,"steps":20,
                 "finalTestElbo":-190.25,"wallSeconds":3.5}
                """);
        StoredRun read = store.read("gs-1");
        assertEquals(beforeTheBound(), read.config());
        assertEquals(0, read.config().iwSamples());
        assertEquals(RunSummary.withoutBound("2026-01-01T00:00:00Z", 2, 20, -190.25, 3.5),
                read.summary());
        assertNull(read.summary().testIwBound());
        assertFalse(read.summary().hasIwBound());
    }

    @Test
    void runIdsMustNameADirectoryInsideTheStore() {
        ResultsStore store = ResultsStore.at(dir);
        assertThrows(IllegalArgumentException.class, () -> store.runDirectory("../escape"));
        assertThrows(IllegalArgumentException.class, () -> store.runDirectory(""));
    }
}

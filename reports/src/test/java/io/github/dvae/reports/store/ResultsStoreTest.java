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
                Map.of("tau", "0.5", "tau-min", "0.5"), false, 1, Map.of("epochs", "2",
                        "learning-rate", "0.001", "probe-every", "1", "iw-samples", "1000"));
        EpochRecord e1 = new EpochRecord(1, 10, 1.5, 1.5, Map.of("train-elbo", -200.5,
                "test-elbo", -190.25, "estimator.tau", 0.5));
        EpochRecord diverged = new EpochRecord(2, 20, 1.5, 3.0, Map.of("train-elbo",
                Double.NaN, "test-elbo", Double.NEGATIVE_INFINITY));
        ProbeRecord p0 = new ProbeRecord(0, 0, 0.1, 0.2, Map.of("log10-variance", -3.5));
        ProbeRecord p1 = new ProbeRecord(1, 10, 1.7, 0.2, Map.of("log10-variance", -3.7,
                "bias-relative-error", 0.3));
        RunImages images = StoreFixtures.images(3);
        RunSummary summary = new RunSummary("2026-01-01T00:00:00Z", 2, 20, 3.5,
                Map.of("iw-bound", -185.125, "iw-bound-seconds", 1.25));
        RunSummary written;
        try (RunWriter w = store.start(c, environment(), StoreFixtures.METRICS)) {
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
        assertEquals(StoreFixtures.METRICS, read.metrics());
        assertEquals(List.of(e1, diverged), read.epochs());
        assertEquals(List.of(p0, p1), read.probes());
        assertEquals(images, read.images());
        assertEquals(written, read.summary());
        assertTrue(read.complete());
        assertEquals(List.of(read), store.runs());
        assertEquals(-185.125, read.last(read.metric("iw-bound").orElseThrow()).getAsDouble());
        assertEquals(-3.7, read.last(read.metric("log10-variance").orElseThrow())
                .getAsDouble());
        assertTrue(Double.isInfinite(read.last(read.metric("test-elbo").orElseThrow())
                .getAsDouble()));
        assertTrue(read.last(read.metric("snr").orElseThrow()).isEmpty(), "not measured");
    }

    @Test
    void aRunGoesFromAbsentToIncompleteToComplete() throws IOException {
        ResultsStore store = ResultsStore.at(dir);
        RunConfig c = config("reinforce", "reinforce", Map.of(), 1, 2);
        assertEquals(RunState.ABSENT, store.state(c.runId()));
        try (RunWriter w = store.start(c, environment(), StoreFixtures.METRICS)) {
            w.epoch(StoreFixtures.epoch(1, 2, -100));
            assertEquals(RunState.INCOMPLETE, store.state(c.runId()));
            assertEquals(1, store.read(c.runId()).epochs().size(),
                    "an epoch must be readable as soon as it is written");
            w.complete(new RunSummary("t", 1, 10, 1, Map.of()));
        }
        assertEquals(RunState.COMPLETE, store.state(c.runId()));
        assertThrows(IllegalStateException.class, () -> store.start(c, environment(), StoreFixtures.METRICS));
    }

    @Test
    void restartingAnIncompleteRunForgetsTheEarlierAttempt() throws IOException {
        ResultsStore store = ResultsStore.at(dir);
        RunConfig c = config("reinforce", "reinforce", Map.of(), 1, 3);
        StoreFixtures.interruptedRun(store, c, 2);
        try (RunWriter w = store.start(c, environment(), StoreFixtures.METRICS)) {
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
        assertThrows(IllegalStateException.class, () -> store.start(other, environment(), StoreFixtures.METRICS));
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

    @Test
    void settingsReadBackTypedAndANeutralValueIsLeftOutOfTheFingerprint() {
        Setting<Integer> samples = Setting.integer("iw-samples", "K", 0);
        Setting<Integer> epochs = Setting.integer("epochs", "epochs", null);
        RunConfig c = config("reinforce", "reinforce", Map.of(), 1, 3);
        assertEquals(3, c.get(epochs));
        assertEquals(0, c.get(samples), "absent: the neutral value");
        assertEquals(c, c.with(samples, 0), "a neutral value is not recorded");
        assertEquals(c.fingerprint(), c.with(samples, 0).fingerprint());
        RunConfig bound = c.with(samples, 1000);
        assertEquals("1000", bound.settings().get("iw-samples"));
        assertEquals(1000, bound.get(samples));
        assertFalse(bound.fingerprint().equals(c.fingerprint()), "another run");
        assertThrows(IllegalStateException.class,
                () -> c.get(Setting.integer("missing", "no neutral value", null)));
    }

    @Test
    void storesWrittenBeforeMetricsAndSettingsWereGenericStillRead() throws IOException {
        ResultsStore store = ResultsStore.at(dir);
        Path run = store.runDirectory("gs-1");
        Files.createDirectories(run);
        // As the store wrote them with one record component per setting and per metric.
        Files.writeString(run.resolve(ResultsStore.CONFIG), """
                {"runId":"gs-1","label":"gumbel-softmax:tau=0.5","estimator":"gumbel-softmax",
                 "options":{"tau":"0.5","tau-min":"0.5"},"unbiased":false,"seed":1,"epochs":2,
                 "batchSize":100,"learningRate":0.001,"architecture":"784-200-(20x10)-200-784",
                 "data":"synthetic","dataSeed":7,"binarisation":"dynamic","trainExamples":1000,
                 "testExamples":200,"probe":{"every":1,"estimates":50,"batchSize":100,
                 "reference":"exact"},"imageCount":3,"iwSamples":1000}
                """);
        Files.writeString(run.resolve(ResultsStore.EPOCHS), """
                {"epoch":1,"step":10,"trainElbo":-200.5,"testElbo":-190.25,                "testReconstruction":-170,"testKl":20.25,"epochSeconds":1.5,                "elapsedSeconds":1.5,"diagnostics":{"tau":0.5}}
                """);
        Files.writeString(run.resolve(ResultsStore.PROBES), """
                {"epoch":1,"step":10,"estimates":50,"batchSize":100,"log10Variance":-3.7,                "signalToNoise":0.2,"logitLog10Variance":-2.1,"bias":{"reference":"exact",                "relativeError":0.3,"cosine":0.95,"maxAbsZ":2.5},"seconds":0.2}
                """);
        Files.writeString(run.resolve(ResultsStore.SUMMARY), """
                {"completedAt":"2026-01-01T00:00:00Z","epochs":2,"steps":20,
                 "finalTestElbo":-190.25,"wallSeconds":3.5,"testIwBound":-185.5,
                 "iwBoundSeconds":1.25}
                """);
        StoredRun read = store.read("gs-1");
        assertEquals(Map.ofEntries(Map.entry("epochs", "2"), Map.entry("batch-size", "100"),
                Map.entry("learning-rate", "0.001"),
                Map.entry("architecture", "784-200-(20x10)-200-784"),
                Map.entry("data", "synthetic"), Map.entry("data-seed", "7"),
                Map.entry("binarisation", "dynamic"), Map.entry("train-examples", "1000"),
                Map.entry("test-examples", "200"), Map.entry("probe-every", "1"),
                Map.entry("probe-estimates", "50"), Map.entry("probe-batch", "100"),
                Map.entry("probe-reference", "exact"), Map.entry("iw-samples", "1000")),
                new java.util.HashMap<>(read.config().settings()));
        assertEquals(new EpochRecord(1, 10, 1.5, 1.5, Map.of("train-elbo", -200.5,
                "test-elbo", -190.25, "test-reconstruction", -170.0, "test-kl", 20.25,
                "estimator.tau", 0.5)), read.epochs().get(0));
        assertEquals(Map.of("log10-variance", -3.7, "snr", 0.2, "logit-log10-variance", -2.1,
                "bias-relative-error", 0.3, "bias-cosine", 0.95, "bias-max-z", 2.5),
                new java.util.HashMap<>(read.probes().get(0).values()));
        assertEquals(new RunSummary("2026-01-01T00:00:00Z", 2, 20, 3.5, Map.of("iw-bound",
                -185.5, "iw-bound-seconds", 1.25)), read.summary());
        assertTrue(read.damaged(), "two epochs said, one recorded: " + read.damage());
        assertTrue(read.metric("estimator.tau").isPresent(), "its diagnostics are metrics");
        assertTrue(read.metric("test-elbo").isPresent());
    }

    @Test
    void runIdsMustNameADirectoryInsideTheStore() {
        ResultsStore store = ResultsStore.at(dir);
        assertThrows(IllegalArgumentException.class, () -> store.runDirectory("../escape"));
        assertThrows(IllegalArgumentException.class, () -> store.runDirectory(""));
    }
}

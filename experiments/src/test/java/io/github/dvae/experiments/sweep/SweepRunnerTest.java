package io.github.dvae.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.experiments.environment.EnvironmentCapture;
import io.github.dvae.experiments.progress.SweepProgress;
import io.github.dvae.reports.store.EpochRecord;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.RunState;
import io.github.dvae.reports.store.StoredRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepRunnerTest {

    @TempDir
    Path dir;

    private static SweepRunner.Outcome run(SweepPlan plan, Path store, int jobs, StringWriter log)
            throws InterruptedException {
        return new SweepRunner(plan, ResultsStore.at(store), jobs, 1, EnvironmentCapture.read(),
                new SweepProgress(new PrintWriter(log, true), false)).run();
    }

    @Test
    void aRerunSkipsCompleteRunsAndRestartsAnInterruptedOneCleanly() throws Exception {
        SweepPlan plan = SweepPlan.prepare(SweepFixtures.tiny(List.of("reinforce",
                "gumbel-softmax"), List.of(1L), dir));
        ResultsStore store = ResultsStore.at(dir);
        SweepRunner.Outcome first = run(plan, dir, 1, new StringWriter());
        assertEquals(2, first.trained());
        assertEquals(0, first.skipped());

        RunConfig kept = plan.runs().get(0);
        RunConfig broken = plan.runs().get(1);
        Path keptSummary = store.runDirectory(kept.runId()).resolve("summary.json");
        FileTime keptTime = Files.getLastModifiedTime(keptSummary);
        // Interrupt the second run after the fact: no summary, a torn line at the end.
        Path brokenDir = store.runDirectory(broken.runId());
        Files.delete(brokenDir.resolve("summary.json"));
        Files.writeString(brokenDir.resolve("epochs.jsonl"), "{\"epoch\":2,\"st",
                java.nio.file.StandardOpenOption.APPEND);
        assertEquals(RunState.INCOMPLETE, store.state(broken.runId()));

        StringWriter log = new StringWriter();
        SweepRunner.Outcome second = run(plan, dir, 1, log);
        assertEquals(1, second.trained(), log.toString());
        assertEquals(1, second.skipped());
        assertTrue(log.toString().contains("reinforce seed 1  complete in the store, skipped"),
                log.toString());
        assertEquals(keptTime, Files.getLastModifiedTime(keptSummary), "a complete run is "
                + "not touched");
        StoredRun restarted = store.read(broken.runId());
        assertTrue(restarted.complete());
        assertEquals(1, restarted.epochs().size(), "the restarted run starts from nothing");
        assertEquals(List.of("config.json", "environment.json", "epochs.jsonl", "images.json",
                "metrics.json", "summary.json"), files(brokenDir));
    }

    @Test
    void parallelRunsGiveExactlyTheResultsOfSequentialOnes() throws Exception {
        SweepPlan plan = SweepPlan.prepare(SweepFixtures.tiny(List.of("reinforce",
                "gumbel-softmax"), List.of(1L, 2L), dir));
        run(plan, dir.resolve("sequential"), 1, new StringWriter());
        run(plan, dir.resolve("parallel"), 2, new StringWriter());
        for (RunConfig r : plan.runs()) {
            List<EpochRecord> a = ResultsStore.at(dir.resolve("sequential")).read(r.runId())
                    .epochs();
            List<EpochRecord> b = ResultsStore.at(dir.resolve("parallel")).read(r.runId())
                    .epochs();
            assertEquals(a.get(0).value("test-elbo"), b.get(0).value("test-elbo"), r.runId());
            assertEquals(a.get(0).value("train-elbo"), b.get(0).value("train-elbo"),
                    r.runId());
        }
        // Different seeds are different runs, not copies.
        assertTrue(ResultsStore.at(dir.resolve("parallel")).read(plan.runs().get(0).runId())
                .epochs().get(0).value("test-elbo") != ResultsStore.at(dir.resolve("parallel"))
                .read(plan.runs().get(1).runId()).epochs().get(0).value("test-elbo"));
    }

    @Test
    void aRunWhoseSummaryIsTruncatedIsRedoneNamingTheFileAndAHeldRunIsLeftAlone()
            throws Exception {
        SweepPlan plan = SweepPlan.prepare(SweepFixtures.tiny(List.of("reinforce",
                "gumbel-softmax"), List.of(1L), dir));
        ResultsStore store = ResultsStore.at(dir);
        assertEquals(2, run(plan, dir, 1, new StringWriter()).trained());
        RunConfig damaged = plan.runs().get(0);
        Path summary = store.runDirectory(damaged.runId()).resolve("summary.json");
        Files.writeString(summary, Files.readString(summary).substring(0, 40));
        assertEquals(RunState.DAMAGED, store.state(damaged.runId()));

        StringWriter log = new StringWriter();
        SweepRunner.Outcome again = run(plan, dir, 1, log);
        assertEquals(1, again.trained(), log.toString());
        assertEquals(1, again.skipped());
        assertTrue(log.toString().contains("damaged, redone: " + summary), log.toString());
        assertEquals(RunState.COMPLETE, store.state(damaged.runId()));

        // A run this process holds (as another process would) is not touched by the sweep
        // until released: the sweep then finds it complete or trains it.
        RunConfig other = plan.runs().get(1);
        Files.delete(store.runDirectory(other.runId()).resolve("summary.json"));
        try (var claim = store.claim(other.runId()).orElseThrow()) {
            assertTrue(store.claim(other.runId()).isEmpty());
        }
        assertEquals(1, run(plan, dir, 1, new StringWriter()).trained());
    }

    private static List<String> files(Path d) throws IOException {
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}

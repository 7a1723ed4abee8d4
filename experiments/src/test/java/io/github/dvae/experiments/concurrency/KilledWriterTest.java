package io.github.dvae.experiments.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.experiments.cli.DvaeCommand;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunClaim;
import io.github.dvae.reports.store.StoredRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed with SIGKILL (no shutdown hook, no finally) at random points, fixed by a
 * seed: after every kill, every run that has a summary holds exactly what it states and the dead
 * writer's claims are free; the same command then completes the sweep, and its numbers are those
 * of a sweep never interrupted (a restarted run starts from nothing, from its own seed).
 */
class KilledWriterTest {

    /** Milliseconds after the child starts its work at which it is killed, one per round. */
    static final List<Integer> KILL_POINTS;

    static {
        Random seeded = new Random(8);
        List<Integer> points = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            points.add(seeded.nextInt(3000));
        }
        KILL_POINTS = List.copyOf(points);
    }

    @TempDir
    Path dir;

    /** A run's per-epoch numbers, wall times left out. */
    private static List<List<Object>> metrics(StoredRun run) {
        return run.epochs().stream().map(e -> {
            java.util.Map<String, Double> values = new java.util.TreeMap<>(e.values());
            values.remove("step-seconds");
            return List.<Object>of(e.epoch(), e.step(), values);
        }).toList();
    }

    @Test
    void aKilledWriterNeverLeavesARunWhoseRecordsContradictItsSummary() throws Exception {
        Path store = dir.resolve("store");
        StringBuilder rounds = new StringBuilder();
        int kills = 0;
        for (int round = 0; round < KILL_POINTS.size(); round++) {
            ChildRunner child = ChildRunner.start(dir, "killed" + round,
                    TwoWritersTest.sweep(store));
            assertTrue(child.awaitOutput("  store ", 120_000), child.out() + child.err());
            Thread.sleep(KILL_POINTS.get(round));
            child.signal("KILL");
            // A late round may find little left to do and finish before its kill point (exit 0):
            // the store is audited all the same, and the first round's early kill always lands.
            int code = child.await(60);
            assertTrue(code == 137 || code == 0, "killed by SIGKILL or finished first, got "
                    + code + ": " + child.err());
            kills += code == 137 ? 1 : 0;

            List<String> complete = StoreAudit.completeRuns(store);
            rounds.append("kill after ").append(KILL_POINTS.get(round)).append(" ms: ")
                    .append(complete.size()).append(" complete; ");
            ResultsStore results = ResultsStore.at(store);
            for (StoredRun r : results.runs()) {
                assertTrue(r.complete() || r.summary() == null, r.config().runId()
                        + " has a summary it contradicts: " + r.damage());
                // The operating system released the dead process's claims.
                Optional<RunClaim> claim = results.claim(r.config().runId());
                assertTrue(claim.isPresent(), r.config().runId() + " is still claimed");
                claim.get().close();
            }
        }
        assertTrue(kills >= 1, "no round was killed mid-work: " + rounds);
        ChildRunner last = ChildRunner.start(dir, "resumed", TwoWritersTest.sweep(store));
        assertEquals(0, last.await(180), rounds + "\n" + last.out() + last.err());
        assertEquals(TwoWritersTest.RUNS, StoreAudit.completeRuns(store).size(), rounds.toString());

        Path reference = dir.resolve("reference");
        List<String> args = new ArrayList<>(TwoWritersTest.sweep(reference));
        StringWriter out = new StringWriter();
        assertEquals(0, DvaeCommand.execute(args.toArray(String[]::new), false,
                new PrintWriter(out), new PrintWriter(new StringWriter())), out.toString());
        for (StoredRun r : ResultsStore.at(reference).runs()) {
            StoredRun resumed = ResultsStore.at(store).read(r.config().runId());
            assertEquals(metrics(r), metrics(resumed), rounds + r.config().runId());
            assertEquals(r.summary().values(), resumed.summary().values());
        }
    }
}

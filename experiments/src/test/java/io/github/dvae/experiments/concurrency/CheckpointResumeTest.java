package io.github.dvae.experiments.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.state.StateInput;
import io.github.dvae.experiments.cli.DvaeCommand;
import io.github.dvae.experiments.sweep.SweepRunner;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.StoreRecords;
import io.github.dvae.reports.store.StoredRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep with stateful estimators (NVIL's learned baseline, REBAR's running eta and tuned
 * lambda) killed with SIGKILL at a random step after its first checkpoint: the same command
 * continues each interrupted run from its checkpoint, and every record (epochs with every
 * metric, probes, the summary, the images; wall times aside) equals that of a sweep never
 * interrupted. The basket is on, so the first configuration's run also measures both
 * estimators at each probe: its records survive the checkpoint and continue identically too.
 */
class CheckpointResumeTest {

    /** Checkpoints at steps that fall inside epochs (30 steps each) and at their ends. */
    static final List<String> SWEEP = List.of("-e", "reinforce:baseline=learned",
            "rebar:eta=auto", "--seeds", "3", "--epochs", "3", "-a", "784-32-(8x10)-32-784",
            "--train-limit", "600", "--test-limit", "100", "--batch-size", "20",
            "--probe-every", "1", "--probe-estimates", "4", "--probe-batch", "20", "--images",
            "2", "--jobs", "1", "--blas-threads", "1", "--checkpoint-every", "6", "--basket",
            "on");

    @TempDir
    Path dir;

    static List<String> sweep(Path store) {
        List<String> args = new ArrayList<>(SWEEP);
        args.add("--output");
        args.add(store.toString());
        return args;
    }

    @Test
    void aRunKilledAtARandomStepContinuesBitIdentically() throws Exception {
        Path store = dir.resolve("store");
        Path checkpoints = store.resolve(SweepRunner.CHECKPOINTS);
        ChildRunner child = ChildRunner.start(dir, "killed", sweep(store));
        long end = System.currentTimeMillis() + 120_000;
        while (!hasCheckpoint(checkpoints) && child.process().isAlive()
                && System.currentTimeMillis() < end) {
            Thread.sleep(5);
        }
        int delay = new Random(12).nextInt(400);
        Thread.sleep(delay);
        child.signal("KILL");
        assertEquals(137, child.await(60), child.out() + child.err());
        List<String> left = checkpointed(checkpoints);
        assertFalse(left.isEmpty(), "killed " + delay + " ms after the first checkpoint, no run "
                + "was left with one");
        ResultsStore results = ResultsStore.at(store);
        StringBuilder positions = new StringBuilder();
        for (String runId : left) {
            RunConfig config = results.read(runId).config();
            StateInput in = SweepRunner.checkpoint(results, runId, 0).read(config).orElseThrow();
            long step = in.readLong("run.position");
            assertTrue(step > 0, "a checkpoint at the very start");
            positions.append(runId).append(" at step ").append(step).append("; ");
        }

        StringWriter out = new StringWriter();
        assertEquals(0, DvaeCommand.execute(sweep(store).toArray(String[]::new), false,
                new PrintWriter(out), new PrintWriter(new StringWriter())), out.toString());
        assertTrue(checkpointed(checkpoints).isEmpty(), "complete runs keep no checkpoint");

        Path reference = dir.resolve("reference");
        List<String> args = new ArrayList<>(sweep(reference));
        args.set(args.indexOf("--checkpoint-every") + 1, "0");
        assertEquals(0, DvaeCommand.execute(args.toArray(String[]::new), false,
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter())));
        List<StoredRun> expected = ResultsStore.at(reference).runs();
        assertEquals(2, expected.size());
        assertEquals(2 * 4, expected.stream().mapToInt(r -> r.basket().size()).sum(),
                "one run measures both estimators at each of its 4 probes");
        for (StoredRun r : expected) {
            StoredRun resumed = results.read(r.config().runId());
            String what = positions + r.config().runId();
            assertTrue(resumed.complete(), what + ": " + resumed.damage());
            assertEquals(StoreRecords.results(r), StoreRecords.results(resumed), what);
        }
    }

    private static boolean hasCheckpoint(Path checkpoints) throws IOException {
        return !checkpointed(checkpoints).isEmpty();
    }

    /** Run ids with a complete checkpoint file. */
    static List<String> checkpointed(Path checkpoints) throws IOException {
        if (!Files.isDirectory(checkpoints)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(checkpoints)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".checkpoint"))
                    .map(n -> n.substring(0, n.length() - ".checkpoint".length())).toList();
        }
    }
}

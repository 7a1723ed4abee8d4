package io.github.dvae.experiments.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.core.state.StateInput;
import io.github.dvae.experiments.cli.DvaeCommand;
import io.github.dvae.experiments.sweep.SweepRunner;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunConfig;
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
 * continues each interrupted run from its checkpoint, and every record (epochs with their
 * diagnostics, probes, the summary, the images) equals that of a sweep never interrupted.
 */
class CheckpointResumeTest {

    /** Checkpoints at steps that fall inside epochs (30 steps each) and at their ends. */
    static final List<String> SWEEP = List.of("-e", "reinforce:baseline=learned",
            "rebar:eta=auto", "--seeds", "3", "--epochs", "3", "-a", "784-32-(8x10)-32-784",
            "--train-limit", "600", "--test-limit", "100", "--batch-size", "20",
            "--probe-every", "1", "--probe-estimates", "4", "--probe-batch", "20", "--images",
            "2", "--jobs", "1", "--blas-threads", "1", "--checkpoint-every", "6");

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
            long epoch = in.readLong("run.epoch");
            long step = in.readLong("run.step");
            assertTrue(epoch > 1 || step > 0, "a checkpoint at the very start");
            positions.append(runId).append(" at epoch ").append(epoch).append(" step ")
                    .append(step).append("; ");
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
        for (StoredRun r : expected) {
            StoredRun resumed = results.read(r.config().runId());
            String what = positions + r.config().runId();
            assertTrue(resumed.complete(), what + ": " + resumed.damage());
            assertEquals(epochs(r), epochs(resumed), what);
            assertEquals(probes(r), probes(resumed), what);
            assertEquals(r.images(), resumed.images(), what);
            assertEquals(r.summary().finalTestElbo(), resumed.summary().finalTestElbo(), what);
            assertEquals(r.summary().steps(), resumed.summary().steps(), what);
        }
    }

    /** Every number of every epoch record except the wall times. */
    static List<List<Object>> epochs(StoredRun run) {
        return run.epochs().stream().map(e -> List.<Object>of(e.epoch(), e.step(), e.trainElbo(),
                e.testElbo(), e.testReconstruction(), e.testKl(), e.diagnostics())).toList();
    }

    /** Every number of every probe record except its wall time. */
    static List<List<Object>> probes(StoredRun run) {
        return run.probes().stream().map(p -> List.<Object>of(p.epoch(), p.step(), p.estimates(),
                p.batchSize(), p.log10Variance(), p.signalToNoise(), p.logitLog10Variance(),
                String.valueOf(p.bias()))).toList();
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

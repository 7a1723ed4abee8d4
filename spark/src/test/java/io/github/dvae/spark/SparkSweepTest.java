package io.github.dvae.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.experiments.cli.DvaeCommand;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.StoreRecords;
import io.github.dvae.reports.store.StoredRun;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A four-run sweep on {@code local[2]} gives, record by record, the store the same sweep gives
 * in this process; a second Spark sweep into the same store trains nothing.
 */
class SparkSweepTest {

    /** Four runs of about a second each. */
    static final List<String> SWEEP = List.of("sweep", "-e", "reinforce:baseline=ema",
            "gumbel-softmax:tau=0.5", "--seeds", "1,2", "--epochs", "2", "-a",
            "784-64-(10x10)-64-784", "--train-limit", "400", "--test-limit", "100",
            "--batch-size", "50", "--probe-every", "1", "--probe-estimates", "4",
            "--probe-batch", "20", "--images", "2", "--blas-threads", "1");

    @TempDir
    Path dir;

    static int sweep(Path store, StringWriter out, String... more) {
        List<String> args = new ArrayList<>(SWEEP);
        args.addAll(List.of(more));
        args.add("--output");
        args.add(store.toString());
        return DvaeCommand.execute(args.toArray(String[]::new), false, new PrintWriter(out),
                new PrintWriter(out));
    }

    @Test
    void sparkRunsGiveTheLocalNumbersRecordByRecord() {
        StringWriter local = new StringWriter();
        long t0 = System.nanoTime();
        assertEquals(0, sweep(dir.resolve("local"), local, "--jobs", "1"), local.toString());
        long t1 = System.nanoTime();
        StringWriter spark = new StringWriter();
        assertEquals(0, sweep(dir.resolve("spark"), spark, "--engine", "spark", "--master",
                "local[2]"), spark.toString());
        long t2 = System.nanoTime();
        System.out.printf("quick sweep: local %.1f s, spark local[2] %.1f s%n", (t1 - t0) / 1e9,
                (t2 - t1) / 1e9);
        List<StoredRun> expected = ResultsStore.at(dir.resolve("local")).runs();
        ResultsStore actual = ResultsStore.at(dir.resolve("spark"));
        assertEquals(4, expected.size());
        assertEquals(4, actual.runs().size());
        for (StoredRun r : expected) {
            StoredRun s = actual.read(r.config().runId());
            String id = r.config().runId();
            assertTrue(s.complete(), id + ": " + s.damage());
            assertEquals(r.config(), s.config(), id);
            assertEquals(StoreRecords.results(r), StoreRecords.results(s), id);
        }
        StringWriter again = new StringWriter();
        assertEquals(0, sweep(dir.resolve("spark"), again, "--engine", "spark", "--master",
                "local[2]"), again.toString());
        assertTrue(!again.toString().contains("  done"), again.toString());
    }
}

package io.github.dvae.experiments.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.experiments.cli.DvaeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real processes run the same sweep into one store. The issue saw both train every run, a
 * run wiped under its writer, and records written twice. Here each run is trained by exactly one
 * of them, the second leaves the run the first is training alone (naming its PID), both end
 * with the whole sweep complete, and every run's records match its summary.
 */
class TwoWritersTest {

    /** Four runs of about a second each. */
    static final List<String> SWEEP = List.of("-e", "reinforce", "gumbel-softmax:tau=0.5",
            "--seeds", "1,2", "--epochs", "2", "-a", "784-64-(10x10)-64-784", "--train-limit",
            "400", "--test-limit", "100", "--batch-size", "50", "--probe-every", "1",
            "--probe-estimates", "4", "--probe-batch", "20", "--images", "2", "--jobs", "1",
            "--blas-threads", "1");

    /** Runs in {@link #SWEEP}. */
    static final int RUNS = 4;

    private static final Pattern DONE = Pattern.compile("\\] (.+ seed \\d+)  done:");

    @TempDir
    Path dir;

    static List<String> sweep(Path store) {
        List<String> args = new ArrayList<>(SWEEP);
        args.add("--output");
        args.add(store.toString());
        return args;
    }

    static List<String> trained(String out) {
        List<String> runs = new ArrayList<>();
        Matcher m = DONE.matcher(out);
        while (m.find()) {
            runs.add(m.group(1));
        }
        return runs;
    }

    @Test
    void twoSweepsOnOneStoreShareTheRunsAndNeitherWipesTheOther() throws Exception {
        Path store = dir.resolve("store");
        // Started together: each claims runs as it reaches them, so they meet on the store.
        ChildRunner first = ChildRunner.start(dir, "first", sweep(store));
        ChildRunner second = ChildRunner.start(dir, "second", sweep(store));
        // A report of the store while both write it reads what is there.
        assertTrue(first.awaitOutput("epoch 1/2", 120_000), first.out() + first.err());
        StringWriter reportOut = new StringWriter();
        StringWriter reportErr = new StringWriter();
        assertEquals(0, DvaeCommand.execute(new String[] {"report", store.toString(), "-o",
                dir.resolve("report-meanwhile").toString()}, false, new PrintWriter(reportOut),
                new PrintWriter(reportErr)), reportErr.toString());

        assertEquals(0, first.await(180), first.out() + first.err());
        assertEquals(0, second.await(180), second.out() + second.err());

        List<String> byFirst = trained(first.out());
        List<String> bySecond = trained(second.out());
        Set<String> all = new HashSet<>(byFirst);
        all.addAll(bySecond);
        assertEquals(RUNS, byFirst.size() + bySecond.size(), "each run trained once:\nfirst "
                + byFirst + "\nsecond " + bySecond);
        assertEquals(RUNS, all.size(), "no run trained by both: " + byFirst + " " + bySecond);
        assertTrue(second.out().contains("being trained by process " + first.pid())
                || first.out().contains("being trained by process " + second.pid()),
                "one found a run the other was training and left it alone, naming its PID:\n"
                        + first.out() + "\n" + second.out());
        for (ChildRunner c : List.of(first, second)) {
            List<String> lines = c.out().lines().toList();
            assertEquals(store.resolve("report/index.html").toString(),
                    lines.get(lines.size() - 1), "each ends with the report");
            assertTrue(c.out().contains("sweep done in"), c.out());
            assertTrue(c.err().isBlank(), c.err());
        }
        assertEquals(RUNS, StoreAudit.completeRuns(store).size());
    }
}

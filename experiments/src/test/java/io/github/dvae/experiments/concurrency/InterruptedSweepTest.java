package io.github.dvae.experiments.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.experiments.cli.DvaeCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT) to a real sweep: it says which runs are complete and which were interrupted,
 * that the same command resumes, writes the report of what is complete, and exits 130; the
 * same command then trains only what is missing.
 */
class InterruptedSweepTest {

    @TempDir
    Path dir;

    @Test
    void ctrlCReportsWhatIsCompleteAndTheSameCommandResumes() throws Exception {
        Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this process (started "
                + "in the background by a shell without job control), so a child would ignore "
                + "it too");
        Path store = dir.resolve("store");
        ChildRunner child = ChildRunner.start(dir, "interrupted", TwoWritersTest.sweep(store));
        assertTrue(child.awaitOutput("done:", 120_000), child.out() + child.err());
        child.signal("INT");
        assertEquals(130, child.await(120), child.out() + child.err());

        List<String> complete = StoreAudit.completeRuns(store);
        String err = child.err();
        assertTrue(complete.size() >= 1 && complete.size() < TwoWritersTest.RUNS, complete.toString());
        assertTrue(err.contains("dvae: interrupted. Complete (kept): " + complete.size()
                + " run(s): "), err);
        assertTrue(err.contains("dvae: interrupted, incomplete in the store: "), err);
        assertTrue(err.contains("the same command resumes"), err);
        assertTrue(!err.contains("Exception") && !err.contains("\tat "), err);
        List<String> lines = child.out().lines().toList();
        Path index = store.resolve("report/index.html");
        assertEquals(index.toString(), lines.get(lines.size() - 1), "the report's path last");
        assertTrue(Files.readString(index).contains(complete.size() + " complete run(s)"));

        StringWriter out = new StringWriter();
        assertEquals(0, DvaeCommand.execute(TwoWritersTest.sweep(store).toArray(String[]::new),
                false, new PrintWriter(out), new PrintWriter(new StringWriter())));
        assertTrue(out.toString().contains((TwoWritersTest.RUNS - complete.size()) + " trained, "
                + complete.size() + " already complete"), out.toString());
        assertEquals(TwoWritersTest.RUNS, StoreAudit.completeRuns(store).size());
    }

    /** Whether this process ignores SIGINT (bit 2 of SigIgn in /proc/self/status). */
    static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 2L) != 0;
            }
        }
        return false;
    }
}

package io.github.dvae.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.reports.store.EpochRecord;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.RunEnvironment;
import io.github.dvae.reports.store.RunSummary;
import io.github.dvae.reports.store.RunWriter;
import io.github.dvae.reports.store.Schedule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dvae compare} on two small stores built here: its summary, report and exit codes. */
class CompareCommandTest {

    private static final MetricSpec ELBO = new MetricSpec("test-elbo", "test ELBO",
            "nats per example", Schedule.EPOCH, true, true, MetricSpec.Direction.HIGHER, "");

    @TempDir
    Path dir;

    /** A store of {@code label} over seeds 1..3 with final test ELBOs {@code elbos}. */
    private Path store(String name, String label, double... elbos) throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve(name));
        RunEnvironment env = new RunEnvironment("t", "17", "v", "vm", "os", "cpu", 2, 1, "b",
                "blas", 1, 1, Map.of(), "", "");
        for (int i = 0; i < elbos.length; i++) {
            RunConfig c = new RunConfig(label + "-" + i, label, label, Map.of(), true, i + 1,
                    Map.of("epochs", "1"));
            try (RunWriter w = store.start(c, env, List.of(ELBO))) {
                w.epoch(new EpochRecord(1, 10, 1, 1, Map.of("test-elbo", elbos[i])));
                w.complete(new RunSummary("t", 1, 10, 2.0, Map.of()));
            }
        }
        return store.root();
    }

    @Test
    void aSignificantRegressionFailsOnlyWhenAskedAndTheSummaryIsMarkdown() throws IOException {
        Path base = store("base", "reinforce", -120, -121, -122);
        Path worse = store("worse", "reinforce", -130, -131, -132);

        CliRun plain = CliRun.of("compare", base.toString(), worse.toString());
        assertEquals(ExitCode.OK, plain.code(), plain.err());
        assertTrue(plain.out().startsWith("## dvae compare"), plain.out());
        assertTrue(plain.out().contains("| reinforce | -121.00 | -131.00 | -10.00 ["),
                plain.out());
        Path index = worse.resolve("compare/index.html");
        List<String> lines = plain.outLines();
        assertEquals(index.toString(), lines.get(lines.size() - 1), "the report's path last");
        assertTrue(Files.exists(worse.resolve("compare/comparison.md")));

        CliRun gated = CliRun.of("compare", base.toString(), worse.toString(),
                "--fail-on-regression", "-o", dir.resolve("cmp").toString());
        assertEquals(ExitCode.REGRESSION, gated.code(), gated.out());
        assertTrue(gated.err().contains("significantly worse"), gated.err());

        Path same = store("same", "reinforce", -120, -121, -122);
        CliRun unchanged = CliRun.of("compare", base.toString(), same.toString(),
                "--fail-on-regression");
        assertEquals(ExitCode.OK, unchanged.code(), unchanged.out());
    }

    @Test
    void aPathThatIsNoStoreIsAUsageError() throws IOException {
        Path base = store("base", "reinforce", -120, -121);
        CliRun run = CliRun.of("compare", base.toString(), dir.resolve("nothing").toString());
        assertEquals(ExitCode.USAGE, run.code());
        assertTrue(run.err().startsWith("dvae: no results store at "), run.err());
        assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
    }
}

package io.github.dvae.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunImages;
import io.github.dvae.reports.store.StoredRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole path on a tiny sweep: command line, training, store, probe, report, rebuild. */
class EndToEndTest {

    @TempDir
    Path dir;

    @Test
    void aTinySweepWritesItsStoreAndAReportWhosePathIsTheLastLine() throws Exception {
        Path store = dir.resolve("results");
        CliRun run = CliRun.of("--estimator", "reinforce", "gumbel-softmax:tau=0.5",
                "--seeds", "1,2", "--epochs", "3", "--train-limit", "200", "--test-limit", "100",
                "--batch-size", "50", "--architecture", "784-32-(3x4)-32-784",
                "--probe-every", "2", "--probe-estimates", "5", "--probe-batch", "20",
                "--images", "3", "--jobs", "2", "--output", store.toString());

        assertEquals(ExitCode.OK, run.code(), run.out() + run.err());
        List<String> lines = run.outLines();
        Path index = store.resolve("report/index.html");
        assertEquals(index.toString(), lines.get(lines.size() - 1));
        assertTrue(run.out().contains("4 trained, 0 already complete, 0 failed"), run.out());

        List<StoredRun> runs = ResultsStore.at(store).runs();
        assertEquals(4, runs.size());
        for (StoredRun r : runs) {
            assertTrue(r.complete(), r.config().runId());
            assertEquals(3, r.epochs().size());
            assertEquals(List.of(0, 2, 3), r.probes().stream().map(p -> p.epoch()).toList(),
                    "before training, every 2 epochs, and after the last");
            assertTrue(r.probes().get(0).values().containsKey("bias-relative-error"),
                    "3x4 latents enumerate: bias measured");
            assertEquals(RunImages.KEPT, r.images().originals().count(),
                    "runs keep their images; --images says how many the report shows");
            assertEquals(2 * RunImages.KEPT, r.images().samples().count());
            assertTrue(Double.isFinite(r.epochs().get(2).value("test-elbo")));
            assertTrue(r.metric("test-bits-per-pixel").isPresent(),
                    "every discovered metric is recorded");
            assertTrue(r.environment().cores() >= 1 && !r.environment().javaVersion().isEmpty());
        }
        assertEquals(2, runs.stream().filter(r -> r.config().label()
                .equals("gumbel-softmax:tau=0.5")).count());
        String html = Files.readString(index);
        assertTrue(html.contains("<td>reinforce</td><td class=\"num\">2</td>")
                || html.contains("<td>reinforce †</td><td class=\"num\">2</td>"), html);
        assertTrue(html.contains("<td>gumbel-softmax:tau=0.5</td><td class=\"num\">2</td>")
                || html.contains("<td>gumbel-softmax:tau=0.5 †</td><td class=\"num\">2</td>"));
        for (String figure : List.of("test-elbo-steps", "train-elbo-seconds",
                "gradient-variance-steps", "variance-bias", "work-normalised-variance")) {
            assertTrue(html.contains(figure + ".svg"), figure);
            for (String ext : List.of(".svg", ".png", ".csv")) {
                assertTrue(Files.size(store.resolve("report").resolve(figure + ext)) > 100,
                        figure + ext);
            }
        }

        // The same command again trains nothing and rebuilds the report.
        CliRun again = CliRun.of("--estimator", "reinforce", "gumbel-softmax:tau=0.5",
                "--seeds", "1,2", "--epochs", "3", "--train-limit", "200", "--test-limit", "100",
                "--batch-size", "50", "--architecture", "784-32-(3x4)-32-784",
                "--probe-every", "2", "--probe-estimates", "5", "--probe-batch", "20",
                "--images", "3", "--jobs", "2", "--output", store.toString());
        assertEquals(ExitCode.OK, again.code());
        assertTrue(again.out().contains("0 trained, 4 already complete"), again.out());

        // The report command rebuilds it elsewhere from the store alone.
        Path elsewhere = dir.resolve("rebuilt");
        CliRun report = CliRun.of("report", store.toString(), "--output", elsewhere.toString());
        assertEquals(ExitCode.OK, report.code(), report.err());
        assertEquals(elsewhere.resolve("index.html").toString(), report.out().strip());
        String rebuilt = Files.readString(elsewhere.resolve("index.html"));
        assertEquals(table(html), table(rebuilt));
    }

    private static String table(String html) {
        int start = html.indexOf("<table id=\"final-table\">");
        return html.substring(start, html.indexOf("</table>", start));
    }
}

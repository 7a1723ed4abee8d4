package io.github.dvae.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.experiments.metric.IwBound;
import io.github.dvae.experiments.metric.StepSeconds;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.StoredRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --iw-samples} from the command line to the report, on one tiny sweep: a categorical
 * configuration gets the importance-weighted bound on log p(x); a Gaussian and a VQ-VAE one (no
 * posterior density to weigh by) finish without it and show "-". A second sweep without the
 * option shows that turning the bound on changes no other number.
 */
class IwBoundEndToEndTest {

    /**
     * How far below the run's test ELBO the IW-5 bound may fall. Both are estimates over the
     * same 100 test images: measured on this run's model over 500 independent draws of both
     * (when the bound was added), the bound minus the ELBO had mean +3.06 nats, standard deviation
     * 0.53 and minimum +1.40. A bound 1 nat below the ELBO is more than 7 standard deviations
     * from that mean; a bound summed instead of averaged, or of another quantity, falls far
     * outside.
     */
    private static final double MARGIN = 1.0;

    @TempDir
    static Path dir;

    static Path withBound;
    static Path withoutBound;
    static CliRun run;

    private static List<String> args(String... extra) {
        List<String> a = new ArrayList<>(List.of("--estimator", "gumbel-softmax:tau=0.5",
                "gaussian", "vq", "--seeds", "1", "--epochs", "3", "--train-limit", "200",
                "--test-limit", "100", "--batch-size", "50", "--architecture",
                "784-32-(3x4)-32-784", "--probe-every", "0", "--images", "0", "--jobs", "2"));
        a.addAll(List.of(extra));
        return a;
    }

    @BeforeAll
    static void sweep() {
        withBound = dir.resolve("with");
        withoutBound = dir.resolve("without");
        run = CliRun.of(args("--iw-samples", "5", "--output", withBound.toString())
                .toArray(String[]::new));
        assertEquals(ExitCode.OK, run.code(), run.out() + run.err());
        CliRun plain = CliRun.of(args("--output", withoutBound.toString())
                .toArray(String[]::new));
        assertEquals(ExitCode.OK, plain.code(), plain.out() + plain.err());
    }

    private static StoredRun stored(Path store, String label) {
        return ResultsStore.at(store).runs().stream()
                .filter(r -> r.config().label().equals(label)).findFirst()
                .orElseThrow(() -> new AssertionError("no run " + label + " in " + store));
    }

    private static double bound(StoredRun run) {
        return run.summary().value(IwBound.NAME);
    }

    private static double finalElbo(StoredRun run) {
        return run.epochs().get(run.epochs().size() - 1).value("test-elbo");
    }

    @Test
    void aCategoricalRunRecordsAFiniteBoundAboveItsElboAndTheReportShowsIt() throws Exception {
        StoredRun gumbel = stored(withBound, "gumbel-softmax:tau=0.5");
        assertEquals(5, gumbel.config().get(IwBound.SAMPLES),
                "recorded in the resolved configuration");
        assertTrue(Files.readString(ResultsStore.at(withBound)
                .runDirectory(gumbel.config().runId()).resolve("config.json"))
                .contains("\"iw-samples\" : \"5\""), "and in config.json");
        double elbo = finalElbo(gumbel);
        double bound = bound(gumbel);
        assertTrue(Double.isFinite(bound), "bound " + bound);
        assertTrue(bound >= elbo - MARGIN, "IW-5 " + bound + " vs test ELBO " + elbo);
        assertTrue(bound < 0, "a log-probability of binary images: " + bound);
        double seconds = gumbel.summary().value(IwBound.SECONDS);
        assertTrue(seconds > 0 && seconds <= gumbel.summary().wallSeconds(),
                "timed, within the run's wall time");
        assertTrue(run.out().contains("iw-bound " + String.format(Locale.ROOT, "%.4g", bound)),
                run.out());

        String html = Files.readString(withBound.resolve("report/index.html"));
        int column = header(html).indexOf("test log p(x) &gt;= (IW) (nats per example)");
        assertTrue(column > 0, "column header");
        assertEquals(String.format(Locale.ROOT, "%.2f", bound),
                row(html, "gumbel-softmax:tau=0.5").get(column), "one seed: the mean alone");
        assertTrue(html.contains("iw-samples 5"), "the caption names K");
    }

    @Test
    void theGaussianReferenceRowHasABoundAndVqFinishesWithoutOneShowingADash() throws Exception {
        assertTrue(run.out().contains("3 trained, 0 already complete, 0 failed"), run.out());
        String html = Files.readString(withBound.resolve("report/index.html"));
        StoredRun gaussian = stored(withBound, "gaussian");
        assertTrue(bound(gaussian) >= finalElbo(gaussian) - MARGIN,
                "gaussian: IW-5 " + bound(gaussian) + " vs test ELBO " + finalElbo(gaussian));
        StoredRun vq = stored(withBound, "vq");
        assertTrue(vq.complete());
        assertEquals(5, vq.config().get(IwBound.SAMPLES));
        assertTrue(vq.metric(IwBound.NAME).isEmpty(), "vq: a deterministic code has no density");
        assertTrue(vq.summary().values().isEmpty());
        assertTrue(Double.isFinite(finalElbo(vq)));
        int column = header(html).indexOf("test log p(x) &gt;= (IW) (nats per example)");
        assertEquals("-", row(html, "vq").get(column));
    }

    @Test
    void turningTheBoundOnChangesNoOtherNumberButMakesAnotherRun() {
        for (String label : List.of("gumbel-softmax:tau=0.5", "gaussian", "vq")) {
            StoredRun on = stored(withBound, label);
            StoredRun off = stored(withoutBound, label);
            assertTrue(off.summary().values().isEmpty(), "off by default");
            assertEquals(0, off.config().get(IwBound.SAMPLES));
            assertFalse(off.config().settings().containsKey("iw-samples"),
                    "off is not recorded, so older runs keep their ids");
            assertNotEquals(on.config().runId(), off.config().runId(), "another setting");
            assertEquals(off.epochs().size(), on.epochs().size());
            for (int e = 0; e < on.epochs().size(); e++) {
                Map<String, Double> a = new java.util.TreeMap<>(on.epochs().get(e).values());
                Map<String, Double> b = new java.util.TreeMap<>(off.epochs().get(e).values());
                a.remove(StepSeconds.NAME); // wall time, not a result
                b.remove(StepSeconds.NAME);
                assertEquals(b, a, label + " epoch " + (e + 1));
            }
        }
    }

    /** The header cells of the final table. */
    private static List<String> header(String html) {
        int start = html.indexOf("<table id=\"final-table\">");
        assertTrue(start >= 0, "final table");
        Matcher m = Pattern.compile("<th>(.*?)</th>").matcher(html.substring(start,
                html.indexOf("</tr>", start)));
        List<String> cells = new ArrayList<>();
        while (m.find()) {
            cells.add(m.group(1));
        }
        return cells;
    }

    /** The cells of the final table's row whose first cell is {@code first}. */
    private static List<String> row(String html, String first) {
        int start = html.indexOf("<table id=\"final-table\">");
        assertTrue(start >= 0, "final table");
        String table = html.substring(start, html.indexOf("</table>", start));
        for (String tr : table.split("<tr[^>]*>")) {
            Matcher m = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(tr);
            List<String> cells = new ArrayList<>();
            while (m.find()) {
                cells.add(m.group(1));
            }
            if (!cells.isEmpty() && cells.get(0).replace(" †", "").equals(first)) {
                return cells;
            }
        }
        throw new AssertionError("no row " + first + " in:\n" + table);
    }
}

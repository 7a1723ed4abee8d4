package io.github.dvae.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.reports.store.EpochRecord;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.StoredRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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

    @Test
    void aCategoricalRunRecordsAFiniteBoundAboveItsElboAndTheReportShowsIt() throws Exception {
        StoredRun gumbel = stored(withBound, "gumbel-softmax:tau=0.5");
        assertEquals(5, gumbel.config().iwSamples(), "recorded in the resolved configuration");
        assertTrue(Files.readString(ResultsStore.at(withBound)
                .runDirectory(gumbel.config().runId()).resolve("config.json"))
                .contains("\"iwSamples\" : 5"), "and in config.json");
        double elbo = gumbel.summary().finalTestElbo();
        Double bound = gumbel.summary().testIwBound();
        assertTrue(bound != null && Double.isFinite(bound), "bound " + bound);
        assertTrue(bound >= elbo - MARGIN, "IW-5 " + bound + " vs test ELBO " + elbo);
        assertTrue(bound < 0, "a log-probability of binary images: " + bound);
        assertTrue(gumbel.summary().iwBoundSeconds() > 0
                && gumbel.summary().iwBoundSeconds() <= gumbel.summary().wallSeconds(),
                "timed, within the run's wall time");
        assertTrue(run.out().contains("log p(x) >= " + String.format(Locale.ROOT, "%.2f", bound)
                + " (IW-5"), run.out());

        String html = Files.readString(withBound.resolve("report/index.html"));
        assertTrue(html.contains("<th>test log p(x) &ge; (IW-5)</th>"), "column header");
        assertEquals(String.format(Locale.ROOT, "%.2f", bound),
                row(html, "gumbel-softmax:tau=0.5").get(4), "one seed: the mean alone");
        assertTrue(html.contains("K = 5 here"), "the note names K");
    }

    @Test
    void theGaussianReferenceRowHasABoundAndVqFinishesWithoutOneShowingADash() throws Exception {
        assertTrue(run.out().contains("3 trained, 0 already complete, 0 failed"), run.out());
        String html = Files.readString(withBound.resolve("report/index.html"));
        StoredRun gaussian = stored(withBound, "gaussian");
        Double bound = gaussian.summary().testIwBound();
        assertTrue(bound != null && bound >= gaussian.summary().finalTestElbo() - MARGIN,
                "gaussian: IW-5 " + bound + " vs test ELBO " + gaussian.summary().finalTestElbo());
        StoredRun vq = stored(withBound, "vq");
        assertTrue(vq.complete());
        assertEquals(5, vq.config().iwSamples());
        assertNull(vq.summary().testIwBound(), "vq: a deterministic code has no density");
        assertNull(vq.summary().iwBoundSeconds());
        assertTrue(Double.isFinite(vq.summary().finalTestElbo()));
        assertEquals("-", row(html, "vq").get(4));
    }

    @Test
    void turningTheBoundOnChangesNoOtherNumberButMakesAnotherRun() {
        for (String label : List.of("gumbel-softmax:tau=0.5", "gaussian", "vq")) {
            StoredRun on = stored(withBound, label);
            StoredRun off = stored(withoutBound, label);
            assertNull(off.summary().testIwBound(), "off by default");
            assertEquals(0, off.config().iwSamples());
            assertNotEquals(on.config().runId(), off.config().runId(), "another setting");
            assertEquals(off.epochs().size(), on.epochs().size());
            for (int e = 0; e < on.epochs().size(); e++) {
                EpochRecord a = on.epochs().get(e);
                EpochRecord b = off.epochs().get(e);
                assertEquals(b.trainElbo(), a.trainElbo(), label + " epoch " + (e + 1));
                assertEquals(b.testElbo(), a.testElbo(), label + " epoch " + (e + 1));
                assertEquals(b.testKl(), a.testKl(), label + " epoch " + (e + 1));
                assertEquals(b.diagnostics(), a.diagnostics(), label + " epoch " + (e + 1));
            }
        }
    }

    /** The cells of the final table's row whose first cell is {@code first}. */
    private static List<String> row(String html, String first) {
        int start = html.indexOf("<table id=\"final-test-elbo\">");
        assertTrue(start >= 0, "final table");
        String table = html.substring(start, html.indexOf("</table>", start));
        for (String tr : table.split("<tr>")) {
            Matcher m = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(tr);
            List<String> cells = new ArrayList<>();
            while (m.find()) {
                cells.add(m.group(1));
            }
            if (!cells.isEmpty() && cells.get(0).equals(first)) {
                return cells;
            }
        }
        throw new AssertionError("no row " + first + " in:\n" + table);
    }
}

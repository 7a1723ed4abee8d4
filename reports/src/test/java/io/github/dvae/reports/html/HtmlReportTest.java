package io.github.dvae.reports.html;

import static io.github.dvae.reports.store.StoreFixtures.completeRun;
import static io.github.dvae.reports.store.StoreFixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.StoreFixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class HtmlReportTest {

    @TempDir
    Path dir;

    /** Gumbel-Softmax at -100, -102, -104 over three seeds; REINFORCE at -120, -121, -122. */
    private ResultsStore tinyStore() throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve("store"));
        Map<String, String> tau = Map.of("tau", "0.5");
        completeRun(store, config("gumbel-softmax:tau=0.5", "gumbel-softmax", tau, 1, 3), -100);
        completeRun(store, config("gumbel-softmax:tau=0.5", "gumbel-softmax", tau, 2, 3), -102);
        completeRun(store, config("gumbel-softmax:tau=0.5", "gumbel-softmax", tau, 3, 3), -104);
        for (int seed = 1; seed <= 3; seed++) {
            completeRun(store, config("reinforce", "reinforce", Map.of(), seed, 3),
                    -119 - seed);
        }
        completeRun(store, config("straight-through", "straight-through", Map.of(), 1, 3),
                -130);
        StoreFixtures.interruptedRun(store, config("reinforce", "reinforce", Map.of(), 4, 3), 1);
        return store;
    }

    @Test
    void theFinalTableHasIntervalsAndWelchTestsAgainstTheBest() throws IOException {
        Path index = HtmlReport.write(tinyStore(), dir.resolve("report"));
        assertEquals(dir.resolve("report/index.html"), index);
        String html = Files.readString(index);
        // mean -102, s = 2, n = 3: half-width t_{2,0.975} * 2 / sqrt(3) = 4.968.
        assertEquals(List.of("gumbel-softmax:tau=0.5", "3", "-102.00", "[-106.97, -97.03]",
                "best", ""), row(html, "final-table", "gumbel-softmax:tau=0.5").subList(0, 6));
        // REINFORCE: -121 +- 2.484; Welch against the best: difference -19, standard error
        // sqrt(4/3 + 1/3), Welch-Satterthwaite df = (5/3)^2 / ((4/3)^2/2 + (1/3)^2/2).
        double se = Math.sqrt(5.0 / 3);
        double df = (25.0 / 9) / ((16.0 / 9) / 2 + (1.0 / 9) / 2);
        double p = 2 * (1 - new org.apache.commons.math3.distribution.TDistribution(null, df)
                .cumulativeProbability(19 / se));
        double half = new org.apache.commons.math3.distribution.TDistribution(null, df)
                .inverseCumulativeProbability(0.975) * se;
        List<String> reinforce = row(html, "final-table", "reinforce †");
        assertEquals(List.of("reinforce †", "3", "-121.00", "[-123.48, -118.52]"),
                reinforce.subList(0, 4));
        assertEquals(String.format(java.util.Locale.ROOT, "-19.00 [%.2f, %.2f]", -19 - half,
                -19 + half), reinforce.get(4));
        assertEquals(p < 0.001 ? "&lt;0.001" : String.format(java.util.Locale.ROOT, "%.3f", p),
                reinforce.get(5));
        assertTrue(p < 0.05, "significant, so marked");
        // One seed: no test, no mark.
        assertEquals(List.of("straight-through", "1", "-130.00", "n=1, no interval", "-28.00",
                "-"), row(html, "final-table", "straight-through").subList(0, 6));
        assertTrue(html.indexOf(">gumbel-softmax:tau=0.5<") < html.indexOf(">reinforce †<"),
                "best configuration first");

        String md = Files.readString(dir.resolve("report/final-table.md"));
        assertTrue(md.contains("| gumbel-softmax:tau=0.5 | 3 | **-102.00 ± 4.97** | best |"),
                md);
        assertTrue(md.contains("| reinforce | 3 | -121.00 ± 2.48 † |"), md);
        String tex = Files.readString(dir.resolve("report/final-table.tex"));
        assertTrue(tex.contains("\\toprule") && tex.contains("\\midrule")
                && tex.contains("\\bottomrule"), tex);
        assertTrue(tex.contains("reinforce & 3 & -121.00 $\\pm$ 2.48$^{\\dagger}$"), tex);
        assertTrue(tex.contains("gumbel-softmax:tau=0.5 & 3 & \\textbf{-102.00 $\\pm$ 4.97}"),
                tex);
        String csv = Files.readString(dir.resolve("report/final-table.csv"));
        assertTrue(csv.startsWith("configuration,n,test-elbo mean,"), csv);
        assertEquals(4, csv.lines().count(), "a header and three configurations");
    }

    @Test
    void everyFigureIsAnSvgAndAPngWithItsDataAndACaption() throws Exception {
        String html = Files.readString(HtmlReport.write(tinyStore(), dir.resolve("report")));
        Path report = dir.resolve("report");
        for (String stem : List.of("test-elbo-steps", "test-elbo-seconds", "train-elbo-steps",
                "train-elbo-seconds")) {
            assertTrue(html.contains("<img src=\"" + stem + ".svg\""), stem + " shown");
            DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
            // The SVG names its DTD by URL; a parser must not fetch it (no network).
            xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd",
                    false);
            Document svg = xml.newDocumentBuilder().parse(report.resolve(stem + ".svg")
                    .toFile());
            assertEquals("svg", svg.getDocumentElement().getNodeName(), stem);
            BufferedImage png = ImageIO.read(report.resolve(stem + ".png").toFile());
            assertNotNull(png, stem + " is a PNG");
            // Small multiples: three configurations side by side.
            assertEquals(3 * 330, png.getWidth());
            List<String> csv = Files.readAllLines(report.resolve(stem + ".csv"));
            assertEquals(1 + 3 + 3 + 3, csv.size(), "a header and three points per "
                    + "configuration: " + csv);
        }
        assertTrue(html.contains("Setting: architecture 784-200-(20x10)-200-784, batch-size "
                + "100, data synthetic, epochs 3"), "captions state the setting");
        // tau never changed: a table row, not a flat chart.
        assertEquals(List.of("tau", "gumbel-softmax:tau=0.5", "0.5000", ""),
                row(html, "constant-metrics", "tau"));
        assertFalse(html.contains("metric-estimator-tau"), "no chart of a constant");
        assertTrue(html.contains("Incomplete runs") && html.contains("1 of 3 epochs"), html);
        assertTrue(html.contains("AMD EPYC") && html.contains("OPENBLAS"), "environment shown");
        assertFalse(html.contains("id=\"variance\""), "no probe section without probes");
        assertFalse(html.contains("http://") || html.contains("https://"),
                "nothing to fetch from a network");
    }

    @Test
    void aRebuildRemovesWhatItNoLongerShowsAndNothingElse() throws IOException {
        ResultsStore store = tinyStore();
        Path report = dir.resolve("report");
        HtmlReport.write(store, report);
        assertTrue(Files.exists(report.resolve("c03-straight-through-samples.png")));
        Files.writeString(report.resolve("notes.md"), "mine");
        HtmlReport.write(store, report, new ReportOptions(0, true));
        assertFalse(Files.exists(report.resolve("c03-straight-through-samples.png")),
                "images no longer shown are removed");
        assertTrue(Files.exists(report.resolve("notes.md")), "a file the report did not write "
                + "stays");
        assertTrue(Files.exists(report.resolve("test-elbo-steps.svg")));
    }

    @Test
    void theReportShowsAsManyImagesAsAskedOfThoseRunsKept() throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve("store"));
        completeRun(store, config("reinforce", "reinforce", Map.of(), 1, 1), -120);
        HtmlReport.write(store, dir.resolve("report"), new ReportOptions(2, false));
        BufferedImage grid = ImageIO.read(dir.resolve("report/c01-reinforce-reconstructions.png")
                .toFile());
        // Two 4 x 4 images per row at scale 2, 2-pixel gaps: 2 * 10 + 2 wide, 2 * 10 + 2 high.
        assertEquals(22, grid.getWidth());
        assertEquals(22, grid.getHeight());
        // Original 0 lights pixel 0 at 255; its reconstruction at 200, one row of cells lower.
        assertEquals(255, grid.getRGB(2, 2) & 0xFF);
        assertEquals(200, grid.getRGB(2, 12) & 0xFF);
    }

    @Test
    void aDivergedConfigurationIsShownLastAndAsNaN() throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve("store"));
        completeRun(store, config("diverged", "x", Map.of(), 1, 1), Double.NaN);
        completeRun(store, config("fine", "y", Map.of(), 1, 1), -150);
        String html = Files.readString(HtmlReport.write(store, dir.resolve("report")));
        assertEquals(List.of("diverged", "1", "NaN"),
                row(html, "final-table", "diverged").subList(0, 3));
        assertTrue(html.indexOf(">fine<") < html.indexOf(">diverged<"), "diverged last");
    }

    @Test
    void configurationsThatShareALabelAreToldApartBySettings() throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve("store"));
        completeRun(store, config("reinforce", "reinforce", Map.of(), 1, 2), -120);
        completeRun(store, config("reinforce", "reinforce", Map.of(), 1, 3), -110);
        String html = Files.readString(HtmlReport.write(store, dir.resolve("report")));
        assertEquals(List.of("reinforce (epochs=3)", "1", "-110.00"),
                row(html, "final-table", "reinforce (epochs=3)").subList(0, 3));
        assertEquals(List.of("reinforce (epochs=2)", "1", "-120.00"),
                row(html, "final-table", "reinforce (epochs=2)").subList(0, 3));
    }

    @Test
    void aMetricMeasuredOnceIsAColumnWithItsIntervalAndADashWhereAbsent() throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve("store"));
        Map<String, String> tau = Map.of("tau", "0.5");
        completeRun(store, config("gumbel-softmax:tau=0.5", "gumbel-softmax", tau, 1, 3, 5),
                -100, -90.0);
        completeRun(store, config("gumbel-softmax:tau=0.5", "gumbel-softmax", tau, 2, 3, 5),
                -102, -92.0);
        completeRun(store, config("gumbel-softmax:tau=0.5", "gumbel-softmax", tau, 3, 3, 5),
                -104, -94.0);
        // Asked for, but a family without a density (VQ-VAE) cannot give it.
        completeRun(store, config("vq", "vq", Map.of(), 1, 3, 5), -110, null);
        String html = Files.readString(HtmlReport.write(store, dir.resolve("report")));
        int column = header(html, "final-table").indexOf(
                "test log p(x) &gt;= (IW) (nats per example)");
        assertTrue(column > 0, html);
        // mean -92, s = 2, n = 3, half-width 4.968 as for the ELBO.
        assertEquals("-92.00 [-96.97, -87.03]",
                row(html, "final-table", "gumbel-softmax:tau=0.5").get(column));
        assertEquals("-", row(html, "final-table", "vq").get(column));
    }

    /** The header cells of table {@code id}. */
    static List<String> header(String html, String id) {
        int start = html.indexOf("<table id=\"" + id + "\">");
        assertTrue(start >= 0, "table " + id);
        String first = html.substring(start, html.indexOf("</tr>", start));
        Matcher m = Pattern.compile("<th>(.*?)</th>").matcher(first);
        List<String> cells = new java.util.ArrayList<>();
        while (m.find()) {
            cells.add(m.group(1));
        }
        return cells;
    }

    /** The cells of the row of table {@code id} whose first cell is {@code first}. */
    static List<String> row(String html, String id, String first) {
        int start = html.indexOf("<table id=\"" + id + "\">");
        assertTrue(start >= 0, "table " + id);
        String table = html.substring(start, html.indexOf("</table>", start));
        for (String tr : table.split("<tr[^>]*>")) {
            Matcher m = Pattern.compile("<td[^>]*>(.*?)</td>").matcher(tr);
            List<String> cells = new java.util.ArrayList<>();
            while (m.find()) {
                cells.add(m.group(1));
            }
            if (!cells.isEmpty() && cells.get(0).equals(first)) {
                return cells;
            }
        }
        throw new AssertionError("no row " + first + " in table " + id + ":\n" + table);
    }
}

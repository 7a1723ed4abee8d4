package io.github.dvae.reports.html;

import static io.github.dvae.reports.store.StoreFixtures.completeRun;
import static io.github.dvae.reports.store.StoreFixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {

    @TempDir
    Path dir;

    @Test
    void aReportOfATinyStoreHasItsFilesAndTheKnownIntervals() throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve("store"));
        Map<String, String> tau = Map.of("tau", "0.5");
        completeRun(store, config("gumbel-softmax:tau=0.5", "gumbel-softmax", tau, 1, 3), -100);
        completeRun(store, config("gumbel-softmax:tau=0.5", "gumbel-softmax", tau, 2, 3), -102);
        completeRun(store, config("gumbel-softmax:tau=0.5", "gumbel-softmax", tau, 3, 3), -104);
        completeRun(store, config("reinforce", "reinforce", Map.of(), 1, 3), -120);
        StoreFixtures.interruptedRun(store, config("reinforce", "reinforce", Map.of(), 2, 3), 1);

        Path index = HtmlReport.write(store, dir.resolve("report"));

        assertEquals(dir.resolve("report/index.html"), index);
        String html = Files.readString(index);
        List<String> gumbel = row(html, "final-test-elbo", "gumbel-softmax:tau=0.5");
        // mean -102, s = 2, n = 3: half-width t_{2,0.975} * 2 / sqrt(3) = 4.968.
        assertEquals(List.of("gumbel-softmax:tau=0.5", "3", "-102.00", "[-106.97, -97.03]"),
                gumbel.subList(0, 4));
        List<String> reinforce = row(html, "final-test-elbo", "reinforce");
        assertEquals(List.of("reinforce", "1", "-120.00", "n=1, no interval"),
                reinforce.subList(0, 4));
        assertTrue(html.indexOf(">gumbel-softmax:tau=0.5<") < html.indexOf(">reinforce<"),
                "best configuration first");
        assertTrue(html.contains("Incomplete runs") && html.contains("1 of 3 epochs"), html);
        assertTrue(html.contains("AMD EPYC") && html.contains("OPENBLAS"), "environment shown");

        for (String png : List.of("test-elbo.png", "train-elbo.png",
                "c01-gumbel-softmax-tau-0.5-reconstructions.png",
                "c01-gumbel-softmax-tau-0.5-samples.png", "c02-reinforce-reconstructions.png",
                "c02-reinforce-samples.png", "diagnostic-tau.png")) {
            assertTrue(html.contains("src=\"" + png + "\""), png + " linked");
            BufferedImage image = ImageIO.read(dir.resolve("report").resolve(png).toFile());
            assertNotNull(image, png + " is a PNG");
        }
        try (Stream<Path> files = Files.list(dir.resolve("report"))) {
            assertEquals(8, files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .count(), "index.html and seven PNGs, no leftovers");
        }
        assertTrue(!html.contains("gradient-variance"), "no probe section without probes");
        // Every epoch of the fixtures reports tau = 0.5: the diagnostics table shows it.
        assertEquals(List.of("gumbel-softmax:tau=0.5", "0.500"), row(html, "diagnostics",
                "gumbel-softmax:tau=0.5"));
    }

    @Test
    void theReconstructionGridPutsOriginalsAboveReconstructions() throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve("store"));
        completeRun(store, config("reinforce", "reinforce", Map.of(), 1, 1), -120);
        HtmlReport.write(store, dir.resolve("report"));
        BufferedImage grid = ImageIO.read(dir.resolve("report/c01-reinforce-reconstructions.png")
                .toFile());
        // Three 4 x 4 images per row at scale 2, 2-pixel gaps: 3 * 10 + 2 wide, 2 * 10 + 2 high.
        assertEquals(32, grid.getWidth());
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
                row(html, "final-test-elbo", "diverged").subList(0, 3));
        assertTrue(html.indexOf(">fine<") < html.indexOf(">diverged<"), "diverged last");
    }

    @Test
    void configurationsThatShareALabelAreToldApartBySettings() throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve("store"));
        completeRun(store, config("reinforce", "reinforce", Map.of(), 1, 2), -120);
        completeRun(store, config("reinforce", "reinforce", Map.of(), 1, 3), -110);
        String html = Files.readString(HtmlReport.write(store, dir.resolve("report")));
        assertEquals(List.of("reinforce (epochs=3)", "1", "-110.00"),
                row(html, "final-test-elbo", "reinforce (epochs=3)").subList(0, 3));
        assertEquals(List.of("reinforce (epochs=2)", "1", "-120.00"),
                row(html, "final-test-elbo", "reinforce (epochs=2)").subList(0, 3));
    }

    @Test
    void theBoundOnLogPxIsShownWithItsIntervalAndADashWhereAbsent() throws IOException {
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
        completeRun(store, config("reinforce", "reinforce", Map.of(), 1, 3, 5), -120, -111.5);

        String html = Files.readString(HtmlReport.write(store, dir.resolve("report")));

        assertTrue(html.contains("<th>test log p(x) &ge; (IW-5)</th>"), html);
        // The ELBO's columns are unchanged; the bound follows its interval: mean -92, s = 2,
        // n = 3, half-width 4.968 as for the ELBO above.
        assertEquals(List.of("gumbel-softmax:tau=0.5", "3", "-102.00", "[-106.97, -97.03]",
                "-92.00 [-96.97, -87.03]"), row(html, "final-test-elbo",
                        "gumbel-softmax:tau=0.5").subList(0, 5));
        assertEquals("-", row(html, "final-test-elbo", "vq").get(4));
        assertEquals("-111.50", row(html, "final-test-elbo", "reinforce").get(4),
                "one seed: the mean alone");
        assertTrue(html.contains("importance-weighted bound on log p(x) (Burda et al. 2016)"),
                "the note says what the column is");
        assertTrue(html.contains("K = 5 here") && html.contains("It took 2.5 s on average per run"), html);
        assertTrue(html.contains("<tr><th>IW samples</th><td>5</td></tr>"),
                "a shared setting");
    }

    @Test
    void withoutTheBoundTheColumnIsDashesAndTheNoteSaysHowToTurnItOn() throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve("store"));
        completeRun(store, config("reinforce", "reinforce", Map.of(), 1, 2), -120);
        String html = Files.readString(HtmlReport.write(store, dir.resolve("report")));
        assertEquals("-", row(html, "final-test-elbo", "reinforce").get(4));
        assertTrue(html.contains("not computed for these runs (<code>--iw-samples K</code>"),
                html);
    }

    @Test
    void boundsWithDifferentSampleCountsNameTheirOwnK() throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve("store"));
        completeRun(store, config("reinforce", "reinforce", Map.of(), 1, 2, 5), -120, -115.0);
        completeRun(store, config("reinforce", "reinforce", Map.of(), 1, 2, 50), -120, -113.0);
        String html = Files.readString(HtmlReport.write(store, dir.resolve("report")));
        assertTrue(html.contains("<th>test log p(x) &ge; (IW-k)</th>"), html);
        assertEquals("-115.00 (k=5)", row(html, "final-test-elbo",
                "reinforce (IW samples=5)").get(4));
        assertEquals("-113.00 (k=50)", row(html, "final-test-elbo",
                "reinforce (IW samples=50)").get(4));
    }

    /** The cells of the row of table {@code id} whose first cell is {@code first}. */
    private static List<String> row(String html, String id, String first) {
        int start = html.indexOf("<table id=\"" + id + "\">");
        assertTrue(start >= 0, "table " + id);
        String table = html.substring(start, html.indexOf("</table>", start));
        for (String tr : table.split("<tr>")) {
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

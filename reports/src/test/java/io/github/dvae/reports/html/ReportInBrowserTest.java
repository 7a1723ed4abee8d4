package io.github.dvae.reports.html;

import static io.github.dvae.reports.store.StoreFixtures.completeRun;
import static io.github.dvae.reports.store.StoreFixtures.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.dvae.reports.store.ResultsStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The report in a real browser: headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}) opens {@code index.html} from {@code file://} and every image and SVG
 * must load, the console must stay free of errors, and no request may leave the file system.
 * Opens the report in {@code -Ddvae.browser.report=DIR} when given (CI points it at the default
 * sweep's report), else one built from a small store here; saves a screenshot to
 * {@code target/report-screenshot.png}. Skipped, with the reason, where Chromium is absent,
 * unless {@code -Ddvae.browser.required=true} (as in {@code .ci/run}, which installs it).
 */
class ReportInBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    /** Schemes that reach a network; a page from {@code file://} should use none. */
    private static final java.util.regex.Pattern NETWORK = java.util.regex.Pattern.compile(
            "(?i)(https?|wss?|ftp):");

    @TempDir
    Path dir;

    @BeforeAll
    static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (Boolean.getBoolean("dvae.browser.required")) {
            assertTrue(present, CHROMIUM + " and " + DRIVER + " are required "
                    + "(apt-get install chromium chromium-driver)");
        }
        Assumptions.assumeTrue(present, "no " + CHROMIUM + " or " + DRIVER
                + ": apt-get install chromium chromium-driver to run the report in a browser");
    }

    /** What the browser saw of one page. */
    private record Visit(long images, long svgs, List<String> broken, List<String> requests,
            List<String> errors) {
    }

    @Test
    void theReportLoadsEveryImageWithNoConsoleErrorAndNoNetwork() throws Exception {
        String given = System.getProperty("dvae.browser.report", "");
        Path index = given.isBlank() ? fixtureReport() : Path.of(given).resolve("index.html");
        assertTrue(Files.isRegularFile(index), "no report at " + index);
        Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Visit v = visit(index, screenshot);
        assertEquals(List.of(), v.broken(), "images that did not load");
        assertTrue(v.images() > 0 && v.svgs() > 0, v.images() + " images, " + v.svgs()
                + " SVG");
        assertEquals(List.of(), v.requests(), "requests outside the report's folder");
        assertEquals(List.of(), v.errors(), "console errors");
        assertTrue(Files.size(screenshot) > 10_000, "a screenshot of the page");
    }

    @Test
    void theCheckNoticesABrokenImageANetworkRequestAndAConsoleError() throws Exception {
        // Port 9 on the loopback (discard) refuses: a request is made, and nothing leaves.
        Path page = dir.resolve("bad.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><img src=\"missing.svg\">"
                + "<img src=\"http://127.0.0.1:9/x.png\"><script>console.error('boom')"
                + "</script></body></html>");
        Visit v = visit(page, dir.resolve("bad.png"));
        assertEquals(2, v.broken().size(), v.broken().toString());
        assertTrue(v.requests().stream().anyMatch(r -> r.startsWith("http://127.0.0.1:9/")),
                v.requests().toString());
        assertTrue(v.errors().stream().anyMatch(e -> e.contains("boom")), v.errors().toString());
    }

    private Path fixtureReport() throws IOException {
        ResultsStore store = ResultsStore.at(dir.resolve("store"));
        Map<String, String> tau = Map.of("tau", "0.5");
        for (int seed = 1; seed <= 2; seed++) {
            completeRun(store, config("gumbel-softmax:tau=0.5", "gumbel-softmax", tau, seed, 3),
                    -100 - seed);
            completeRun(store, config("reinforce", "reinforce", Map.of(), seed, 3), -120 - seed);
        }
        return HtmlReport.write(store, dir.resolve("report"));
    }

    private Visit visit(Path page, Path screenshot) throws IOException {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--window-size=1280,2000",
                "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // The driver is named explicitly: Selenium Manager would try to download one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            // Whatever the browser loaded for itself before (its new-tab page) is not the page's.
            driver.manage().logs().get(LogType.PERFORMANCE);
            driver.manage().logs().get(LogType.BROWSER);
            driver.get(page.toUri().toString());
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> "complete".equals(
                    ((JavascriptExecutor) d).executeScript("return document.readyState")));
            JavascriptExecutor js = driver;
            long images = (Long) js.executeScript("return document.images.length");
            long svgs = (Long) js.executeScript("return Array.from(document.images)"
                    + ".filter(i => i.src.endsWith('.svg')).length");
            @SuppressWarnings("unchecked")
            List<String> broken = new ArrayList<>((List<String>) js.executeScript(
                    "return Array.from(document.images).filter(i => !i.complete "
                            + "|| i.naturalWidth === 0).map(i => i.src)"));
            List<String> requests = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE)) {
                JsonNode m = json.readTree(e.getMessage()).path("message");
                if (m.path("method").asText().equals("Network.requestWillBeSent")) {
                    String url = m.path("params").path("request").path("url").asText();
                    if (NETWORK.matcher(url).lookingAt()) {
                        requests.add(url);
                    }
                }
            }
            List<String> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                    .map(LogEntry::getMessage).toList();
            Files.createDirectories(screenshot.getParent());
            Files.write(screenshot, driver.getScreenshotAs(OutputType.BYTES));
            assertFalse(driver.getTitle().isEmpty() && page.toString().endsWith("index.html"),
                    "the report has a title");
            return new Visit(images, svgs, broken, requests, errors);
        } finally {
            driver.quit();
            service.stop();
        }
    }
}

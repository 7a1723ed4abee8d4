package io.github.dvae.reports.compare;

import static io.github.dvae.reports.html.HtmlText.escape;
import static io.github.dvae.reports.html.HtmlText.fmt;

import io.github.dvae.reports.figure.CsvTable;
import io.github.dvae.reports.html.ConfigurationGroup;
import io.github.dvae.reports.html.HtmlText;
import io.github.dvae.reports.stats.Interval;
import io.github.dvae.reports.stats.WelchTest;
import io.github.dvae.reports.store.AtomicFiles;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.StoredRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Two results stores side by side (say main's and a branch's): per configuration, by its label
 * in each store's report, the last value of every metric over seeds on each side, the difference
 * with its 95% Welch interval and Welch's t-test, and the wall time; configurations only one side
 * has. A configuration regressed when a gated metric (one with a direction that is not a time:
 * the test ELBO, the bound on log p(x), the gradient variance, ...) got significantly worse at 5%.
 *
 * @param base the base store's root
 * @param candidate the new store's root
 * @param compared configurations in both, in the new store's order
 * @param added labels only the new store has
 * @param missing labels only the base store has
 */
public record StoreComparison(Path base, Path candidate, List<ConfigurationDelta> compared,
        List<String> added, List<String> missing) {

    /** The metrics the summary table shows first, when present. */
    private static final List<String> HEADLINE = List.of("test-elbo", "log10-variance");

    public StoreComparison {
        compared = List.copyOf(compared);
        added = List.copyOf(added);
        missing = List.copyOf(missing);
    }

    /** Compares the complete runs of {@code candidate} against those of {@code base}. */
    public static StoreComparison of(ResultsStore base, ResultsStore candidate) {
        Map<String, ConfigurationGroup> before = byLabel(base.runs());
        Map<String, ConfigurationGroup> after = byLabel(candidate.runs());
        List<ConfigurationDelta> compared = new ArrayList<>();
        List<String> added = new ArrayList<>();
        for (Map.Entry<String, ConfigurationGroup> e : after.entrySet()) {
            ConfigurationGroup old = before.get(e.getKey());
            if (old == null) {
                added.add(e.getKey());
            } else {
                compared.add(delta(e.getKey(), old, e.getValue()));
            }
        }
        List<String> missing = before.keySet().stream().filter(l -> !after.containsKey(l))
                .toList();
        return new StoreComparison(base.root(), candidate.root(), compared, added, missing);
    }

    /** Whether a metric decides a regression: it has a direction and is not a wall time. */
    static boolean gated(MetricSpec m) {
        return m.better() != MetricSpec.Direction.NONE && !m.unit().equals("seconds");
    }

    /** Whether any configuration got significantly worse on a gated metric. */
    public boolean regressed() {
        return compared.stream().anyMatch(ConfigurationDelta::regressed);
    }

    private static Map<String, ConfigurationGroup> byLabel(List<StoredRun> runs) {
        Map<String, ConfigurationGroup> out = new LinkedHashMap<>();
        for (ConfigurationGroup g : ConfigurationGroup.of(runs)) {
            out.put(g.label(), g);
        }
        return out;
    }

    private static ConfigurationDelta delta(String label, ConfigurationGroup base,
            ConfigurationGroup candidate) {
        List<String> changes = new ArrayList<>();
        Map<String, String> a = ConfigurationGroup.settings(base.key());
        Map<String, String> b = ConfigurationGroup.settings(candidate.key());
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            String x = a.getOrDefault(k, "(none)");
            String y = b.getOrDefault(k, "(none)");
            if (!x.equals(y)) {
                changes.add(k + ": " + x + " -> " + y);
            }
        }
        List<MetricDelta> metrics = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (StoredRun r : candidate.runs()) {
            for (MetricSpec m : r.metrics()) {
                if (!m.column() || !seen.add(m.name())) {
                    continue;
                }
                Optional<Interval> before = base.last(m);
                Optional<Interval> after = candidate.last(m);
                if (before.isPresent() && after.isPresent()) {
                    metrics.add(new MetricDelta(m, before.get(), after.get(),
                            WelchTest.of(base.lastValues(m), candidate.lastValues(m))));
                }
            }
        }
        return new ConfigurationDelta(label, changes, metrics,
                base.perRun(r -> r.summary().wallSeconds()),
                candidate.perRun(r -> r.summary().wallSeconds()));
    }

    /** A Markdown summary for a pull-request comment. */
    public String markdown() {
        StringBuilder md = new StringBuilder("## dvae compare\n\n");
        long regressions = compared.stream().filter(ConfigurationDelta::regressed).count();
        long improvements = compared.stream().filter(c -> c.metrics().stream()
                .anyMatch(m -> gated(m.metric()) && m.improvement())).count();
        md.append(String.format(Locale.ROOT, "Base `%s`, new `%s`: %d configuration(s) "
                + "compared, %d new, %d missing; **%d with a significant regression**, %d with "
                + "a significant improvement (Welch's t-test over seeds, p < 0.05).%n%n", base,
                candidate, compared.size(), added.size(), missing.size(), regressions,
                improvements));
        if (!compared.isEmpty()) {
            List<String> headline = headline();
            md.append("| configuration |");
            headline.forEach(h -> md.append(' ').append(h).append(": base | new | Δ [95%] | p |"));
            md.append(" s per run: base | new | |\n|---|");
            md.append("---:|---:|---:|---:|".repeat(headline.size())).append("---:|---:|---|\n");
            for (ConfigurationDelta c : compared) {
                md.append("| ").append(c.label().replace("|", "\\|")).append(" |");
                for (String h : headline) {
                    Optional<MetricDelta> d = c.metric(h);
                    if (d.isEmpty()) {
                        md.append(" - | - | - | - |");
                        continue;
                    }
                    int digits = HtmlText.digitsFor(d.get().metric().unit());
                    md.append(' ').append(fmt(d.get().base().mean(), digits)).append(" | ")
                            .append(fmt(d.get().candidate().mean(), digits)).append(" | ")
                            .append(difference(d.get(), digits)).append(" | ")
                            .append(pValue(d.get())).append(" |");
                }
                md.append(' ').append(fmt(c.baseWallSeconds().mean(), 1)).append(" | ")
                        .append(fmt(c.candidateWallSeconds().mean(), 1)).append(" | ")
                        .append(c.regressed() ? "**regression**" : c.metrics().stream()
                                .anyMatch(m -> gated(m.metric()) && m.improvement())
                                ? "improvement" : "").append(" |\n");
            }
        }
        List<String> significant = new ArrayList<>();
        for (ConfigurationDelta c : compared) {
            for (MetricDelta m : c.metrics()) {
                if (m.significant()) {
                    int digits = HtmlText.digitsFor(m.metric().unit());
                    significant.add("- " + c.label() + ", " + m.metric().title() + ": "
                            + fmt(m.base().mean(), digits) + " -> "
                            + fmt(m.candidate().mean(), digits) + " (" + difference(m, digits)
                            + ", p " + pValue(m) + ")" + (m.regression() && gated(m.metric())
                                    ? " **worse**" : m.improvement() ? " better" : ""));
                }
            }
            if (!c.settingChanges().isEmpty()) {
                significant.add("- " + c.label() + ": settings differ (" + String.join("; ",
                        c.settingChanges()) + ")");
            }
        }
        if (!significant.isEmpty()) {
            md.append("\nSignificant differences and changed settings:\n\n");
            significant.forEach(s -> md.append(s).append('\n'));
        }
        if (!added.isEmpty()) {
            md.append("\nNew configurations: ").append(String.join(", ", added)).append('\n');
        }
        if (!missing.isEmpty()) {
            md.append("\nMissing configurations: ").append(String.join(", ", missing))
                    .append('\n');
        }
        return md.toString();
    }

    private List<String> headline() {
        List<String> out = new ArrayList<>();
        for (String h : HEADLINE) {
            if (compared.stream().anyMatch(c -> c.metric(h).isPresent())) {
                out.add(h);
            }
        }
        return out;
    }

    private static String difference(MetricDelta d, int digits) {
        return d.test().map(t -> signed(t.difference(), digits) + " [" + signed(t.lower(),
                digits) + ", " + signed(t.upper(), digits) + "]")
                .orElse(signed(d.difference(), digits) + " (n<2)");
    }

    private static String pValue(MetricDelta d) {
        return d.test().map(t -> Double.isNaN(t.pValue()) ? "-" : t.pValue() < 0.001
                ? "<0.001" : String.format(Locale.ROOT, "%.3f", t.pValue())).orElse("-");
    }

    private static String signed(double v, int digits) {
        return (v > 0 ? "+" : "") + fmt(v, digits);
    }

    /**
     * Writes the comparison into {@code directory}: {@code index.html} with every metric of
     * every configuration, {@code comparison.md} (the summary) and {@code comparison.csv}.
     *
     * @return the path of {@code index.html}
     */
    public Path writeReport(Path directory) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        Files.createDirectories(dir);
        CsvTable csv = new CsvTable("configuration", "metric", "base mean", "base n",
                "new mean", "new n", "difference", "lower 95%", "upper 95%", "welch p",
                "significant", "regression");
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head>"
                + "<meta charset=\"utf-8\"><title>dvae compare</title><style>body{font-family:"
                + "sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}table{border-"
                + "collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px}td.num{text-"
                + "align:right}tr.worse td{background:#fde2e1}tr.better td{background:#e3f4e1}"
                + "</style></head><body>\n<h1>Comparison of two results stores</h1>\n");
        html.append("<p>Base <code>").append(escape(base.toString())).append("</code>, new "
                + "<code>").append(escape(candidate.toString())).append("</code>. Per "
                + "configuration, the last value of each metric: mean over seeds, the "
                + "difference new - base with its 95% Welch interval, and Welch's two-sided "
                + "t-test; red: significantly worse (p &lt; 0.05), green: better. Summary: "
                + "<a href=\"comparison.md\">Markdown</a>, data: <a href=\"comparison.csv\">"
                + "CSV</a>.</p>\n");
        for (ConfigurationDelta c : compared) {
            html.append("<h2>").append(escape(c.label())).append(c.regressed()
                    ? " (regression)" : "").append("</h2>\n");
            if (!c.settingChanges().isEmpty()) {
                html.append("<p>Settings differ: ").append(escape(String.join("; ",
                        c.settingChanges()))).append("</p>\n");
            }
            html.append("<table><tr><th>metric</th><th>base</th><th>new</th><th>Δ [95%]</th>"
                    + "<th>p</th></tr>\n");
            for (MetricDelta m : c.metrics()) {
                int digits = HtmlText.digitsFor(m.metric().unit());
                String cls = m.regression() ? " class=\"worse\"" : m.improvement()
                        ? " class=\"better\"" : "";
                html.append("<tr").append(cls).append("><td>").append(escape(
                        m.metric().axisLabel())).append("</td>")
                        .append(HtmlText.num(fmt(m.base().mean(), digits) + " (n="
                                + m.base().n() + ")"))
                        .append(HtmlText.num(fmt(m.candidate().mean(), digits) + " (n="
                                + m.candidate().n() + ")"))
                        .append(HtmlText.num(difference(m, digits)))
                        .append(HtmlText.num(pValue(m))).append("</tr>\n");
                csv.row(c.label(), m.metric().name(), m.base().mean(), m.base().n(),
                        m.candidate().mean(), m.candidate().n(), m.difference(),
                        m.test().map(WelchTest::lower).orElse(Double.NaN),
                        m.test().map(WelchTest::upper).orElse(Double.NaN),
                        m.test().map(WelchTest::pValue).orElse(Double.NaN), m.significant(),
                        m.regression() && gated(m.metric()));
            }
            html.append("<tr><td>wall time per run (s)</td>")
                    .append(HtmlText.num(fmt(c.baseWallSeconds().mean(), 1)))
                    .append(HtmlText.num(fmt(c.candidateWallSeconds().mean(), 1)))
                    .append(HtmlText.num(signed(c.candidateWallSeconds().mean()
                            - c.baseWallSeconds().mean(), 1))).append("<td></td></tr>\n");
            html.append("</table>\n");
        }
        if (!added.isEmpty()) {
            html.append("<h2>New configurations</h2>\n<p>").append(escape(String.join(", ",
                    added))).append("</p>\n");
        }
        if (!missing.isEmpty()) {
            html.append("<h2>Missing configurations</h2>\n<p>").append(escape(String.join(", ",
                    missing))).append("</p>\n");
        }
        html.append("</body></html>\n");
        Path index = dir.resolve("index.html");
        AtomicFiles.write(dir.resolve("comparison.md"), markdown()
                .getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("comparison.csv"), csv.bytes());
        AtomicFiles.write(index, html.toString().getBytes(StandardCharsets.UTF_8));
        return index;
    }
}

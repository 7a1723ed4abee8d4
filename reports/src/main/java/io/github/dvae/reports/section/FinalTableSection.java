package io.github.dvae.reports.section;

import static io.github.dvae.reports.html.HtmlText.escape;
import static io.github.dvae.reports.html.HtmlText.fmt;
import static io.github.dvae.reports.html.HtmlText.num;

import io.github.dvae.reports.figure.CsvTable;
import io.github.dvae.reports.html.ConfigurationGroup;
import io.github.dvae.reports.html.HtmlText;
import io.github.dvae.reports.html.ReportContext;
import io.github.dvae.reports.html.ReportSection;
import io.github.dvae.reports.stats.Interval;
import io.github.dvae.reports.stats.WelchTest;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The final table: one row per configuration, best first by the ranking metric (the test ELBO),
 * with its 95% interval over seeds, the difference from the best configuration with Welch's
 * t-test (rows that differ significantly at 5% are marked), and the last value of every other
 * metric that asks for a column (measured per epoch or once after training), then the wall time.
 * Also written as CSV, as a LaTeX {@code booktabs} table and as a Markdown table, ready to paste.
 */
public final class FinalTableSection implements ReportSection {

    /** The metric configurations are ranked by. */
    static final String RANKING = "test-elbo";

    /** What marks a row significantly different from the best. */
    private static final String MARK = "†";

    @Override
    public void render(ReportContext report, StringBuilder html) throws IOException {
        Optional<MetricSpec> ranking = report.metric(RANKING).or(() -> report.metrics().stream()
                .filter(m -> m.column() && m.better() != MetricSpec.Direction.NONE)
                .findFirst());
        if (ranking.isEmpty()) {
            return;
        }
        MetricSpec rank = ranking.get();
        List<MetricSpec> others = report.metrics().stream()
                .filter(m -> m.column() && m.schedule() != Schedule.PROBE
                        && !m.name().equals(rank.name()))
                .filter(m -> report.groups().stream().anyMatch(g -> g.last(m).isPresent()))
                .toList();
        List<Row> rows = rows(report.groups(), rank);
        int digits = HtmlText.digitsFor(rank.unit());

        html.append("<h2 id=\"final\">Final ").append(escape(rank.title())).append("</h2>\n")
                .append("<p class=\"note\">").append(escape(rank.description()))
                .append(" After the last epoch; best first. Δ: the difference from the best "
                        + "configuration, with its 95% Welch interval; p: Welch's two-sided "
                        + "t-test (unequal variances, Commons Math) against the best; ")
                .append(MARK).append(" marks a significant difference (p &lt; 0.05). Every "
                        + "other column is the mean over seeds [95% interval]. ")
                .append(escape(report.setting()))
                .append(" Also as <a href=\"final-table.tex\">LaTeX (booktabs)</a>, "
                        + "<a href=\"final-table.md\">Markdown</a> and "
                        + "<a href=\"final-table.csv\">CSV</a>.</p>\n")
                .append("<div class=\"scroll\"><table id=\"final-table\"><tr><th>configuration"
                        + "</th><th>n runs</th><th>").append(escape(rank.axisLabel()))
                .append("</th><th>95% interval</th><th>Δ vs best</th><th>p</th>");
        for (MetricSpec m : others) {
            html.append("<th>").append(escape(m.axisLabel())).append("</th>");
        }
        html.append("<th>wall time per run (s)</th></tr>\n");
        CsvTable csv = new CsvTable(header(rank, others));
        for (Row r : rows) {
            html.append(r.best ? "<tr class=\"best\">" : "<tr>").append("<td>")
                    .append(escape(r.group.label())).append(r.significant() ? " " + MARK : "")
                    .append("</td>").append(num(Integer.toString(r.group.n())))
                    .append(num(fmt(r.value.mean(), digits)))
                    .append(num(HtmlText.interval(r.value, digits)))
                    .append(num(r.best ? "best" : r.test.map(t -> signed(t.difference(), digits)
                            + " [" + signed(t.lower(), digits) + ", " + signed(t.upper(), digits)
                            + "]").orElse(signed(r.value.mean() - rows.get(0).value.mean(),
                                    digits))))
                    .append(num(r.best ? "" : r.test.map(t -> pValue(t.pValue())).orElse("-")));
            List<Object> fields = new ArrayList<>(List.of(r.group.label(), r.group.n(),
                    r.value.mean(), r.value.lower(), r.value.upper(),
                    r.test.map(WelchTest::difference).orElse(Double.NaN),
                    r.test.map(WelchTest::pValue).orElse(Double.NaN), r.significant()));
            for (MetricSpec m : others) {
                Optional<Interval> v = r.group.last(m);
                int d = HtmlText.digitsFor(m.unit());
                html.append(num(v.map(i -> fmt(i.mean(), d) + (i.bounded()
                        ? " " + HtmlText.interval(i, d) : "")).orElse("-")));
                fields.add(v.map(Interval::mean).orElse(Double.NaN));
                fields.add(v.map(Interval::lower).orElse(Double.NaN));
                fields.add(v.map(Interval::upper).orElse(Double.NaN));
            }
            double wall = r.group.perRun(run -> run.summary().wallSeconds()).mean();
            html.append(num(fmt(wall, 1))).append("</tr>\n");
            fields.add(wall);
            csv.row(fields.toArray());
        }
        html.append("</table></div>\n");
        report.write("final-table.csv", csv.bytes());
        report.write("final-table.tex", latex(rows, rank, others, report.setting())
                .getBytes(StandardCharsets.UTF_8));
        report.write("final-table.md", markdown(rows, rank, others)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** One configuration's row: its ranking value and its test against the best. */
    record Row(ConfigurationGroup group, Interval value, boolean best,
            Optional<WelchTest> test) {

        boolean significant() {
            return !best && test.map(WelchTest::significant).orElse(false);
        }
    }

    /** The rows, best first (a diverged configuration last), each tested against the best. */
    static List<Row> rows(List<ConfigurationGroup> groups, MetricSpec rank) {
        List<ConfigurationGroup> ranked = new ArrayList<>(groups.stream()
                .filter(g -> g.last(rank).isPresent()).toList());
        double sign = rank.better() == MetricSpec.Direction.LOWER ? -1 : 1;
        ranked.sort(Comparator.comparingDouble((ConfigurationGroup g) -> {
            double mean = g.last(rank).orElseThrow().mean();
            return Double.isNaN(mean) ? Double.NEGATIVE_INFINITY : sign * mean;
        }).reversed());
        List<Row> rows = new ArrayList<>();
        if (ranked.isEmpty()) {
            return rows;
        }
        double[] best = ranked.get(0).lastValues(rank);
        for (int i = 0; i < ranked.size(); i++) {
            ConfigurationGroup g = ranked.get(i);
            rows.add(new Row(g, g.last(rank).orElseThrow(), i == 0,
                    i == 0 ? Optional.empty() : WelchTest.of(best, g.lastValues(rank))));
        }
        return rows;
    }

    private static String[] header(MetricSpec rank, List<MetricSpec> others) {
        List<String> h = new ArrayList<>(List.of("configuration", "n", rank.name() + " mean",
                rank.name() + " lower 95%", rank.name() + " upper 95%", "difference from best",
                "welch p", "significant"));
        for (MetricSpec m : others) {
            h.add(m.name() + " mean");
            h.add(m.name() + " lower 95%");
            h.add(m.name() + " upper 95%");
        }
        h.add("wall seconds per run");
        return h.toArray(String[]::new);
    }

    static String latex(List<Row> rows, MetricSpec rank, List<MetricSpec> others,
            String setting) {
        StringBuilder t = new StringBuilder();
        t.append("% ").append(setting.replace("\n", " ")).append('\n')
                .append("% Mean over seeds +- half the 95% Student-t interval; \\dagger: differs "
                        + "from the best by Welch's t-test, p < 0.05. Needs \\usepackage{booktabs}.\n")
                .append("\\begin{tabular}{lr").append("r".repeat(2 + others.size()))
                .append("}\n\\toprule\nConfiguration & $n$ & ").append(tex(rank.axisLabel()))
                .append(" & $p$ vs best");
        for (MetricSpec m : others) {
            t.append(" & ").append(tex(m.axisLabel()));
        }
        t.append(" \\\\\n\\midrule\n");
        int digits = HtmlText.digitsFor(rank.unit());
        for (Row r : rows) {
            t.append(tex(r.group.label())).append(" & ").append(r.group.n()).append(" & ");
            String value = pm(r.value, digits);
            t.append(r.best ? "\\textbf{" + value + "}" : value)
                    .append(r.significant() ? "$^{\\dagger}$" : "").append(" & ")
                    .append(r.best ? "--" : r.test.map(w -> pValue(w.pValue())).orElse("--"));
            for (MetricSpec m : others) {
                int d = HtmlText.digitsFor(m.unit());
                t.append(" & ").append(r.group.last(m).map(i -> pm(i, d)).orElse("--"));
            }
            t.append(" \\\\\n");
        }
        return t.append("\\bottomrule\n\\end{tabular}\n").toString();
    }

    static String markdown(List<Row> rows, MetricSpec rank, List<MetricSpec> others) {
        StringBuilder t = new StringBuilder("| configuration | n | ").append(rank.axisLabel())
                .append(" | p vs best |");
        others.forEach(m -> t.append(' ').append(m.axisLabel()).append(" |"));
        t.append("\n|---|---:|---:|---:|").append("---:|".repeat(others.size())).append('\n');
        int digits = HtmlText.digitsFor(rank.unit());
        for (Row r : rows) {
            String value = pm(r.value, digits).replace("$\\pm$", "±");
            t.append("| ").append(r.group.label().replace("|", "\\|")).append(" | ")
                    .append(r.group.n()).append(" | ").append(r.best ? "**" + value + "**"
                            : value + (r.significant() ? " " + MARK : ""))
                    .append(" | ").append(r.best ? "best"
                            : r.test.map(w -> pValue(w.pValue())).orElse("-")).append(" |");
            for (MetricSpec m : others) {
                int d = HtmlText.digitsFor(m.unit());
                t.append(' ').append(r.group.last(m).map(i -> pm(i, d).replace("$\\pm$", "±"))
                        .orElse("-")).append(" |");
            }
            t.append('\n');
        }
        return t.append("\n").append(MARK).append(": differs from the best by Welch's t-test, "
                + "p < 0.05. Mean ± half the 95% interval over seeds.\n").toString();
    }

    private static String pm(Interval i, int digits) {
        return i.bounded() ? fmt(i.mean(), digits) + " $\\pm$ " + fmt(i.halfWidth(), digits)
                : fmt(i.mean(), digits);
    }

    private static String signed(double v, int digits) {
        return (v > 0 ? "+" : "") + fmt(v, digits);
    }

    static String pValue(double p) {
        return Double.isNaN(p) ? "-" : p < 0.001 ? "<0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    /** {@code s} with LaTeX's special characters escaped. */
    static String tex(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> b.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> b.append('\\').append(c);
                case '~' -> b.append("\\textasciitilde{}");
                case '^' -> b.append("\\textasciicircum{}");
                case '≥' -> b.append("$\\geq$");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

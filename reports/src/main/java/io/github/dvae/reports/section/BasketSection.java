package io.github.dvae.reports.section;

import static io.github.dvae.reports.html.HtmlText.escape;
import static io.github.dvae.reports.html.HtmlText.fmt;
import static io.github.dvae.reports.html.HtmlText.num;

import io.github.dvae.reports.figure.CsvTable;
import io.github.dvae.reports.figure.Figure;
import io.github.dvae.reports.figure.LineChart;
import io.github.dvae.reports.html.ConfigurationGroup;
import io.github.dvae.reports.html.Curve;
import io.github.dvae.reports.html.HtmlText;
import io.github.dvae.reports.html.ReportContext;
import io.github.dvae.reports.html.ReportSection;
import io.github.dvae.reports.stats.Interval;
import io.github.dvae.reports.store.RunConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The same-snapshot variance basket: for each configuration whose runs are a basket's reference,
 * log10 gradient variance against optimiser steps with one line per estimator configuration of
 * the sweep, all measured on the reference run's parameters at each probe, and the table at the
 * last probe (log10 variance, SNR, bias against the exact gradient, work-normalised variance,
 * seconds per estimate), mean over the reference runs' seeds with a 95% interval.
 */
public final class BasketSection implements ReportSection {

    /** Columns of the table: recorded name, heading, decimals. */
    private record Column(String name, String heading, int digits) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column(BasketPoints.VARIANCE, "log10 variance", 3),
            new Column(BasketPoints.SNR, "SNR", 3),
            new Column(BasketPoints.BIAS, "bias (relative error)", 3),
            new Column(BasketPoints.COSINE, "bias (cosine)", 3),
            new Column(BasketPoints.WORK, "log10 (variance x s per estimate)", 3),
            new Column(BasketPoints.SECONDS, "s per estimate", 5));

    private static final int PANEL_WIDTH = 420;

    @Override
    public void render(ReportContext report, StringBuilder html) throws IOException {
        List<BasketPoints> baskets = new ArrayList<>();
        for (ConfigurationGroup g : report.groups()) {
            BasketPoints.of(g).ifPresent(baskets::add);
        }
        if (baskets.isEmpty()) {
            return;
        }
        html.append("<h2 id=\"basket\">Same-snapshot variance basket</h2>\n<p class=\"note\">At "
                + "each probe of a reference run, every estimator configuration of the sweep "
                + "draws M estimates on that run's frozen parameters and the probe's fixed "
                + "minibatch: variances compared at one point of one trajectory. Work-normalised "
                + "variance is the variance times the median seconds of one estimate, so a "
                + "cheap noisy estimator and a costly quiet one compare fairly. Bias is against "
                + "the exact gradient where the latent space enumerates (\"-\" otherwise).</p>\n");
        for (BasketPoints b : baskets) {
            render(report, b, html);
        }
    }

    /**
     * The panels of the variance figure, so that no panel has more lines than the palette has
     * colours: one per estimator measured at several temperatures (its lines the
     * temperatures), one for the others, each cut into panels of at most ten.
     */
    static Map<String, List<String>> panels(List<String> estimators) {
        Map<String, List<String>> byFamily = new LinkedHashMap<>();
        for (String e : estimators) {
            byFamily.computeIfAbsent(TemperatureSection.withoutTemperature(e),
                    k -> new ArrayList<>()).add(e);
        }
        List<String> others = new ArrayList<>();
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        byFamily.forEach((family, members) -> {
            if (members.size() > 1) {
                grouped.put(family, members);
            } else {
                others.addAll(members);
            }
        });
        if (!others.isEmpty()) {
            grouped.put(grouped.isEmpty() ? "every estimator" : "other estimators", others);
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        int colours = LineChart.PALETTE.size();
        grouped.forEach((title, members) -> {
            for (int from = 0; from < members.size(); from += colours) {
                out.put(from == 0 ? title : title + " (" + (from / colours + 1) + ")",
                        members.subList(from, Math.min(members.size(), from + colours)));
            }
        });
        return out;
    }

    private static void render(ReportContext report, BasketPoints b, StringBuilder html)
            throws IOException {
        ConfigurationGroup g = b.group();
        String stem = "basket-" + RunConfig.slug(g.label());
        List<String> estimators = b.estimators();
        CsvTable curveData = new CsvTable("estimator", "step", "mean", "lower 95%", "upper 95%",
                "n");
        List<Curve> all = new ArrayList<>();
        for (String e : estimators) {
            Curve c = b.curve(e, BasketPoints.VARIANCE);
            all.add(c);
            for (int p = 0; p < c.x().size(); p++) {
                Interval v = c.values().get(p);
                curveData.row(e, c.x().get(p), v.mean(), v.lower(), v.upper(), v.n());
            }
        }
        boolean log = report.options().logSteps();
        double[] range = LineChart.range(all, log);
        List<Chart<?, ?>> panels = new ArrayList<>();
        for (Map.Entry<String, List<String>> panel : panels(estimators).entrySet()) {
            List<LineChart.Line> lines = new ArrayList<>();
            for (String e : panel.getValue()) {
                lines.add(new LineChart.Line(e, all.get(estimators.indexOf(e)),
                        LineChart.colour(lines.size())));
            }
            panels.add(LineChart.of(panel.getKey(), log ? "optimiser steps (log10)"
                    : "optimiser steps", "log10 variance", lines, List.of(), log, range,
                    PANEL_WIDTH, 300 + 18 * lines.size()));
        }
        int height = panels.stream().mapToInt(Chart::getHeight).max().orElseThrow();
        html.append("<h3>Reference: ").append(escape(g.label())).append("</h3>\n");
        html.append(report.figure(new Figure(stem, "Log10 gradient variance against "
                + "optimiser steps of every estimator configuration, measured on the parameters "
                + "of the " + g.label() + " runs at each of their probes (REBAR's log10 of the "
                + "mean per-parameter variance of the encoder's gradient, KL left out); a panel "
                + "per estimator with several temperatures, one for the rest, on one y axis; "
                + "band: 95% interval over the reference runs' seeds. " + report.setting(),
                panels, Math.min(3, panels.size()), PANEL_WIDTH, height, curveData)));
        html.append("<div class=\"scroll\"><table class=\"basket\" id=\"").append(stem)
                .append("-table\"><tr><th>estimator</th><th>unbiased</th><th>n</th>");
        List<String> header = new ArrayList<>(List.of("estimator", "unbiased", "epoch", "n"));
        for (Column c : COLUMNS) {
            html.append("<th>").append(escape(c.heading())).append("</th>");
            header.add(c.name() + " mean");
            header.add(c.name() + " lower 95%");
            header.add(c.name() + " upper 95%");
        }
        html.append("</tr>\n");
        CsvTable table = new CsvTable(header.toArray(String[]::new));
        for (String e : estimators) {
            int n = b.last(e).size();
            boolean unbiased = b.describe(e).unbiased();
            html.append("<tr><td>").append(escape(e)).append("</td><td>")
                    .append(unbiased ? "yes" : "no").append("</td>")
                    .append(num(Integer.toString(n)));
            List<Object> row = new ArrayList<>(List.of(e, unbiased, b.lastEpoch(), n));
            for (Column c : COLUMNS) {
                Optional<Interval> v = b.atLast(e, c.name());
                html.append(num(v.map(i -> fmt(i.mean(), c.digits()) + (i.bounded() ? " "
                        + HtmlText.interval(i, c.digits()) : "")).orElse("-")));
                row.add(v.map(Interval::mean).orElse(Double.NaN));
                row.add(v.map(Interval::lower).orElse(Double.NaN));
                row.add(v.map(Interval::upper).orElse(Double.NaN));
            }
            html.append("</tr>\n");
            table.row(row.toArray());
        }
        html.append("</table></div>\n<p class=\"note\">At the last probe (epoch ")
                .append(b.lastEpoch()).append(") of the ").append(escape(g.label()))
                .append(" runs; mean over seeds [95% interval]. Data: <a href=\"").append(stem)
                .append("-table.csv\">CSV</a>.</p>\n");
        report.write(stem + "-table.csv", table.bytes());
    }
}

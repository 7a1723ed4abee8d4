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
import java.util.List;
import java.util.Optional;

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

    private static void render(ReportContext report, BasketPoints b, StringBuilder html)
            throws IOException {
        ConfigurationGroup g = b.group();
        String stem = "basket-" + RunConfig.slug(g.label());
        List<String> estimators = b.estimators();
        List<LineChart.Line> lines = new ArrayList<>();
        CsvTable curveData = new CsvTable("estimator", "step", "mean", "lower 95%", "upper 95%",
                "n");
        for (int i = 0; i < estimators.size(); i++) {
            Curve c = b.curve(estimators.get(i), BasketPoints.VARIANCE);
            lines.add(new LineChart.Line(estimators.get(i), c, LineChart.colour(i)));
            for (int p = 0; p < c.x().size(); p++) {
                Interval v = c.values().get(p);
                curveData.row(estimators.get(i), c.x().get(p), v.mean(), v.lower(), v.upper(),
                        v.n());
            }
        }
        boolean log = report.options().logSteps();
        html.append("<h3>Reference: ").append(escape(g.label())).append("</h3>\n");
        html.append(report.figure(Figure.single(stem, "Log10 gradient variance against "
                + "optimiser steps of every estimator configuration, measured on the parameters "
                + "of the " + g.label() + " runs at each of their probes (REBAR's log10 of the "
                + "mean per-parameter variance of the encoder's gradient, KL left out); band: "
                + "95% interval over the reference runs' seeds. " + report.setting(),
                LineChart.of("Basket on " + g.label(), log ? "optimiser steps (log10)"
                        : "optimiser steps", "log10 variance", lines, List.of(), log, null, 760,
                        Math.max(420, 300 + 18 * estimators.size())), curveData)));
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

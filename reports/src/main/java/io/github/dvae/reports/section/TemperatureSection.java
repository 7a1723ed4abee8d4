package io.github.dvae.reports.section;

import io.github.dvae.reports.figure.CsvTable;
import io.github.dvae.reports.figure.Figure;
import io.github.dvae.reports.figure.LineChart;
import io.github.dvae.reports.html.ConfigurationGroup;
import io.github.dvae.reports.html.Curve;
import io.github.dvae.reports.html.HtmlText;
import io.github.dvae.reports.html.ReportContext;
import io.github.dvae.reports.html.ReportSection;
import io.github.dvae.reports.stats.Interval;
import io.github.dvae.reports.store.BasketRecord;
import io.github.dvae.reports.store.RunConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The temperature study, from a same-snapshot basket whose sweep has several temperatures: for
 * each biased estimator with a temperature (Gumbel-Softmax, ST Gumbel-Softmax, ...), its bias
 * against the exact gradient (relative error), log10 gradient variance and SNR at the last
 * probe against tau on a log axis, every configuration measured on the same parameters; the
 * unbiased estimators of the basket are horizontal reference lines. Mean over the reference
 * runs' seeds with a 95% interval.
 */
public final class TemperatureSection implements ReportSection {

    private static final int PANEL_WIDTH = 420;

    /** The panels: recorded name, title, axis. */
    private record Panel(String metric, String title, String axis) {
    }

    private static final List<Panel> PANELS = List.of(
            new Panel(BasketPoints.BIAS, "Bias", "relative error vs exact"),
            new Panel(BasketPoints.VARIANCE, "Variance", "log10 variance"),
            new Panel(BasketPoints.SNR, "Signal to noise", "SNR"));

    @Override
    public void render(ReportContext report, StringBuilder html) throws IOException {
        boolean headed = false;
        for (ConfigurationGroup g : report.groups()) {
            Optional<BasketPoints> basket = BasketPoints.of(g);
            if (basket.isEmpty()) {
                continue;
            }
            Map<String, TreeMap<Double, String>> tempered = tempered(basket.get());
            if (tempered.isEmpty()) {
                continue;
            }
            if (!headed) {
                html.append("<h2 id=\"temperature\">Temperature</h2>\n");
                headed = true;
            }
            render(report, basket.get(), tempered, html);
        }
    }

    /**
     * The biased configurations with a temperature, grouped by everything but it (the label
     * without {@code tau=}), each by tau; only groups measured at two temperatures or more.
     */
    static Map<String, TreeMap<Double, String>> tempered(BasketPoints basket) {
        Map<String, TreeMap<Double, String>> out = new LinkedHashMap<>();
        for (String e : basket.estimators()) {
            BasketRecord r = basket.describe(e);
            double tau = r.temperature();
            if (!r.unbiased() && Double.isFinite(tau) && tau > 0) {
                out.computeIfAbsent(withoutTemperature(e), k -> new TreeMap<>()).put(tau, e);
            }
        }
        out.values().removeIf(byTau -> byTau.size() < 2);
        return out;
    }

    static String withoutTemperature(String label) {
        return label.replaceAll("(?<=[:,])tau=[^,]*(,|$)", "").replaceAll("[:,]$", "");
    }

    private static void render(ReportContext report, BasketPoints b,
            Map<String, TreeMap<Double, String>> tempered, StringBuilder html)
            throws IOException {
        double lo = tempered.values().stream().mapToDouble(TreeMap::firstKey).min()
                .orElseThrow();
        double hi = tempered.values().stream().mapToDouble(TreeMap::lastKey).max()
                .orElseThrow();
        List<String> unbiased = b.estimators().stream().filter(e -> b.describe(e).unbiased())
                .toList();
        CsvTable data = new CsvTable("estimator", "kind", "metric", "tau", "mean", "lower 95%",
                "upper 95%", "n");
        List<Chart<?, ?>> panels = new ArrayList<>();
        for (Panel p : PANELS) {
            List<LineChart.Line> lines = new ArrayList<>();
            int colour = 0;
            for (Map.Entry<String, TreeMap<Double, String>> t : tempered.entrySet()) {
                List<Double> xs = new ArrayList<>();
                List<Interval> ys = new ArrayList<>();
                for (Map.Entry<Double, String> at : t.getValue().entrySet()) {
                    Optional<Interval> v = b.atLast(at.getValue(), p.metric());
                    if (v.isPresent()) {
                        xs.add(at.getKey());
                        ys.add(v.get());
                        data.row(t.getKey(), "tempered", p.metric(), at.getKey(),
                                v.get().mean(), v.get().lower(), v.get().upper(), v.get().n());
                    }
                }
                lines.add(new LineChart.Line(t.getKey(), new Curve(xs, ys),
                        LineChart.colour(colour++)));
            }
            for (String e : unbiased) {
                Optional<Interval> v = b.atLast(e, p.metric());
                if (v.isPresent()) {
                    // A horizontal line across the temperatures: tau does not enter.
                    lines.add(new LineChart.Line(e + " (unbiased)", new Curve(List.of(lo, hi),
                            List.of(v.get(), v.get())), LineChart.colour(colour)));
                    data.row(e, "unbiased reference", p.metric(), Double.NaN, v.get().mean(),
                            v.get().lower(), v.get().upper(), v.get().n());
                }
                colour++;
            }
            panels.add(LineChart.of(p.title(), "temperature tau (log10 axis)", p.axis(), lines,
                    List.of(), true, null, PANEL_WIDTH, 300 + 18 * lines.size()));
        }
        int height = panels.stream().mapToInt(Chart::getHeight).max().orElse(400);
        ConfigurationGroup g = b.group();
        String stem = "temperature-" + RunConfig.slug(g.label());
        html.append(report.figure(new Figure(stem, "Bias (relative error "
                + "of the mean against the exact gradient), log10 gradient variance and SNR "
                + "against the temperature tau (log10 axis, " + HtmlText.fmt(lo) + " to "
                + HtmlText.fmt(hi) + ") at the last probe (epoch " + b.lastEpoch() + "), every "
                + "configuration measured on the parameters of the " + g.label() + " runs; "
                + "horizontal lines: the unbiased estimators of the basket (their bias is the "
                + "noise of M estimates). Band: 95% interval over the reference runs' seeds. "
                + report.setting(), panels, PANELS.size(), PANEL_WIDTH, height, data)));
    }
}

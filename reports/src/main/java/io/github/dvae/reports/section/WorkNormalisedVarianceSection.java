package io.github.dvae.reports.section;

import static io.github.dvae.reports.html.HtmlText.escape;
import static io.github.dvae.reports.html.HtmlText.fmt;
import static io.github.dvae.reports.html.HtmlText.num;

import io.github.dvae.reports.figure.CsvTable;
import io.github.dvae.reports.figure.Figure;
import io.github.dvae.reports.html.ConfigurationGroup;
import io.github.dvae.reports.html.HtmlText;
import io.github.dvae.reports.html.ReportContext;
import io.github.dvae.reports.html.ReportSection;
import io.github.dvae.reports.stats.Interval;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.StoredRun;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;

/**
 * Work-normalised variance: the gradient variance at the last probe times the wall time of one
 * optimiser step, {@code log10(variance x seconds per step)}. An estimator that costs twice as
 * much per step (more samples, more decoder passes) must halve its variance to break even, since
 * averaging twice as many cheap estimates in the same time would halve theirs; lower is better.
 * Per seed, then mean and 95% interval over seeds.
 */
public final class WorkNormalisedVarianceSection implements ReportSection {

    private static final String STEP_SECONDS = "step-seconds";

    @Override
    public void render(ReportContext report, StringBuilder html) throws IOException {
        Optional<MetricSpec> variance = report.metric(GradientVarianceSection.VARIANCE);
        Optional<MetricSpec> seconds = report.metric(STEP_SECONDS);
        if (variance.isEmpty() || seconds.isEmpty()) {
            return;
        }
        List<String> labels = new ArrayList<>();
        List<Interval> values = new ArrayList<>();
        List<Interval> times = new ArrayList<>();
        for (ConfigurationGroup g : report.groups()) {
            double[] perSeed = g.runs().stream()
                    .mapToDouble(r -> workNormalised(r, variance.get(), seconds.get()))
                    .filter(Double::isFinite).toArray();
            if (perSeed.length > 0) {
                labels.add(g.label());
                values.add(Interval.of(perSeed));
                times.add(g.last(seconds.get()).orElseThrow());
            }
        }
        if (labels.isEmpty()) {
            return;
        }
        html.append("<h2 id=\"work-normalised\">Work-normalised variance</h2>\n");
        CategoryChart chart = new CategoryChartBuilder().width(760).height(520)
                .title("Gradient variance x time per step (last probe); lower is better")
                .xAxisTitle("configuration").yAxisTitle("log10(variance x seconds per step)")
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        // Steep labels, so that XChart has room for every configuration's name.
        chart.getStyler().setXAxisLabelRotation(60);
        chart.getStyler().setAxisTickLabelsFont(new java.awt.Font(java.awt.Font.SANS_SERIF,
                java.awt.Font.PLAIN, 10));
        chart.getStyler().setDecimalPattern("#0.##");
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        // Bars start at the axis minimum, which XChart puts at 0 unless told: these are logs.
        double lowest = values.stream().mapToDouble(i -> i.bounded() ? i.lower() : i.mean())
                .min().orElse(0);
        chart.getStyler().setYAxisMin(Math.floor(lowest) - 0.5);
        List<Double> means = values.stream().map(Interval::mean).toList();
        List<Double> errors = values.stream().map(i -> i.bounded() ? i.halfWidth() : 0.0)
                .toList();
        CategorySeries s = chart.addSeries("work-normalised variance", labels, means, errors);
        s.setFillColor(new Color(0x4E79A7));
        CsvTable data = new CsvTable("configuration", "log10 work-normalised variance mean",
                "lower 95%", "upper 95%", "seconds per step mean", "n");
        html.append(report.figure(Figure.single("work-normalised-variance",
                "Work-normalised gradient variance, log10(variance x wall seconds per "
                        + "optimiser step), per seed at the last probe and the last epoch's "
                        + "mean step time; error bars: 95% interval over seeds. Lower is "
                        + "better. Times are of this machine and its thread counts (see the "
                        + "environment). " + report.setting(), chart, data(labels, values,
                                times, data))));
        html.append("<table id=\"work-normalised\"><tr><th>configuration</th><th>log10 "
                + "(variance x s per step)</th><th>95% interval</th><th>seconds per step</th>"
                + "</tr>\n");
        for (int i = 0; i < labels.size(); i++) {
            html.append("<tr><td>").append(escape(labels.get(i))).append("</td>")
                    .append(num(fmt(values.get(i).mean(), 3)))
                    .append(num(HtmlText.interval(values.get(i), 3)))
                    .append(num(fmt(times.get(i).mean(), 4))).append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static CsvTable data(List<String> labels, List<Interval> values,
            List<Interval> times, CsvTable data) {
        for (int i = 0; i < labels.size(); i++) {
            Interval v = values.get(i);
            data.row(labels.get(i), v.mean(), v.lower(), v.upper(), times.get(i).mean(), v.n());
        }
        return data;
    }

    /** One run's log10 work-normalised variance; NaN if it lacks either measurement. */
    static double workNormalised(StoredRun run, MetricSpec variance, MetricSpec seconds) {
        double log10Variance = run.last(variance).orElse(Double.NaN);
        double stepSeconds = run.last(seconds).orElse(Double.NaN);
        return stepSeconds > 0 ? log10Variance + Math.log10(stepSeconds) : Double.NaN;
    }
}

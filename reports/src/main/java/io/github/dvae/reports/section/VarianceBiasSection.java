package io.github.dvae.reports.section;

import io.github.dvae.reports.figure.CsvTable;
import io.github.dvae.reports.figure.Figure;
import io.github.dvae.reports.figure.LineChart;
import io.github.dvae.reports.html.ConfigurationGroup;
import io.github.dvae.reports.html.ReportContext;
import io.github.dvae.reports.html.ReportSection;
import io.github.dvae.reports.stats.Interval;
import io.github.dvae.reports.store.MetricSpec;
import java.awt.Color;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Variance against bias for the biased estimators (the temperature study of the Gumbel-Softmax
 * papers): at the last probe, each biased configuration is a point at its relative bias against
 * the reference gradient and its log10 gradient variance, with the variance's 95% interval over
 * seeds. Without a reference (a latent space too large to enumerate) it says so and how to get
 * one.
 */
public final class VarianceBiasSection implements ReportSection {

    private static final String BIAS = "bias-relative-error";

    @Override
    public void render(ReportContext report, StringBuilder html) throws IOException {
        Optional<MetricSpec> variance = report.metric(GradientVarianceSection.VARIANCE);
        if (variance.isEmpty()) {
            return;
        }
        List<ConfigurationGroup> biased = report.groups().stream()
                .filter(g -> !g.key().unbiased()).toList();
        if (biased.isEmpty()) {
            return;
        }
        html.append("<h2 id=\"variance-bias\">Variance against bias</h2>\n");
        Optional<MetricSpec> bias = report.metric(BIAS);
        List<ConfigurationGroup> measured = bias.isEmpty() ? List.of() : biased.stream()
                .filter(g -> g.last(bias.get()).isPresent() && g.last(variance.get()).isPresent())
                .toList();
        if (measured.isEmpty()) {
            html.append("<p class=\"note\">No biased configuration has a measured bias: the "
                    + "probe's reference (<code>--probe-reference</code>, by default "
                    + "<code>exact</code>) cannot serve this latent space (enumeration needs "
                    + "K^N small, e.g. <code>-a \"784-200-(3x4)-200-784\"</code>) and no "
                    + "estimated reference was asked for (<code>--probe-noisy-reference</code>)."
                    + " Their variance is in the table above.</p>\n");
            return;
        }
        XYChart chart = new XYChartBuilder().width(760).height(480)
                .title("Gradient variance against bias (biased estimators, last probe)")
                .xAxisTitle("relative bias ||mean - reference|| / ||reference||")
                .yAxisTitle(variance.get().axisLabel()).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setDecimalPattern("#0.###");
        CsvTable data = new CsvTable("configuration", "relative bias mean", "relative bias "
                + "lower 95%", "relative bias upper 95%", "log10 variance mean",
                "log10 variance lower 95%", "log10 variance upper 95%", "n");
        for (ConfigurationGroup g : measured) {
            Interval b = g.last(bias.get()).orElseThrow();
            Interval v = g.last(variance.get()).orElseThrow();
            XYSeries s = chart.addSeries(g.label(), new double[] {b.mean()},
                    new double[] {v.mean()}, new double[] {v.bounded() ? v.halfWidth() : 0});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            Color c = LineChart.colour(report.colours().getOrDefault(g.label(), 0));
            s.setMarkerColor(c);
            s.setMarker(SeriesMarkers.CIRCLE);
            data.row(g.label(), b.mean(), b.lower(), b.upper(), v.mean(), v.lower(), v.upper(),
                    v.n());
        }
        chart.getStyler().setErrorBarsColor(Color.GRAY);
        html.append(report.figure(Figure.single("variance-bias", "Log10 gradient variance "
                + "against relative bias for the biased estimators at the last probe; error "
                + "bars: 95% interval of the variance over seeds (the CSV has the bias's "
                + "too). The bias is against the exact gradient where the latent space "
                + "enumerates, else against the mean of R draws of an unbiased estimator with "
                + "both means' noise removed (negative: within that noise). Lower left is "
                + "better; the temperature trades variance for bias. "
                + report.setting(), chart, data)));
        report.claim(BIAS);
    }
}

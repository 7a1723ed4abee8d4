package io.github.dvae.benchmarks.curves;

import static io.github.dvae.reports.html.HtmlText.escape;

import io.github.dvae.reports.figure.CsvTable;
import io.github.dvae.reports.figure.Figure;
import io.github.dvae.reports.figure.LineChart;
import io.github.dvae.reports.store.AtomicFiles;
import io.github.dvae.reports.store.RunEnvironment;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figures of a cost-curves table: per curve, wall milliseconds per step and microseconds
 * per image against the curve's x, both axes logarithmic, one colour per estimator, this
 * harness solid with dots and the PyTorch reference dashed in the same colour (at each x the
 * faster of its forms). Each figure is {@code cost-<curve>.svg}, {@code .png} and {@code .csv}
 * (the points drawn), and {@code index.html} shows them with the machine they were measured on.
 */
public final class CostCharts {

    private static final int PANEL_WIDTH = 560;
    /** Height of a panel's plot; its legend below adds a line per series. */
    private static final int PLOT_HEIGHT = 380;
    private static final int LEGEND_LINE = 21;
    private static final BasicStroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    private static final String CSS = """
            body { font-family: sans-serif; margin: 2em auto; max-width: 1200px; color: #222;
                   padding: 0 1em; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
            th { background: #f3f3f3; }
            img { max-width: 100%; height: auto; }
            figure { margin: 1.5em 0; }
            figcaption { color: #444; font-size: 90%; max-width: 1100px; }
            """;

    private CostCharts() {
    }

    /**
     * Writes a figure per curve in {@code table} and {@code index.html} into {@code directory}.
     *
     * @param setting what every point shares (base architecture, batch, steps), for captions
     * @param environment the machine measured on
     * @return the figures' file stems, in page order
     */
    public static List<String> write(Path directory, CostTable table, String setting,
            RunEnvironment environment) throws IOException {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head>"
                + "<meta charset=\"utf-8\"><title>Cost curves</title><style>\n").append(CSS)
                .append("</style></head><body>\n<h1>Cost curves</h1>\n<p>")
                .append(escape(setting)).append(" Every point is in <a href=\"")
                .append(CostTable.FILE).append("\">").append(CostTable.FILE)
                .append("</a>.</p>\n");
        html.append(environmentTable(environment));
        String machine = machine(environment);
        List<String> stems = new ArrayList<>();
        for (CostAxis axis : CostAxis.values()) {
            List<CostRecord> rows = table.records().stream().filter(r -> r.axis() == axis)
                    .toList();
            if (rows.isEmpty()) {
                continue;
            }
            Figure figure = figure(axis, rows, setting + " " + machine);
            html.append("<h2>").append(escape(axis.title())).append("</h2>\n")
                    .append(figure.writeTo(directory));
            stems.add(figure.stem());
        }
        if (stems.isEmpty()) {
            html.append("<p>No point measured yet.</p>\n");
        }
        html.append("</body></html>\n");
        AtomicFiles.write(directory.resolve("index.html"),
                html.toString().getBytes(StandardCharsets.UTF_8));
        return stems;
    }

    /** The figure of one curve's rows: two panels, ms per step and us per image. */
    static Figure figure(CostAxis axis, List<CostRecord> rows, String setting) {
        Map<String, Map<Integer, CostRecord>> harness = new LinkedHashMap<>();
        Map<String, Map<Integer, CostRecord>> pytorch = new LinkedHashMap<>();
        Set<String> estimators = new LinkedHashSet<>();
        for (CostRecord r : rows) {
            estimators.add(r.estimator());
            Map<Integer, CostRecord> series = (r.pytorch() ? pytorch : harness)
                    .computeIfAbsent(r.estimator(), e -> new TreeMap<>());
            // PyTorch at its best: of its forms at one x, the one with more images/s.
            series.merge(r.x(), r, (a, b) -> a.imagesPerSecond() >= b.imagesPerSecond() ? a : b);
        }
        CsvTable data = new CsvTable("estimator", "implementation", axis.id(), "ms_per_step",
                "us_per_image");
        int height = PLOT_HEIGHT + LEGEND_LINE * (harness.size() + pytorch.size());
        List<Chart<?, ?>> panels = List.of(
                chart(axis, "ms per step", height, harness, pytorch, estimators,
                        CostRecord::millisPerStep),
                chart(axis, "\u00b5s per image", height, harness, pytorch, estimators,
                        CostRecord::microsPerImage));
        for (Map<String, Map<Integer, CostRecord>> side : List.of(harness, pytorch)) {
            side.values().forEach(s -> s.values().forEach(r -> data.row(r.estimator(),
                    r.implementation(), r.x(), r.millisPerStep(), r.microsPerImage())));
        }
        String caption = "Wall time of a training step (left) and per image (right) against "
                + axis.title() + ", both axes logarithmic. " + rule(axis) + setting
                + (pytorch.isEmpty() ? "" : " Dashed: the PyTorch reference script, at each "
                        + "point the faster of its forms (dense one-hot input or --gather).");
        return new Figure("cost-" + axis.id(), caption, panels, 2, PANEL_WIDTH, height,
                data);
    }

    private static String rule(CostAxis axis) {
        return switch (axis) {
            case BATCH -> "";
            case K -> "N = round(N0 log2 K0 / log2 K), so every point's latent encodes the "
                    + "base's N0 log2 K0 bits. ";
            case N -> "K as in the base. ";
            case SAMPLES -> "Only estimators with a samples option; a point an estimator "
                    + "refuses (leave-one-out at S = 1) is left out. ";
        };
    }

    private static XYChart chart(CostAxis axis, String yTitle, int height,
            Map<String, Map<Integer, CostRecord>> harness,
            Map<String, Map<Integer, CostRecord>> pytorch, Set<String> estimators,
            ToDoubleFunction<CostRecord> y) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(height)
                .title(yTitle).xAxisTitle(axis.title() + " (log scale)").yAxisTitle(yTitle)
                .build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setAntiAlias(true);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Vertical);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        styler.setDecimalPattern("#0.###");
        // x is drawn as log2 x on a linear axis: a custom formatter puts XChart's ticks at the
        // points measured, labelled with their values (its log axis labels decades only).
        chart.setCustomXAxisTickLabelsFormatter(v -> Long.toString(Math.round(Math.pow(2, v))));
        chart.getStyler().setYAxisLogarithmic(true);
        int colour = 0;
        for (String estimator : estimators) {
            Color c = LineChart.colour(colour++);
            add(chart, estimator, harness.get(estimator), y, c, false);
            add(chart, estimator + " (PyTorch)", pytorch.get(estimator), y, c, true);
        }
        return chart;
    }

    private static void add(XYChart chart, String label, Map<Integer, CostRecord> series,
            ToDoubleFunction<CostRecord> y, Color colour, boolean dashed) {
        if (series == null || series.isEmpty()) {
            return;
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        series.forEach((x, r) -> {
            xs.add(Math.log(x) / Math.log(2));
            ys.add(y.applyAsDouble(r));
        });
        XYSeries s = chart.addSeries(label, xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setMarker(dashed ? SeriesMarkers.DIAMOND : SeriesMarkers.CIRCLE);
        if (dashed) {
            s.setLineStyle(DASHED);
        }
    }

    private static String machine(RunEnvironment e) {
        StringBuilder b = new StringBuilder("Measured on ").append(e.cpuModel()).append(", ")
                .append(e.cores()).append(" cores, ").append(e.blasThreads())
                .append(" thread(s)");
        if (!e.variables().isEmpty()) {
            b.append(", ").append(e.variables());
        }
        return b.append(", ").append(e.startedAt()).append('.').toString();
    }

    private static String environmentTable(RunEnvironment e) {
        Map<String, String> rows = new LinkedHashMap<>();
        rows.put("CPU", e.cpuModel() + " (" + e.cores() + " cores)");
        rows.put("threads", Integer.toString(e.blasThreads()));
        rows.put("variables", e.variables().toString());
        rows.put("JDK", e.javaVm() + " (" + e.javaVersion() + ")");
        rows.put("OS", e.os());
        rows.put("ND4J", e.backend() + ", " + e.blasVendor());
        rows.put("commit", e.gitCommit());
        rows.put("written", e.startedAt());
        StringBuilder b = new StringBuilder("<table>\n");
        rows.forEach((k, v) -> b.append("<tr><th>").append(escape(k)).append("</th><td>")
                .append(escape(v)).append("</td></tr>\n"));
        return b.append("</table>\n").toString();
    }
}

package io.github.dvae.reports.figure;

import io.github.dvae.reports.html.Curve;
import io.github.dvae.reports.stats.Interval;
import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Line charts of curves over seeds, drawn with XChart: a line at the mean and, where every point
 * has an interval, a translucent band between its bounds; optionally thin grey lines of other
 * configurations behind, for context in a small multiple. Axes carry their units.
 */
public final class LineChart {

    /** Distinguishable colours (Tableau 10), reused in order. */
    public static final List<Color> PALETTE = List.of(new Color(0x4E79A7), new Color(0xF28E2B),
            new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948),
            new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC));

    private static final Color CONTEXT = new Color(0, 0, 0, 45);

    /**
     * One curve of a chart.
     *
     * @param label its legend entry
     * @param curve the points
     * @param colour its colour
     */
    public record Line(String label, Curve curve, Color colour) {
    }

    private LineChart() {
    }

    /** The colour of the {@code i}-th configuration. */
    public static Color colour(int i) {
        return PALETTE.get(i % PALETTE.size());
    }

    /**
     * A chart of {@code lines}, each with its band, and {@code context} as thin grey lines
     * without legend entries.
     *
     * @param logX whether the x axis is log10 (points at x <= 0 are left out)
     * @param yRange {@code {min, max}} to share between panels, or null to fit the data
     */
    public static XYChart of(String title, String xTitle, String yTitle, List<Line> lines,
            List<Curve> context, boolean logX, double[] yRange, int width, int height) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setAntiAlias(true);
        styler.setLegendVisible(lines.size() > 1);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Vertical);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, width < 500 ? 12 : 14));
        styler.setDecimalPattern("#0.###");
        chart.getStyler().setXAxisLogarithmic(logX);
        if (yRange != null && yRange[0] < yRange[1]) {
            chart.getStyler().setYAxisMin(yRange[0]);
            chart.getStyler().setYAxisMax(yRange[1]);
        }
        int series = 0;
        for (Curve c : context) {
            Curve shown = c.finitePoints(logX);
            if (shown.isEmpty()) {
                continue;
            }
            XYSeries s = chart.addSeries("context " + series++, shown.x(), means(shown));
            s.setLineColor(CONTEXT);
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(false);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        int drawn = 0;
        for (Line line : lines) {
            Curve c = line.curve().finitePoints(logX);
            if (c.isEmpty()) {
                continue;
            }
            if (c.bounded() && c.x().size() > 1) {
                band(chart, "band " + series++, c, line.colour());
            }
            XYSeries s = chart.addSeries(line.label() + " (n=" + c.values().get(0).n() + ")",
                    c.x(), means(c));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setLineColor(line.colour());
            s.setMarkerColor(line.colour());
            s.setMarker(SeriesMarkers.CIRCLE);
            drawn++;
        }
        if (series + drawn == 0) {
            // XChart cannot draw a chart without a series: one invisible point keeps it valid.
            XYSeries s = chart.addSeries("no data", new double[] {logX ? 1 : 0},
                    new double[] {0});
            s.setShowInLegend(false);
            s.setMarker(SeriesMarkers.NONE);
        }
        return chart;
    }

    /** The range of every lower and upper bound and mean of {@code curves}, padded by 5%. */
    public static double[] range(List<Curve> curves, boolean logX) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Curve c : curves) {
            for (Interval i : c.finitePoints(logX).values()) {
                for (double v : new double[] {i.mean(), i.lower(), i.upper()}) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        if (!(lo < hi)) {
            return null;
        }
        double pad = 0.05 * (hi - lo);
        return new double[] {lo - pad, hi + pad};
    }

    private static List<Double> means(Curve c) {
        return c.values().stream().map(Interval::mean).toList();
    }

    private static void band(XYChart chart, String name, Curve c, Color colour) {
        // A closed polygon: along the upper bounds left to right, back along the lower bounds.
        int n = c.x().size();
        List<Double> xs = new ArrayList<>(2 * n);
        List<Double> ys = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            xs.add(c.x().get(i));
            ys.add(c.values().get(i).upper());
        }
        for (int i = n - 1; i >= 0; i--) {
            xs.add(c.x().get(i));
            ys.add(c.values().get(i).lower());
        }
        XYSeries band = chart.addSeries(name, xs, ys);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 60));
        band.setLineColor(new Color(0, 0, 0, 0));
        band.setMarker(SeriesMarkers.NONE);
        band.setShowInLegend(false);
    }
}

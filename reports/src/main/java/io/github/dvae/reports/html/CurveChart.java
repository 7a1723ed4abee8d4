package io.github.dvae.reports.html;

import io.github.dvae.reports.stats.Interval;
import java.awt.Color;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A line chart of curves over seeds, drawn with XChart: one line per configuration at the mean,
 * and, where every point has an interval, a translucent band between its bounds. Axes carry their
 * units; the title says what the band is.
 */
public final class CurveChart {

    /** Distinguishable colours (Tableau 10), reused in order. */
    static final List<Color> PALETTE = List.of(new Color(0x4E79A7), new Color(0xF28E2B),
            new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948),
            new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC));

    /** One configuration's curve and its name in the legend. */
    public record Line(String label, Curve curve) {
    }

    private final String title;
    private final String xAxis;
    private final String yAxis;
    private final List<Line> lines;

    public CurveChart(String title, String xAxis, String yAxis, List<Line> lines) {
        this.title = title;
        this.xAxis = xAxis;
        this.yAxis = yAxis;
        this.lines = List.copyOf(lines);
    }

    /** The chart as PNG bytes, {@code width x height} pixels. */
    public byte[] png(int width, int height) throws IOException {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xAxis).yAxisTitle(yAxis).build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Vertical);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        styler.setAntiAlias(true);
        chart.getStyler().setDecimalPattern("#0.##");
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            Curve c = line.curve().finitePoints();
            if (c.isEmpty()) {
                continue;
            }
            Color colour = PALETTE.get(i % PALETTE.size());
            if (c.bounded() && c.x().size() > 1) {
                addBand(chart, i, c, colour);
            }
            double[] x = c.x().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] y = c.values().stream().mapToDouble(Interval::mean).toArray();
            XYSeries s = chart.addSeries(line.label() + " (n=" + c.values().get(0).n() + ")", x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setLineColor(colour);
            s.setMarkerColor(colour);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    }

    private static void addBand(XYChart chart, int index, Curve c, Color colour) {
        // A closed polygon: along the upper bounds left to right, back along the lower bounds.
        int n = c.x().size();
        List<Double> xs = new ArrayList<>(2 * n);
        List<Double> ys = new ArrayList<>(2 * n);
        for (int i = 0; i < n; i++) {
            xs.add(c.x().get(i).doubleValue());
            ys.add(c.values().get(i).upper());
        }
        for (int i = n - 1; i >= 0; i--) {
            xs.add(c.x().get(i).doubleValue());
            ys.add(c.values().get(i).lower());
        }
        XYSeries band = chart.addSeries("band " + index, xs, ys);
        band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        band.setFillColor(new Color(colour.getRed(), colour.getGreen(), colour.getBlue(), 50));
        band.setLineColor(new Color(0, 0, 0, 0));
        band.setMarker(SeriesMarkers.NONE);
        band.setShowInLegend(false);
    }
}

package io.github.dvae.reports.figure;

import io.github.dvae.reports.html.Curve;
import io.github.dvae.reports.stats.Interval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * One metric for many configurations as a grid of small panels, one per configuration, on the
 * same axes: each panel draws its configuration's mean and 95% band in colour over the other
 * configurations' means in grey, so the bands never hide each other and every curve can still be
 * compared with the rest. The CSV holds every point.
 */
public final class SmallMultiples {

    private static final int PANEL_WIDTH = 330;
    private static final int PANEL_HEIGHT = 250;
    private static final int COLUMNS = 3;

    private SmallMultiples() {
    }

    /**
     * The figure of {@code curves} (configuration label to its curve, in the order to draw).
     *
     * @param colours the colour index of each configuration, so that a configuration keeps its
     *     colour in every figure
     */
    public static Figure of(String stem, String caption, Map<String, Curve> curves,
            Map<String, Integer> colours, String xTitle, String yTitle, boolean logX) {
        Map<String, Curve> shown = new LinkedHashMap<>(curves);
        double[] range = LineChart.range(List.copyOf(shown.values()), logX);
        List<Chart<?, ?>> panels = new ArrayList<>();
        CsvTable data = new CsvTable("configuration", xTitle, "mean", "lower 95%", "upper 95%",
                "n");
        for (Map.Entry<String, Curve> e : shown.entrySet()) {
            List<Curve> others = shown.entrySet().stream()
                    .filter(o -> !o.getKey().equals(e.getKey())).map(Map.Entry::getValue)
                    .toList();
            panels.add(LineChart.of(e.getKey(), xTitle, yTitle,
                    List.of(new LineChart.Line(e.getKey(), e.getValue(),
                            LineChart.colour(colours.getOrDefault(e.getKey(), 0)))),
                    others, logX, range, PANEL_WIDTH, PANEL_HEIGHT));
            Curve c = e.getValue();
            for (int i = 0; i < c.x().size(); i++) {
                Interval v = c.values().get(i);
                data.row(e.getKey(), c.x().get(i), v.mean(), v.lower(), v.upper(), v.n());
            }
        }
        int columns = Math.min(COLUMNS, panels.size());
        return new Figure(stem, caption, panels, columns, PANEL_WIDTH, PANEL_HEIGHT, data);
    }
}

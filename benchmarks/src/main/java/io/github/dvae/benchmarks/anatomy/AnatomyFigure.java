package io.github.dvae.benchmarks.anatomy;

import io.github.dvae.reports.figure.CsvTable;
import io.github.dvae.reports.figure.Figure;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * The step-anatomy figure: for each estimator a bar of its wall milliseconds per step, stacked
 * by phase (left panel) and by kind of work (right panel), with the numbers as CSV (one row per
 * estimator, phase and kind).
 */
public final class AnatomyFigure {

    /** Tableau's ten colours, one per phase; the kinds take the first three. */
    private static final Color[] COLOURS = {new Color(0x4E79A7), new Color(0xF28E2B),
            new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F), new Color(0xEDC948),
            new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)};

    private static final int WIDTH = 760;
    private static final int HEIGHT = 480;

    private final List<StepAnatomyRow> rows;
    private final String setting;

    /**
     * @param rows the estimators, in the order their bars are drawn
     * @param setting the measurement's setting and machine, for the caption
     */
    public AnatomyFigure(List<StepAnatomyRow> rows, String setting) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a step anatomy needs at least one estimator");
        }
        this.rows = List.copyOf(rows);
        this.setting = setting;
    }

    /** The figure, files {@code step-anatomy.{svg,png,csv}}. */
    public Figure figure() {
        List<String> names = rows.stream().map(StepAnatomyRow::estimator).toList();
        CategoryChart phases = chart("By phase");
        int colour = 0;
        for (StepPhase p : StepPhase.values()) {
            List<Double> ms = rows.stream().map(r -> r.milliseconds(p)).toList();
            phases.addSeries(p.label(), names, ms).setFillColor(COLOURS[colour++]);
        }
        CategoryChart kinds = chart("By kind of work");
        colour = 0;
        for (WorkKind k : WorkKind.values()) {
            List<Double> ms = rows.stream().map(r -> r.milliseconds(k)).toList();
            kinds.addSeries(k.label(), names, ms).setFillColor(COLOURS[colour++]);
        }
        List<Chart<?, ?>> panels = List.of(phases, kinds);
        return new Figure("step-anatomy", "Where a training step's wall time goes, per "
                + "estimator: the stepping thread's JFR samples by phase (left) and by kind of "
                + "work (right), the measured milliseconds per step shared out in proportion "
                + "(time parked waiting for worker threads included pro rata). " + setting,
                panels, 2, WIDTH, HEIGHT, data());
    }

    private CsvTable data() {
        CsvTable data = new CsvTable("estimator", "phase", "kind", "samples", "ms_per_step",
                "step_ms");
        for (StepAnatomyRow r : rows) {
            for (StepPhase p : StepPhase.values()) {
                for (WorkKind k : WorkKind.values()) {
                    int n = r.samples().count(p, k);
                    if (n > 0) {
                        data.row(r.estimator(), p.label(), k.label(), n, r.milliseconds(p, k),
                                r.stepMilliseconds());
                    }
                }
            }
        }
        return data;
    }

    private static CategoryChart chart(String title) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(title).xAxisTitle("estimator").yAxisTitle("ms per step (wall)").build();
        CategoryStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotBackgroundColor(Color.WHITE);
        // Beside the plot: inside, the legend hid the shorter bars.
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        styler.setStacked(true);
        styler.setXAxisLabelRotation(30);
        return chart;
    }
}

package io.github.dvae.reports.section;

import static io.github.dvae.reports.html.HtmlText.escape;
import static io.github.dvae.reports.html.HtmlText.fmt;
import static io.github.dvae.reports.html.HtmlText.num;

import io.github.dvae.reports.figure.SmallMultiples;
import io.github.dvae.reports.html.Axis;
import io.github.dvae.reports.html.ConfigurationGroup;
import io.github.dvae.reports.html.Curve;
import io.github.dvae.reports.html.ReportContext;
import io.github.dvae.reports.html.ReportSection;
import io.github.dvae.reports.store.EpochRecord;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.ProbeRecord;
import io.github.dvae.reports.store.Schedule;
import io.github.dvae.reports.store.StoredRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.DoubleStream;

/**
 * Every other metric drawn along training (those no earlier section showed, such as the
 * estimators' own diagnostics, and any new metric that asks for a curve): a small multiple per
 * configuration that measured it. A metric whose value never changed within any run (a fixed
 * temperature, a constant eta) is a row of one table instead of a flat chart.
 */
public final class MetricCurvesSection implements ReportSection {

    @Override
    public void render(ReportContext report, StringBuilder html) throws IOException {
        List<MetricSpec> pending = report.metrics().stream()
                .filter(m -> m.curve() && m.schedule() != Schedule.FINAL
                        && !report.claimed(m.name()))
                .toList();
        List<String[]> constants = new ArrayList<>();
        StringBuilder figures = new StringBuilder();
        boolean log = report.options().logSteps();
        for (MetricSpec m : pending) {
            List<ConfigurationGroup> measuring = report.groups().stream()
                    .filter(g -> g.measured(m)).toList();
            if (measuring.isEmpty()) {
                continue;
            }
            List<ConfigurationGroup> changing = new ArrayList<>();
            for (ConfigurationGroup g : measuring) {
                if (constant(g, m)) {
                    double v = g.last(m).map(i -> i.mean()).orElse(Double.NaN);
                    constants.add(new String[] {m.title(), g.label(), fmt(v, 4), m.unit()});
                } else {
                    changing.add(g);
                }
            }
            if (!changing.isEmpty()) {
                Map<String, Curve> curves = ElboSection.curves(changing, m, Axis.STEP);
                figures.append(report.figure(SmallMultiples.of("metric-"
                        + m.name().replace('.', '-'), ElboSection.capitalised(m.title())
                        + " along training, against optimiser steps" + (log ? " (log10 axis)"
                        : "") + ", one panel per configuration that changed it. "
                        + m.description() + " " + report.setting(), curves, report.colours(),
                        log ? "optimiser steps (log10)" : Axis.STEP.title(), m.axisLabel(),
                        log)));
            }
            report.claim(m.name());
        }
        if (constants.isEmpty() && figures.length() == 0) {
            return;
        }
        html.append("<h2 id=\"diagnostics\">Estimator diagnostics and other metrics</h2>\n"
                + "<p class=\"note\">What estimators report about themselves at the end of "
                + "each epoch (the annealed temperature, REBAR's eta and lambda, VQ-VAE's "
                + "codebook perplexity and usage), and any other metric drawn along training. "
                + "Mean over seeds with a 95% band.</p>\n");
        if (!constants.isEmpty()) {
            html.append("<p>Constant during training (the same value at every epoch of every "
                    + "seed):</p>\n<table id=\"constant-metrics\"><tr><th>metric</th>"
                    + "<th>configuration</th><th>value</th><th>unit</th></tr>\n");
            for (String[] row : constants) {
                html.append("<tr><td>").append(escape(row[0])).append("</td><td>")
                        .append(escape(row[1])).append("</td>").append(num(row[2]))
                        .append("<td>").append(escape(row[3])).append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        html.append(figures);
    }

    /** Whether {@code metric} had one value throughout, in every run of {@code g}. */
    static boolean constant(ConfigurationGroup g, MetricSpec metric) {
        return g.runs().stream().allMatch(r -> values(r, metric).distinct().count() <= 1)
                && g.runs().stream().flatMapToDouble(r -> values(r, metric)).distinct()
                        .count() <= 1;
    }

    private static DoubleStream values(StoredRun r, MetricSpec metric) {
        DoubleStream all = metric.schedule() == Schedule.PROBE
                ? r.probes().stream().mapToDouble((ProbeRecord p) -> p.value(metric.name()))
                : r.epochs().stream().mapToDouble((EpochRecord e) -> e.value(metric.name()));
        return all.filter(v -> !Double.isNaN(v));
    }
}

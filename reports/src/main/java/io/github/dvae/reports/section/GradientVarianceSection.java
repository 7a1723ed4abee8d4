package io.github.dvae.reports.section;

import static io.github.dvae.reports.html.HtmlText.escape;
import static io.github.dvae.reports.html.HtmlText.fmt;
import static io.github.dvae.reports.html.HtmlText.num;

import io.github.dvae.reports.figure.CsvTable;
import io.github.dvae.reports.figure.SmallMultiples;
import io.github.dvae.reports.html.Axis;
import io.github.dvae.reports.html.ConfigurationGroup;
import io.github.dvae.reports.html.Curve;
import io.github.dvae.reports.html.HtmlText;
import io.github.dvae.reports.html.ReportContext;
import io.github.dvae.reports.html.ReportSection;
import io.github.dvae.reports.stats.Interval;
import io.github.dvae.reports.store.MetricSpec;
import io.github.dvae.reports.store.Schedule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variance probe: log10 of the encoder gradient's variance against optimiser steps (the
 * figure of REBAR and RELAX), one small multiple per configuration, and a table of every probe
 * metric at the last probe (variance, SNR, logit variance, bias when a reference exists).
 */
public final class GradientVarianceSection implements ReportSection {

    /** The probe's headline metric. */
    static final String VARIANCE = "log10-variance";

    @Override
    public void render(ReportContext report, StringBuilder html) throws IOException {
        List<MetricSpec> probeMetrics = report.metrics().stream()
                .filter(m -> m.schedule() == Schedule.PROBE && m.column())
                .filter(m -> report.groups().stream().anyMatch(g -> g.last(m).isPresent()))
                .toList();
        if (probeMetrics.isEmpty()) {
            return;
        }
        html.append("<h2 id=\"variance\">Gradient variance</h2>\n<p class=\"note\">At each "
                + "checkpoint, with the parameters frozen, M independent estimates of the "
                + "gradient of the mean loss on one fixed minibatch (KL term left out).</p>\n");
        Optional<MetricSpec> variance = report.metric(VARIANCE);
        boolean log = report.options().logSteps();
        if (variance.isPresent()) {
            Map<String, Curve> curves = ElboSection.curves(report.groups(), variance.get(),
                    Axis.STEP);
            html.append(report.figure(SmallMultiples.of("gradient-variance-steps",
                    "Gradient variance along training (REBAR's log10 of the mean "
                            + "per-parameter variance) against optimiser steps"
                            + (log ? " (log10 axis)" : "") + ", one panel per configuration "
                            + "(grey: the others' means). " + variance.get().description() + " "
                            + report.setting(), curves, report.colours(),
                    log ? "optimiser steps (log10)" : Axis.STEP.title(),
                    variance.get().axisLabel(), log)));
        }
        html.append("<div class=\"scroll\"><table id=\"gradient-variance\"><tr>"
                + "<th>configuration</th><th>epoch</th><th>n runs</th>");
        for (MetricSpec m : probeMetrics) {
            html.append("<th>").append(escape(m.axisLabel())).append("</th>");
        }
        html.append("</tr>\n");
        List<String> header = new ArrayList<>(List.of("configuration", "epoch", "n"));
        probeMetrics.forEach(m -> {
            header.add(m.name() + " mean");
            header.add(m.name() + " lower 95%");
            header.add(m.name() + " upper 95%");
        });
        CsvTable csv = new CsvTable(header.toArray(String[]::new));
        for (ConfigurationGroup g : report.groups()) {
            if (probeMetrics.stream().noneMatch(m -> g.last(m).isPresent())) {
                continue;
            }
            int epoch = g.runs().stream().filter(r -> !r.probes().isEmpty())
                    .mapToInt(r -> r.probes().get(r.probes().size() - 1).epoch()).max()
                    .orElse(0);
            html.append("<tr><td>").append(escape(g.label())).append("</td>")
                    .append(num(Integer.toString(epoch))).append(num(Integer.toString(g.n())));
            List<Object> row = new ArrayList<>(List.of(g.label(), epoch, g.n()));
            for (MetricSpec m : probeMetrics) {
                Optional<Interval> v = g.last(m);
                int d = HtmlText.digitsFor(m.unit());
                html.append(num(v.map(i -> fmt(i.mean(), d) + (i.bounded() ? " "
                        + HtmlText.interval(i, d) : "")).orElse("-")));
                row.add(v.map(Interval::mean).orElse(Double.NaN));
                row.add(v.map(Interval::lower).orElse(Double.NaN));
                row.add(v.map(Interval::upper).orElse(Double.NaN));
            }
            html.append("</tr>\n");
            csv.row(row.toArray());
        }
        html.append("</table></div>\n<p class=\"note\">At the last probe; mean over seeds "
                + "[95% interval]. \"-\": not measured (bias needs a reference estimator that "
                + "can serve the latent space, e.g. <code>exact</code> for a small one). Data: "
                + "<a href=\"gradient-variance.csv\">CSV</a>.</p>\n");
        report.write("gradient-variance.csv", csv.bytes());
        probeMetrics.forEach(m -> report.claim(m.name()));
        report.claim(VARIANCE);
    }
}

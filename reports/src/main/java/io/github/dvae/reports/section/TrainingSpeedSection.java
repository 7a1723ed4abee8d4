package io.github.dvae.reports.section;

import static io.github.dvae.reports.html.HtmlText.escape;
import static io.github.dvae.reports.html.HtmlText.fmt;
import static io.github.dvae.reports.html.HtmlText.num;

import io.github.dvae.reports.html.ConfigurationGroup;
import io.github.dvae.reports.html.HtmlText;
import io.github.dvae.reports.html.ReportContext;
import io.github.dvae.reports.html.ReportSection;
import io.github.dvae.reports.stats.Interval;
import io.github.dvae.reports.store.MetricSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Training speed per configuration: wall seconds per optimiser step at the last epoch, images per
 * second, and how many times slower than the fastest configuration. Kept as the example of a
 * section that is one class plus one line in
 * {@code META-INF/services/io.github.dvae.reports.html.ReportSection}.
 */
public final class TrainingSpeedSection implements ReportSection {

    @Override
    public void render(ReportContext report, StringBuilder html) {
        Optional<MetricSpec> seconds = report.metric("step-seconds");
        if (seconds.isEmpty()) {
            return;
        }
        List<ConfigurationGroup> timed = report.groups().stream()
                .filter(g -> g.last(seconds.get()).isPresent())
                .sorted(Comparator.comparingDouble(g -> g.last(seconds.get()).orElseThrow()
                        .mean()))
                .toList();
        if (timed.isEmpty()) {
            return;
        }
        double fastest = timed.get(0).last(seconds.get()).orElseThrow().mean();
        html.append("<h2 id=\"speed\">Training speed</h2>\n<p class=\"note\">")
                .append(escape(seconds.get().description())).append(" At the last epoch, on "
                        + "this machine with the thread counts in the environment table; "
                        + "fastest first.</p>\n<table id=\"speed-table\"><tr><th>configuration"
                        + "</th><th>ms per step</th><th>95% interval</th><th>images per s</th>"
                        + "<th>x fastest</th></tr>\n");
        for (ConfigurationGroup g : timed) {
            Interval s = g.last(seconds.get()).orElseThrow();
            String batch = g.key().settings().get("batch-size");
            double images = batch == null ? Double.NaN : Double.parseDouble(batch) / s.mean();
            Interval ms = new Interval(1e3 * s.mean(), 1e3 * s.lower(), 1e3 * s.upper(), s.n(),
                    s.confidence());
            html.append("<tr><td>").append(escape(g.label())).append("</td>")
                    .append(num(fmt(ms.mean(), 2))).append(num(HtmlText.interval(ms, 2)))
                    .append(num(fmt(images, 0))).append(num(fmt(s.mean() / fastest, 2)))
                    .append("</tr>\n");
        }
        html.append("</table>\n");
        report.claim(seconds.get().name());
    }
}

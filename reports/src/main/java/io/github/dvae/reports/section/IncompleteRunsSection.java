package io.github.dvae.reports.section;

import static io.github.dvae.reports.html.HtmlText.escape;

import io.github.dvae.reports.html.ReportContext;
import io.github.dvae.reports.html.ReportSection;
import io.github.dvae.reports.store.StoredRun;
import java.util.List;

/**
 * Runs whose files are damaged (not what their summary states, or unreadable) and runs started
 * but not finished, all left out of every other section.
 */
public final class IncompleteRunsSection implements ReportSection {

    @Override
    public boolean needsCompleteRuns() {
        return false;
    }

    @Override
    public void render(ReportContext report, StringBuilder html) {
        List<StoredRun> damaged = report.runs().stream().filter(StoredRun::damaged).toList();
        List<String> unreadable = report.store().unreadableRuns();
        if (!damaged.isEmpty() || !unreadable.isEmpty()) {
            html.append("<h2 id=\"damaged\">Damaged runs</h2>\n<p class=\"note\">Their files "
                    + "are not what their summary states, or cannot be read; left out above. "
                    + "Rerunning the sweep redoes them.</p>\n<ul id=\"damaged-runs\">\n");
            for (StoredRun r : damaged) {
                html.append("<li>").append(escape(r.config().label())).append(", seed ")
                        .append(r.config().seed()).append(": ").append(escape(r.damage()))
                        .append("</li>\n");
            }
            for (String reason : unreadable) {
                html.append("<li>").append(escape(reason)).append("</li>\n");
            }
            html.append("</ul>\n");
        }
        List<StoredRun> open = report.runs().stream()
                .filter(r -> !r.complete() && !r.damaged()).toList();
        if (open.isEmpty()) {
            return;
        }
        html.append("<h2 id=\"incomplete\">Incomplete runs</h2>\n<p class=\"note\">Started but "
                + "not finished (interrupted, failed or still running); left out above. "
                + "Rerunning the sweep restarts them.</p>\n<ul>\n");
        for (StoredRun r : open) {
            String epochs = r.config().settings().getOrDefault("epochs", "?");
            html.append("<li>").append(escape(r.config().label())).append(", seed ")
                    .append(r.config().seed()).append(": ").append(r.epochs().size())
                    .append(" of ").append(escape(epochs)).append(" epochs (")
                    .append(escape(r.config().runId())).append(")</li>\n");
        }
        html.append("</ul>\n");
    }
}

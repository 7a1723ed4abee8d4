package io.github.dvae.reports.section;

import static io.github.dvae.reports.html.HtmlText.escape;

import io.github.dvae.reports.html.ReportContext;
import io.github.dvae.reports.html.ReportSection;
import io.github.dvae.reports.store.StoredRun;
import java.util.List;

/** Runs started but not finished, left out of every other section. */
public final class IncompleteRunsSection implements ReportSection {

    @Override
    public boolean needsCompleteRuns() {
        return false;
    }

    @Override
    public void render(ReportContext report, StringBuilder html) {
        List<StoredRun> open = report.runs().stream().filter(r -> !r.complete()).toList();
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

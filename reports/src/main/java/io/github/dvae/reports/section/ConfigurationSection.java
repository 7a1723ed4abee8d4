package io.github.dvae.reports.section;

import static io.github.dvae.reports.html.HtmlText.escape;

import io.github.dvae.reports.html.ConfigurationGroup;
import io.github.dvae.reports.html.ReportContext;
import io.github.dvae.reports.html.ReportSection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The settings every configuration shares, then each configuration's own and its runs. */
public final class ConfigurationSection implements ReportSection {

    @Override
    public void render(ReportContext report, StringBuilder html) {
        List<ConfigurationGroup> groups = report.groups();
        html.append("<h2 id=\"configuration\">Configuration</h2>\n");
        Map<String, String> shared = new LinkedHashMap<>(ConfigurationGroup.settings(
                groups.get(0).key()));
        for (ConfigurationGroup g : groups) {
            Map<String, String> s = ConfigurationGroup.settings(g.key());
            shared.entrySet().removeIf(e -> !e.getValue().equals(s.get(e.getKey())));
        }
        html.append("<p>Shared by every configuration:</p>\n<table id=\"shared-settings\">");
        shared.forEach((k, v) -> html.append("<tr><th>").append(escape(k)).append("</th><td>")
                .append(escape(v)).append("</td></tr>"));
        html.append("</table>\n<p>Per configuration (every option resolved, defaults "
                + "included), and its runs:</p>\n<table id=\"configurations\"><tr>"
                + "<th>configuration</th><th>settings</th><th>runs (seed: run id)</th></tr>\n");
        for (ConfigurationGroup g : groups) {
            List<String> own = new ArrayList<>();
            ConfigurationGroup.settings(g.key()).forEach((k, v) -> {
                if (!shared.containsKey(k)) {
                    own.add(k + "=" + v);
                }
            });
            List<String> ids = g.runs().stream()
                    .map(r -> r.config().seed() + ": " + r.config().runId()).toList();
            html.append("<tr><td>").append(escape(g.label())).append("</td><td>")
                    .append(escape(String.join(", ", own))).append("</td><td>")
                    .append(escape(String.join("; ", ids))).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }
}

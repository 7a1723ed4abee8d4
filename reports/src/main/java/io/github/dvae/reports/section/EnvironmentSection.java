package io.github.dvae.reports.section;

import static io.github.dvae.reports.html.HtmlText.escape;

import io.github.dvae.reports.html.ReportContext;
import io.github.dvae.reports.html.ReportSection;
import io.github.dvae.reports.store.RunEnvironment;
import io.github.dvae.reports.store.StoredRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/** Where and when the runs ran, as they recorded it; differing values are listed together. */
public final class EnvironmentSection implements ReportSection {

    @Override
    public boolean needsCompleteRuns() {
        return false;
    }

    @Override
    public void render(ReportContext report, StringBuilder html) {
        List<RunEnvironment> envs = report.runs().stream().map(StoredRun::environment)
                .filter(Objects::nonNull).toList();
        if (envs.isEmpty()) {
            return;
        }
        html.append("<h2 id=\"environment\">Environment</h2>\n<p class=\"note\">As recorded by "
                + "the runs; differing values are listed together.</p>\n"
                + "<table id=\"environment-table\">");
        Map<String, Function<RunEnvironment, Object>> fields = new LinkedHashMap<>();
        fields.put("started", RunEnvironment::startedAt);
        fields.put("git commit", RunEnvironment::gitCommit);
        fields.put("harness version", RunEnvironment::harnessVersion);
        fields.put("Java", e -> e.javaVersion() + " (" + e.javaVendor() + ")");
        fields.put("JVM", RunEnvironment::javaVm);
        fields.put("OS", RunEnvironment::os);
        fields.put("CPU", RunEnvironment::cpuModel);
        fields.put("cores", RunEnvironment::cores);
        fields.put("max heap (MB)", RunEnvironment::maxHeapMegabytes);
        fields.put("ND4J backend", RunEnvironment::backend);
        fields.put("BLAS", RunEnvironment::blasVendor);
        fields.put("BLAS threads per run", RunEnvironment::blasThreads);
        fields.put("parallel runs", RunEnvironment::parallelRuns);
        fields.put("variables", RunEnvironment::variables);
        fields.forEach((name, get) -> {
            TreeSet<String> values = new TreeSet<>();
            envs.forEach(e -> values.add(String.valueOf(get.apply(e))));
            String shown = name.equals("started") && values.size() > 2
                    ? values.first() + " .. " + values.last() : String.join("; ", values);
            html.append("<tr><th>").append(escape(name)).append("</th><td>")
                    .append(escape(shown)).append("</td></tr>");
        });
        html.append("</table>\n");
    }
}

package io.github.dvae.reports.section;

import io.github.dvae.reports.figure.SmallMultiples;
import io.github.dvae.reports.html.Axis;
import io.github.dvae.reports.html.ConfigurationGroup;
import io.github.dvae.reports.html.Curve;
import io.github.dvae.reports.html.ReportContext;
import io.github.dvae.reports.html.ReportSection;
import io.github.dvae.reports.store.MetricSpec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Training and test ELBO along training, against optimiser steps (log10 axis with
 * {@code --log-steps}) and against wall-clock seconds: one small multiple per configuration,
 * with its 95% band over seeds in colour and the other configurations' means in grey.
 */
public final class ElboSection implements ReportSection {

    private static final List<String> METRICS = List.of("test-elbo", "train-elbo");

    @Override
    public void render(ReportContext report, StringBuilder html) throws IOException {
        List<MetricSpec> shown = METRICS.stream().map(report::metric).flatMap(Optional::stream)
                .toList();
        if (shown.isEmpty()) {
            return;
        }
        html.append("<h2 id=\"elbo\">ELBO during training</h2>\n");
        boolean log = report.options().logSteps();
        for (MetricSpec m : shown) {
            for (Axis axis : List.of(Axis.STEP, Axis.SECONDS)) {
                String stem = m.name() + "-" + (axis == Axis.STEP ? "steps" : "seconds");
                String caption = capitalised(m.title()) + " against "
                        + (axis == Axis.STEP ? (log ? "optimiser steps (log10 axis)"
                                : "optimiser steps") : "wall-clock seconds since the run "
                                        + "started (mean over seeds)")
                        + ", one panel per configuration (grey: the others' means). "
                        + m.description() + " " + report.setting();
                html.append(report.figure(SmallMultiples.of(stem, caption,
                        curves(report.groups(), m, axis), report.colours(),
                        axis == Axis.STEP && log ? "optimiser steps (log10)" : axis.title(),
                        m.axisLabel(), axis == Axis.STEP && log)));
            }
            report.claim(m.name());
        }
    }

    /** Each configuration's curve of {@code metric} against {@code axis}, where measured. */
    static Map<String, Curve> curves(List<ConfigurationGroup> groups, MetricSpec metric,
            Axis axis) {
        Map<String, Curve> curves = new LinkedHashMap<>();
        for (ConfigurationGroup g : groups) {
            Curve c = g.curve(metric, axis);
            if (!c.finitePoints(false).isEmpty()) {
                curves.put(g.label(), c);
            }
        }
        return curves;
    }

    static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}

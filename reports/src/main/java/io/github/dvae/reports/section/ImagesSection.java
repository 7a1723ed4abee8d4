package io.github.dvae.reports.section;

import static io.github.dvae.reports.html.HtmlText.escape;

import io.github.dvae.reports.html.ConfigurationGroup;
import io.github.dvae.reports.html.ImageGrid;
import io.github.dvae.reports.html.ReportContext;
import io.github.dvae.reports.html.ReportSection;
import io.github.dvae.reports.store.ImageSet;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.StoredRun;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reconstructions and prior samples per configuration, from its run with the lowest seed: as
 * many as the report's {@code images} option asks (runs keep more), as PNG grids.
 */
public final class ImagesSection implements ReportSection {

    private static final int SCALE = 2;

    @Override
    public void render(ReportContext report, StringBuilder html) throws IOException {
        int shown = report.options().images();
        if (shown == 0) {
            return;
        }
        html.append("<h2 id=\"images\">Reconstructions and samples</h2>\n<p class=\"note\">Per "
                + "configuration, from its run with the lowest seed, after the last epoch. "
                + "Reconstructions: test images as the model saw them (top) and the decoder's "
                + "Bernoulli means at one hard posterior sample (bottom). Samples: Bernoulli "
                + "means at latent codes drawn from the prior. ").append(shown)
                .append(" per configuration (<code>--images</code>).</p>\n");
        List<ConfigurationGroup> groups = report.groups();
        for (int i = 0; i < groups.size(); i++) {
            ConfigurationGroup g = groups.get(i);
            StoredRun run = g.runs().stream().filter(r -> r.images() != null).findFirst()
                    .orElse(null);
            html.append("<h3>").append(escape(g.label())).append("</h3>\n");
            if (run == null || run.images().originals().count() == 0) {
                html.append("<p>No images recorded.</p>\n");
                continue;
            }
            int n = Math.min(shown, run.images().originals().count());
            String stem = String.format(Locale.ROOT, "c%02d-%s", i + 1,
                    RunConfig.slug(g.label()));
            String recon = stem + "-reconstructions.png";
            String samples = stem + "-samples.png";
            report.write(recon, ImageGrid.png(List.of(first(run.images().originals(), n),
                    first(run.images().reconstructions(), n)), SCALE));
            report.write(samples, ImageGrid.png(rowsOf(first(run.images().samples(),
                    Math.min(2 * n, run.images().samples().count())), n), SCALE));
            html.append("<p>Seed ").append(run.config().seed())
                    .append(". Reconstructions:<br><img src=\"").append(recon)
                    .append("\" alt=\"reconstructions of ").append(escape(g.label()))
                    .append("\"><br>Samples from the prior:<br><img src=\"").append(samples)
                    .append("\" alt=\"prior samples of ").append(escape(g.label()))
                    .append("\"></p>\n");
        }
    }

    private static ImageSet first(ImageSet set, int n) {
        return new ImageSet(set.width(), set.height(),
                Arrays.copyOfRange(set.images(), 0, Math.min(n, set.count())));
    }

    private static List<ImageSet> rowsOf(ImageSet set, int perRow) {
        List<ImageSet> rows = new ArrayList<>();
        int[][] all = set.images();
        for (int from = 0; from < all.length; from += perRow) {
            rows.add(new ImageSet(set.width(), set.height(),
                    Arrays.copyOfRange(all, from, Math.min(all.length, from + perRow))));
        }
        return rows.isEmpty() ? List.of(set) : rows;
    }
}

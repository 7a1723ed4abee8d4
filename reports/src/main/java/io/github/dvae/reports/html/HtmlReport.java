package io.github.dvae.reports.html;

import io.github.dvae.reports.stats.Interval;
import io.github.dvae.reports.store.AtomicFiles;
import io.github.dvae.reports.store.EpochRecord;
import io.github.dvae.reports.store.ImageSet;
import io.github.dvae.reports.store.ProbeRecord;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.RunEnvironment;
import io.github.dvae.reports.store.StoredRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Writes the report of a results store into a directory: {@code index.html} with the final test
 * ELBO table, ELBO curves (train and test), the variance probe's results when recorded, a grid of
 * reconstructions and of prior samples per configuration, the resolved configuration and the
 * environment; charts and grids as PNG files beside it. Everything comes from the store, so the
 * report can be rebuilt at any time; files are replaced atomically.
 */
public final class HtmlReport {

    /** Name of the page in the report directory. */
    public static final String INDEX = "index.html";

    private static final int CHART_WIDTH = 900;
    private static final int CHART_HEIGHT = 520;
    private static final int IMAGE_SCALE = 2;
    private static final String CSS = """
            body { font-family: sans-serif; margin: 2em auto; max-width: 1000px; color: #222; }
            h1, h2, h3 { font-weight: 600; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; }
            th { background: #f3f3f3; }
            img { max-width: 100%; }
            p.note { color: #555; font-size: 90%; }
            code { background: #f3f3f3; padding: 0 3px; }
            """;

    private final ResultsStore store;
    private final Path directory;

    private HtmlReport(ResultsStore store, Path directory) {
        this.store = store;
        this.directory = directory;
    }

    /**
     * Builds the report of {@code store} in {@code directory} (created if needed), holding the
     * directory against other writers meanwhile and removing the files of an earlier report
     * that this one no longer references ({@link ReportDirectory}).
     *
     * @return the path of {@code index.html}
     */
    public static Path write(ResultsStore store, Path directory) throws IOException {
        try (ReportDirectory target = ReportDirectory.open(directory)) {
            Path index = new HtmlReport(store, target.path()).write();
            target.prune(index);
            return index;
        }
    }

    private Path write() throws IOException {
        Files.createDirectories(directory);
        List<StoredRun> runs = store.runs();
        List<ConfigurationGroup> groups = ConfigurationGroup.of(runs);
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Discrete VAE estimators: report</title><style>\n").append(CSS)
                .append("</style></head><body>\n")
                .append("<h1>Discrete VAE gradient estimators</h1>\n");
        long complete = runs.stream().filter(StoredRun::complete).count();
        html.append("<p>Store <code>").append(escape(store.root().toString())).append("</code>: ")
                .append(complete).append(" complete run(s) in ").append(groups.size())
                .append(" configuration(s). Report written ").append(Instant.now())
                .append(". ELBO in nats per example (higher is better); intervals are 95% "
                        + "Student-t intervals over seeds.</p>\n");
        if (groups.isEmpty()) {
            html.append("<p>No complete run yet.</p>\n");
        } else {
            finalTable(html, groups);
            curves(html, groups);
            probes(html, groups);
            diagnostics(html, groups);
            images(html, groups);
            configuration(html, groups);
        }
        incomplete(html, runs);
        environment(html, runs);
        html.append("</body></html>\n");
        Path index = directory.resolve(INDEX);
        AtomicFiles.write(index, html.toString().getBytes(StandardCharsets.UTF_8));
        return index;
    }

    private static void finalTable(StringBuilder html, List<ConfigurationGroup> groups) {
        // The K of the bound in the header when every configuration that has it shares one K;
        // otherwise each cell names its own.
        TreeSet<Integer> ks = new TreeSet<>();
        groups.stream().filter(g -> g.iwBound().isPresent())
                .forEach(g -> ks.add(g.key().iwSamples()));
        boolean oneK = ks.size() <= 1;
        String k = ks.size() == 1 ? Integer.toString(ks.first()) : "k";
        html.append("<h2>Final test ELBO</h2>\n<p class=\"note\">After the last epoch, on the "
                + "whole test set with one hard posterior sample per example; best first. ")
                .append(boundNote(groups, ks)).append("</p>\n")
                .append("<table id=\"final-test-elbo\"><tr><th>configuration</th><th>n runs</th>"
                        + "<th>test ELBO (nats)</th><th>95% interval</th>"
                        + "<th>test log p(x) &ge; (IW-").append(k).append(")</th>"
                        + "<th>test log p(x|z)</th><th>test KL</th><th>train ELBO</th>"
                        + "<th>wall time per run (s)</th></tr>\n");
        List<ConfigurationGroup> ranked = new ArrayList<>(groups);
        // Best first; a diverged configuration (NaN) last.
        ranked.sort(Comparator.comparingDouble((ConfigurationGroup g) -> {
            double mean = g.finalTestElbo().mean();
            return Double.isNaN(mean) ? Double.NEGATIVE_INFINITY : mean;
        }).reversed());
        for (ConfigurationGroup g : ranked) {
            Interval test = g.finalTestElbo();
            html.append("<tr><td>").append(escape(g.label())).append("</td>")
                    .append(num(Integer.toString(g.n())))
                    .append(num(fmt(test.mean())))
                    .append(num(interval(test)))
                    .append(num(iwBound(g, !oneK)))
                    .append(num(fmt(g.last(EpochRecord::testReconstruction).mean())))
                    .append(num(fmt(g.last(EpochRecord::testKl).mean())))
                    .append(num(fmt(g.last(EpochRecord::trainElbo).mean())))
                    .append(num(fmt(g.perRun(r -> r.summary().wallSeconds()).mean(), 1)))
                    .append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** What the bound's column holds, and what it cost. */
    private static String boundNote(List<ConfigurationGroup> groups, TreeSet<Integer> ks) {
        String what = "Test log p(x) &ge; (IW-K): the importance-weighted bound on log p(x) "
                + "(Burda et al. 2016) with K posterior samples per test image, the mean over "
                + "the whole test set after the last epoch";
        if (ks.isEmpty()) {
            return what + "; not computed for these runs (<code>--iw-samples K</code> turns it "
                    + "on; K = 1000 in the papers).";
        }
        double[] seconds = groups.stream().flatMap(g -> g.runs().stream())
                .map(r -> r.summary().iwBoundSeconds()).filter(java.util.Objects::nonNull)
                .mapToDouble(Double::doubleValue).toArray();
        double meanSeconds = java.util.Arrays.stream(seconds).average().orElse(Double.NaN);
        return what + " (K = " + ks.stream().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", ")) + " here; 1000 in the "
                + "papers), with its 95% interval over seeds. It lies below log p(x) and, in "
                + "expectation, above the ELBO, and tightens as K grows; \"-\" where it was not "
                + "computed (a latent family without a posterior density to weigh samples by, "
                + "such as VQ-VAE's). It took " + fmt(meanSeconds, 1) + " s on average per run "
                + "that computed it (K decoder passes per test image), included in the wall "
                + "time.";
    }

    /** The bound's mean and interval over seeds, or "-" when no run of {@code g} computed it. */
    private static String iwBound(ConfigurationGroup g, boolean withK) {
        return g.iwBound().map(i -> fmt(i.mean()) + (i.bounded() ? " " + interval(i) : "")
                + (withK ? " (k=" + g.key().iwSamples() + ")" : "")).orElse("-");
    }

    private void curves(StringBuilder html, List<ConfigurationGroup> groups) throws IOException {
        html.append("<h2>ELBO during training</h2>\n");
        chart(html, "test-elbo.png", "Test ELBO (whole test set, hard samples); mean over seeds, "
                + "95% band", "ELBO (nats per example)", groups,
                g -> g.epochCurve(EpochRecord::testElbo));
        chart(html, "train-elbo.png", "Train ELBO (running mean over each epoch); mean over "
                + "seeds, 95% band", "ELBO (nats per example)", groups,
                g -> g.epochCurve(EpochRecord::trainElbo));
    }

    private void chart(StringBuilder html, String file, String title, String yAxis,
            List<ConfigurationGroup> groups, Function<ConfigurationGroup, Curve> curve)
            throws IOException {
        List<CurveChart.Line> lines = new ArrayList<>();
        for (ConfigurationGroup g : groups) {
            lines.add(new CurveChart.Line(g.label(), curve.apply(g)));
        }
        byte[] png = new CurveChart(title, "epoch", yAxis, lines).png(CHART_WIDTH, CHART_HEIGHT);
        AtomicFiles.write(directory.resolve(file), png);
        html.append("<p><img src=\"").append(file).append("\" alt=\"").append(escape(title))
                .append("\"></p>\n");
    }

    private void probes(StringBuilder html, List<ConfigurationGroup> groups) throws IOException {
        List<ConfigurationGroup> probed = groups.stream().filter(ConfigurationGroup::probed)
                .toList();
        if (probed.isEmpty()) {
            return;
        }
        html.append("<h2>Gradient variance</h2>\n<p class=\"note\">At each checkpoint, with the "
                + "parameters frozen, M independent estimates of the gradient of the mean loss on "
                + "one fixed minibatch (KL term left out). Variance: log10 of the mean over "
                + "parameters of each parameter's sample variance (REBAR's convention); SNR: mean "
                + "of |mean| / std. Bias: the mean estimate against the reference estimator's "
                + "gradient, when the latent space is small enough to enumerate.</p>\n");
        chart(html, "gradient-variance.png", "Encoder gradient variance; mean over seeds, 95% "
                + "band", "log10 of the mean per-parameter variance", probed,
                g -> g.probeCurve(ProbeRecord::log10Variance));
        html.append("<table id=\"gradient-variance\"><tr><th>configuration</th><th>epoch</th>"
                + "<th>n runs</th><th>M</th><th>log10 var (encoder)</th><th>95% interval</th>"
                + "<th>SNR</th><th>log10 var (logits)</th><th>relative error</th>"
                + "<th>cosine</th></tr>\n");
        for (ConfigurationGroup g : probed) {
            List<ProbeRecord> last = g.runs().stream().filter(r -> !r.probes().isEmpty())
                    .map(r -> r.probes().get(r.probes().size() - 1)).toList();
            Interval variance = over(last, ProbeRecord::log10Variance);
            List<ProbeRecord> withBias = last.stream().filter(p -> p.bias() != null).toList();
            html.append("<tr><td>").append(escape(g.label())).append("</td>")
                    .append(num(Integer.toString(last.get(0).epoch())))
                    .append(num(Integer.toString(last.size())))
                    .append(num(Integer.toString(last.get(0).estimates())))
                    .append(num(fmt(variance.mean(), 3)))
                    .append(num(interval(variance, 3)))
                    .append(num(fmt(over(last, ProbeRecord::signalToNoise).mean(), 3)))
                    .append(num(fmt(over(last, ProbeRecord::logitLog10Variance).mean(), 3)))
                    .append(num(withBias.isEmpty() ? "-"
                            : fmt(over(withBias, p -> p.bias().relativeError()).mean(), 3)))
                    .append(num(withBias.isEmpty() ? "-"
                            : fmt(over(withBias, p -> p.bias().cosine()).mean(), 3)))
                    .append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /**
     * Every quantity estimators report about themselves (temperature, eta, lambda, a baseline,
     * VQ's codebook perplexity and usage): one chart per name, over the configurations that
     * report it, and their final values.
     */
    private void diagnostics(StringBuilder html, List<ConfigurationGroup> groups)
            throws IOException {
        java.util.SortedSet<String> names = new java.util.TreeSet<>();
        for (ConfigurationGroup g : groups) {
            for (StoredRun r : g.runs()) {
                for (EpochRecord e : r.epochs()) {
                    if (e.diagnostics() != null) {
                        names.addAll(e.diagnostics().keySet());
                    }
                }
            }
        }
        if (names.isEmpty()) {
            return;
        }
        html.append("<h2>Estimator diagnostics</h2>\n<p class=\"note\">What estimators report "
                + "about themselves at the end of each epoch (e.g. the annealed temperature, "
                + "REBAR's eta and lambda, VQ-VAE's codebook perplexity and the fraction of "
                + "entries in use); mean over seeds, 95% band.</p>\n");
        html.append("<table id=\"diagnostics\"><tr><th>configuration</th>");
        for (String name : names) {
            html.append("<th>").append(escape(name)).append(" (final)</th>");
        }
        html.append("</tr>\n");
        for (ConfigurationGroup g : groups) {
            html.append("<tr><td>").append(escape(g.label())).append("</td>");
            for (String name : names) {
                Interval v = g.last(e -> diagnostic(e, name));
                html.append(num(Double.isFinite(v.mean()) ? fmt(v.mean(), 3) : "-"));
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
        for (String name : names) {
            List<ConfigurationGroup> reporting = groups.stream()
                    .filter(g -> Double.isFinite(g.last(e -> diagnostic(e, name)).mean()))
                    .toList();
            if (reporting.isEmpty()) {
                continue;
            }
            chart(html, "diagnostic-" + RunConfig.slug(name) + ".png", name
                    + " along training; mean over seeds, 95% band", name, reporting,
                    g -> g.epochCurve(e -> diagnostic(e, name)));
        }
    }

    private static double diagnostic(EpochRecord e, String name) {
        Double v = e.diagnostics() == null ? null : e.diagnostics().get(name);
        return v == null ? Double.NaN : v;
    }

    private static <T> Interval over(List<T> records, ToDoubleFunction<T> metric) {
        return Interval.of(records.stream().mapToDouble(metric).toArray());
    }

    private void images(StringBuilder html, List<ConfigurationGroup> groups) throws IOException {
        html.append("<h2>Reconstructions and samples</h2>\n<p class=\"note\">Per configuration, "
                + "from its run with the lowest seed, after the last epoch. Reconstructions: test "
                + "images as the model saw them (top) and the decoder's Bernoulli means at one "
                + "hard posterior sample (bottom). Samples: Bernoulli means at latent codes drawn "
                + "from the uniform prior.</p>\n");
        for (int i = 0; i < groups.size(); i++) {
            ConfigurationGroup g = groups.get(i);
            StoredRun run = g.runs().stream().filter(r -> r.images() != null).findFirst()
                    .orElse(null);
            html.append("<h3>").append(escape(g.label())).append("</h3>\n");
            if (run == null) {
                html.append("<p>No images recorded.</p>\n");
                continue;
            }
            String stem = String.format(Locale.ROOT, "c%02d-%s", i + 1, RunConfig.slug(g.label()));
            String recon = stem + "-reconstructions.png";
            String samples = stem + "-samples.png";
            AtomicFiles.write(directory.resolve(recon), ImageGrid.png(
                    List.of(run.images().originals(), run.images().reconstructions()),
                    IMAGE_SCALE));
            AtomicFiles.write(directory.resolve(samples),
                    ImageGrid.png(rowsOf(run.images().samples(),
                            Math.max(1, run.images().originals().count())), IMAGE_SCALE));
            html.append("<p>Seed ").append(run.config().seed()).append(". Reconstructions:<br><img src=\"")
                    .append(recon).append("\" alt=\"reconstructions of ").append(escape(g.label()))
                    .append("\"><br>Samples from the prior:<br><img src=\"").append(samples)
                    .append("\" alt=\"prior samples of ").append(escape(g.label()))
                    .append("\"></p>\n");
        }
    }

    private static List<ImageSet> rowsOf(ImageSet set, int perRow) {
        List<ImageSet> rows = new ArrayList<>();
        int[][] all = set.images();
        for (int from = 0; from < all.length; from += perRow) {
            int to = Math.min(all.length, from + perRow);
            rows.add(new ImageSet(set.width(), set.height(),
                    java.util.Arrays.copyOfRange(all, from, to)));
        }
        return rows.isEmpty() ? List.of(set) : rows;
    }

    private static void configuration(StringBuilder html, List<ConfigurationGroup> groups) {
        html.append("<h2>Configuration</h2>\n");
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

    private void incomplete(StringBuilder html, List<StoredRun> runs) {
        List<StoredRun> damaged = runs.stream().filter(StoredRun::damaged).toList();
        List<String> unreadable = store.unreadableRuns();
        if (!damaged.isEmpty() || !unreadable.isEmpty()) {
            html.append("<h2>Damaged runs</h2>\n<p class=\"note\">Their files are not what "
                    + "their summary states, or cannot be read; left out above. Rerunning the "
                    + "sweep redoes them.</p>\n<ul id=\"damaged-runs\">\n");
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
        List<StoredRun> open = runs.stream().filter(r -> !r.complete() && !r.damaged())
                .toList();
        if (open.isEmpty()) {
            return;
        }
        html.append("<h2>Incomplete runs</h2>\n<p class=\"note\">Started but not finished "
                + "(interrupted, failed or still running); left out above. Rerunning the sweep "
                + "restarts them.</p>\n<ul>\n");
        for (StoredRun r : open) {
            html.append("<li>").append(escape(r.config().label())).append(", seed ")
                    .append(r.config().seed()).append(": ").append(r.epochs().size()).append(" of ")
                    .append(r.config().epochs()).append(" epochs (").append(escape(r.config().runId()))
                    .append(")</li>\n");
        }
        html.append("</ul>\n");
    }

    private static void environment(StringBuilder html, List<StoredRun> runs) {
        List<RunEnvironment> envs = runs.stream().map(StoredRun::environment)
                .filter(e -> e != null).toList();
        if (envs.isEmpty()) {
            return;
        }
        html.append("<h2>Environment</h2>\n<p class=\"note\">As recorded by the runs; "
                + "differing values are listed together.</p>\n<table id=\"environment\">");
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
            Set<String> values = new TreeSet<>();
            envs.forEach(e -> values.add(String.valueOf(get.apply(e))));
            String shown = name.equals("started") && values.size() > 2
                    ? ((TreeSet<String>) values).first() + " .. " + ((TreeSet<String>) values).last()
                    : String.join("; ", values);
            html.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(shown))
                    .append("</td></tr>");
        });
        html.append("</table>\n");
    }

    private static String num(String text) {
        return "<td class=\"num\">" + escape(text) + "</td>";
    }

    static String fmt(double v) {
        return fmt(v, 2);
    }

    static String fmt(double v, int digits) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + digits + "f", v)
                : String.valueOf(v);
    }

    static String interval(Interval i) {
        return interval(i, 2);
    }

    static String interval(Interval i, int digits) {
        return i.bounded() ? "[" + fmt(i.lower(), digits) + ", " + fmt(i.upper(), digits) + "]"
                : "n=1, no interval";
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

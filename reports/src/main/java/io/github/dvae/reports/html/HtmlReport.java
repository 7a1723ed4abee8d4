package io.github.dvae.reports.html;

import io.github.dvae.reports.store.AtomicFiles;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.StoredRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Writes the report of a results store into a directory: {@code index.html}, made of the
 * {@link ReportSection}s listed in this module's services file, in order, with every figure as
 * SVG and PNG and its data as CSV beside it. Everything comes from the store, so the report can
 * be rebuilt at any time; files are replaced atomically, and files of an earlier report that this
 * one no longer references are removed ({@link ReportDirectory}). The page needs no network: it
 * works from {@code file://}.
 */
public final class HtmlReport {

    /** Name of the page in the report directory. */
    public static final String INDEX = "index.html";

    private static final String CSS = """
            body { font-family: sans-serif; margin: 2em auto; max-width: 1100px; color: #222;
                   padding: 0 1em; }
            h1, h2, h3 { font-weight: 600; }
            table { border-collapse: collapse; margin: 1em 0; }
            th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: left; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            th { background: #f3f3f3; }
            tr.best td { font-weight: 600; }
            .scroll { overflow-x: auto; }
            img { max-width: 100%; height: auto; }
            figure { margin: 1.5em 0; }
            figcaption { color: #444; font-size: 90%; max-width: 1000px; }
            p.note { color: #555; font-size: 90%; }
            code { background: #f3f3f3; padding: 0 3px; }
            nav a { margin-right: 1em; }
            """;

    private HtmlReport() {
    }

    /**
     * Builds the report of {@code store} in {@code directory} (created if needed) with the
     * default options.
     *
     * @return the path of {@code index.html}
     */
    public static Path write(ResultsStore store, Path directory) throws IOException {
        return write(store, directory, ReportOptions.DEFAULT);
    }

    /**
     * Builds the report of {@code store} in {@code directory} (created if needed), holding the
     * directory against other writers meanwhile and removing the files of an earlier report
     * that this one no longer references ({@link ReportDirectory}).
     *
     * @return the path of {@code index.html}
     */
    public static Path write(ResultsStore store, Path directory, ReportOptions options)
            throws IOException {
        try (ReportDirectory target = ReportDirectory.open(directory)) {
            Path index = render(store, target.path(), options);
            target.prune(index);
            return index;
        }
    }

    private static Path render(ResultsStore store, Path dir, ReportOptions options)
            throws IOException {
        List<StoredRun> runs = store.runs();
        ReportContext report = new ReportContext(store, dir, runs, options);
        StringBuilder html = new StringBuilder(32_768);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Discrete VAE estimators: report</title><style>\n").append(CSS)
                .append("</style></head><body>\n")
                .append("<h1>Discrete VAE gradient estimators</h1>\n");
        long complete = runs.stream().filter(StoredRun::complete).count();
        html.append("<p>Store <code>").append(HtmlText.escape(store.root().toString()))
                .append("</code>: ").append(complete).append(" complete run(s) in ")
                .append(report.groups().size()).append(" configuration(s). Report written ")
                .append(Instant.now()).append(". ELBO in nats per example (higher is better); "
                        + "intervals are 95% Student-t intervals over seeds. Every figure is "
                        + "an SVG with its PNG and its data (CSV) beside it.</p>\n");
        if (report.groups().isEmpty()) {
            html.append("<p>No complete run yet.</p>\n");
        }
        for (ReportSection section : sections()) {
            if (!report.groups().isEmpty() || !section.needsCompleteRuns()) {
                section.render(report, html);
            }
        }
        html.append("</body></html>\n");
        Path index = dir.resolve(INDEX);
        AtomicFiles.write(index, html.toString().getBytes(StandardCharsets.UTF_8));
        return index;
    }

    /** The sections of every report, in page order. */
    public static List<ReportSection> sections() {
        return ServiceLoader.load(ReportSection.class, ReportSection.class.getClassLoader())
                .stream().map(ServiceLoader.Provider::get).toList();
    }
}

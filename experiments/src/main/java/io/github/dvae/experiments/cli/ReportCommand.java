package io.github.dvae.experiments.cli;

import io.github.dvae.reports.html.HtmlReport;
import io.github.dvae.reports.html.ReportOptions;
import io.github.dvae.reports.store.ResultsStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dvae report <store>}: rebuilds the HTML report from a results store alone. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rebuilds the HTML report of a results store from the store alone, and "
                + "prints the report's path.", ""})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "STORE", description = "The results store (a sweep's --output).")
    Path store;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Where to write the report. Default: STORE/report.")
    Path output;

    @picocli.CommandLine.Mixin
    ReportArguments report = new ReportArguments();

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(store.resolve("runs"))) {
            throw new UsageException("no results store at " + store.toAbsolutePath()
                    + ": expected a directory holding runs/ (a sweep's --output)");
        }
        ReportOptions options = report.options();
        ResultsStore results = ResultsStore.at(store);
        Path target = output != null ? output : results.root().resolve(SweepCommand.REPORT);
        OutputDirectory.require(output != null ? "--output" : "STORE/report", target);
        // Reading needs no lock: a sweep writing the store meanwhile shows as runs in progress.
        Path index = HtmlReport.write(results, target, options);
        spec.commandLine().getOut().println(index);
        return ExitCode.OK;
    }
}

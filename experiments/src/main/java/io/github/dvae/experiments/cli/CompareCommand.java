package io.github.dvae.experiments.cli;

import io.github.dvae.reports.compare.StoreComparison;
import io.github.dvae.reports.store.ResultsStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dvae compare BASE NEW}: compares two results stores configuration by configuration,
 * writes the comparison's report, prints its Markdown summary (for a pull-request comment) and
 * then the report's path; with {@code --fail-on-regression}, exits {@link ExitCode#REGRESSION}
 * when a configuration got significantly worse.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compares two results stores (e.g. main's and a branch's): per "
                + "configuration, the ELBO, the gradient variance and every other metric over "
                + "seeds, their differences with 95%% intervals and Welch's t-test, new and "
                + "missing configurations, and run time. Prints a Markdown summary, then the "
                + "path of the comparison's report.", ""})
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "BASE", description = "The base results store.")
    Path base;

    @Parameters(index = "1", paramLabel = "NEW", description = "The new results store.")
    Path candidate;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Where to write the comparison's report. Default: NEW/compare.")
    Path output;

    @Option(names = "--fail-on-regression",
            description = "Exit " + ExitCode.REGRESSION + " when a configuration got "
                    + "significantly worse (p < 0.05) on the test ELBO, the bound on log p(x), "
                    + "the gradient variance or another metric with a direction.")
    boolean failOnRegression;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        for (Path store : new Path[] {base, candidate}) {
            if (!Files.isDirectory(store.resolve("runs"))) {
                throw new UsageException("no results store at " + store.toAbsolutePath()
                        + ": expected a directory holding runs/ (a sweep's --output)");
            }
        }
        StoreComparison comparison = StoreComparison.of(ResultsStore.at(base),
                ResultsStore.at(candidate));
        Path index = comparison.writeReport(output != null ? output
                : ResultsStore.at(candidate).root().resolve("compare"));
        PrintWriter out = spec.commandLine().getOut();
        out.print(comparison.markdown());
        out.println();
        out.println(index);
        out.flush();
        if (comparison.regressed() && failOnRegression) {
            spec.commandLine().getErr().println("dvae: a configuration got significantly "
                    + "worse; see " + index);
            return ExitCode.REGRESSION;
        }
        return ExitCode.OK;
    }
}

package io.github.dvae.experiments.cli;

import io.github.dvae.reports.html.ReportOptions;
import io.github.dvae.reports.store.RunImages;
import picocli.CommandLine.Option;

/**
 * The options that only change what a report shows, shared by {@code dvae}, {@code sweep},
 * {@code report} and {@code toy}. They are not part of any run's configuration: changing them
 * retrains nothing.
 */
final class ReportArguments {

    @Option(names = "--images", defaultValue = "10", paramLabel = "N",
            description = "Reconstructions shown per configuration, with 2N prior samples "
                    + "(0.." + RunImages.KEPT + "; runs keep " + RunImages.KEPT + "). "
                    + "Default: ${DEFAULT-VALUE}.")
    int images = 10;

    @Option(names = "--log-steps",
            description = "Draw figures against optimiser steps on a log10 axis (always, when a "
                    + "run was evaluated on a log:N schedule, the default of --steps).")
    boolean logSteps;

    /**
     * The report's options.
     *
     * @throws UsageException for a value out of range
     */
    ReportOptions options() {
        if (images < 0 || images > RunImages.KEPT) {
            throw new UsageException("images must be in 0.." + RunImages.KEPT + " (runs keep "
                    + RunImages.KEPT + "), got " + images);
        }
        return new ReportOptions(images, logSteps);
    }
}

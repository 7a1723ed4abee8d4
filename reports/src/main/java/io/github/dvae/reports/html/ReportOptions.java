package io.github.dvae.reports.html;

/**
 * What a report shows, as opposed to what runs measured: none of it is part of a run's
 * configuration, so changing it rebuilds the report and retrains nothing.
 *
 * @param images reconstructions shown per configuration (twice as many prior samples), at most
 *     what runs keep
 * @param logSteps whether figures against optimiser steps use a log10 axis; a report of runs
 *     evaluated on a logarithmic schedule uses one whatever this says (see
 *     {@link ReportContext#options()})
 */
public record ReportOptions(int images, boolean logSteps) {

    /** Ten images, linear axes. */
    public static final ReportOptions DEFAULT = new ReportOptions(10, false);

    public ReportOptions {
        if (images < 0) {
            throw new IllegalArgumentException("images must be >= 0, got " + images);
        }
    }

    /** These options with a log10 step axis. */
    public ReportOptions withLogSteps() {
        return new ReportOptions(images, true);
    }
}

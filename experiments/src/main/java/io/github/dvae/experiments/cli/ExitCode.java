package io.github.dvae.experiments.cli;

/** The process's exit codes. */
public final class ExitCode {

    /** Everything ran. */
    public static final int OK = 0;
    /** At least one run failed (the others ran, and the report was written). */
    public static final int RUN_FAILED = 1;
    /** A bad value on the command line or in what it names: nothing ran. */
    public static final int USAGE = 2;
    /** {@code compare --fail-on-regression}: a configuration got significantly worse. */
    public static final int REGRESSION = 3;
    /**
     * Interrupted by Ctrl-C (128 + SIGINT, as shells report it): complete runs are kept, the
     * report of them is written, and the same command resumes the rest.
     */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}

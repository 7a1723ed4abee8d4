package io.github.dvae.benchmarks;

import io.github.dvae.core.data.DataFormatException;
import io.github.dvae.core.tensor.OpenBlasThreads;
import io.github.dvae.core.tensor.VectorApiHint;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How the benchmarks' picocli commands start and end: OpenBLAS's idle threads set to sleep before
 * ND4J loads, and a user error (a bad value, an unreadable data file) reported as one line
 * {@code error: ...} with exit status 2, without a stack trace. They run in the JVM the user
 * started, so a JVM without {@code jdk.incubator.vector} gets {@link VectorApiHint}'s note.
 */
final class CommandExit {

    private CommandExit() {
    }

    /** Runs {@code command} on {@code args} and exits the JVM with its status. */
    static void run(Object command, String[] args) {
        OpenBlasThreads.configure();
        CommandLine cli = new CommandLine(command);
        VectorApiHint.printIfAbsent(cli.getCommandName(), System.err);
        System.exit(execute(cli, args));
    }

    /**
     * Runs {@code cli} on {@code args} as {@link #run} does, without touching the process (no
     * OpenBLAS set-up, no exit), and returns the exit status: for tests.
     */
    static int execute(CommandLine cli, String[] args) {
        cli.setExecutionExceptionHandler((e, c, p) -> {
            if (e instanceof IllegalArgumentException || e instanceof DataFormatException) {
                c.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /**
     * Refuses {@code value} for {@code option} below {@code least}, naming both (picocli then
     * prints the message and the usage, exit status 2).
     */
    static void atLeast(CommandSpec spec, String option, int value, int least) {
        if (value < least) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be >= " + least + ", got " + value);
        }
    }
}

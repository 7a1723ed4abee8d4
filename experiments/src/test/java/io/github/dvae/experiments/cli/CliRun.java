package io.github.dvae.experiments.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** One run of the command line in-process: its exit code and what it printed. */
record CliRun(int code, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DvaeCommand.execute(args, false, new PrintWriter(out), new PrintWriter(err));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** The sweep {@code args} define (a sweep file's and a preset's values included), not run. */
    static io.github.dvae.experiments.sweep.SweepDefinition definition(String... args) {
        StringWriter sink = new StringWriter();
        picocli.CommandLine cli = DvaeCommand.forArguments(args, false, new PrintWriter(sink),
                new PrintWriter(sink));
        cli.parseArgs(args);
        return ((DvaeCommand) cli.getCommand()).sweep.definition();
    }

    /** Lines of standard output. */
    List<String> outLines() {
        return out.lines().toList();
    }
}

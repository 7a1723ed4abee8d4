package io.github.dvae.experiments.cli;

import io.github.dvae.core.data.DataFormatException;
import io.github.dvae.core.estimator.InvalidOptionException;
import io.github.dvae.experiments.environment.EnvironmentCapture;
import io.github.dvae.experiments.sweep.InvalidSweepException;
import io.github.dvae.reports.store.StoreFormatException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/**
 * {@code dvae}: with no subcommand, runs the sweep its options define (the default sweep when
 * none are given); subcommands {@code sweep}, {@code report}, {@code compare},
 * {@code estimators} and {@code toy}.
 */
@Command(name = "dvae", mixinStandardHelpOptions = true,
        versionProvider = DvaeCommand.Version.class,
        subcommands = {SweepCommand.class, ReportCommand.class, CompareCommand.class,
            EstimatorsCommand.class, PresetsCommand.class, ToyCommand.class,
            CommandLine.HelpCommand.class},
        description = {"Trains variational auto-encoders with discrete latent variables and "
                + "compares gradient estimators. With no subcommand, runs a sweep (as 'sweep' "
                + "does): every estimator configuration times every seed, metrics written to the "
                + "results store as they come, then an HTML report whose path is the last line "
                + "printed.", ""},
        sortOptions = false)
public final class DvaeCommand implements Callable<Integer> {

    @Mixin
    SweepOptions sweep;

    @Spec
    CommandLine.Model.CommandSpec spec;

    private final boolean interactive;

    /** @param interactive whether the output is a terminal (a status line is then drawn) */
    public DvaeCommand(boolean interactive) {
        this.interactive = interactive;
    }

    boolean interactive() {
        return interactive;
    }

    @Override
    public Integer call() throws Exception {
        return SweepCommand.run(sweep, interactive, spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    /**
     * The command line with its handlers: bad values print one line and give
     * {@link ExitCode#USAGE}.
     */
    public static CommandLine commandLine(boolean interactive, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new DvaeCommand(interactive));
        // --preset toy names a preset, though toy is also a subcommand's name.
        cli.setAllowSubcommandsAsOptionParameters(true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("dvae: " + e.getMessage()
                    + " (see 'dvae " + subcommandPath(e.getCommandLine()) + "--help')");
            return ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            if (isUserError(e)) {
                command.getErr().println("dvae: " + e.getMessage());
                return ExitCode.USAGE;
            }
            throw e;
        });
        return cli;
    }

    /**
     * The command line for {@code args}: {@link #commandLine}, with the defaults of the sweep
     * file that {@code args} names, if any.
     *
     * @throws UsageException if that file cannot be used
     */
    static CommandLine forArguments(String[] args, boolean interactive, PrintWriter out,
            PrintWriter err) {
        CommandLine cli = commandLine(interactive, out, err);
        String command = subcommand(cli, args);
        CommandLine target = command.equals("sweep") ? cli
                : cli.getSubcommands().get(command);
        SweepFileDefaults file = SweepFileDefaults.from(args, command, optionNames(target));
        if (file != null) {
            cli.setDefaultValueProvider(file);
        }
        return cli;
    }

    /** Parses {@code args}, runs the command, and returns the exit code. */
    public static int execute(String[] args, boolean interactive, PrintWriter out,
            PrintWriter err) {
        CommandLine cli;
        try {
            cli = forArguments(args, interactive, out, err);
        } catch (UsageException e) {
            err.println("dvae: " + e.getMessage());
            err.flush();
            return ExitCode.USAGE;
        }
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * The subcommand {@code args} runs: the first argument that names one, else {@code sweep}
     * (the default command runs a sweep with the same options).
     */
    private static String subcommand(CommandLine cli, String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (cli.getSubcommands().containsKey(args[i]) && !isOptionValue(cli, args, i)) {
                return args[i];
            }
        }
        return "sweep";
    }

    /** Whether {@code args[i]} is the value of the option before it ({@code --preset toy}). */
    private static boolean isOptionValue(CommandLine cli, String[] args, int i) {
        if (i == 0) {
            return false;
        }
        CommandLine.Model.OptionSpec option = cli.getCommandSpec().findOption(args[i - 1]);
        return option != null && option.arity().max() > 0;
    }

    private static java.util.Set<String> optionNames(CommandLine cli) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (CommandLine.Model.OptionSpec o : cli.getCommandSpec().options()) {
            if (!o.usageHelp() && !o.versionHelp()) {
                names.add(o.longestName().replaceFirst("^--?", ""));
            }
        }
        return names;
    }

    /** Errors whose message, alone, tells the user what to fix. */
    static boolean isUserError(Exception e) {
        return e instanceof InvalidSweepException || e instanceof InvalidOptionException
                || e instanceof DataFormatException || e instanceof StoreFormatException
                || e instanceof UsageException;
    }

    private static String subcommandPath(CommandLine c) {
        return c.getParent() == null ? "" : c.getCommandName() + " ";
    }

    /** The runner's version, from the build. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"dvae " + EnvironmentCapture.version()};
        }
    }
}

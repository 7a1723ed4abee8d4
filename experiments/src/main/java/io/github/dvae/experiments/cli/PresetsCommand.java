package io.github.dvae.experiments.cli;

import io.github.dvae.experiments.preset.Preset;
import io.github.dvae.experiments.preset.Presets;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dvae presets [NAME]}: the shipped presets with what each runs, its source, its budget and
 * what could not be verified; with a name, that preset's file as shipped, to copy into a sweep
 * file and change.
 */
@Command(name = "presets", mixinStandardHelpOptions = true,
        description = {"Lists the papers' protocols shipped as presets (--preset NAME) with their "
                + "sources, budgets and unverified settings; with NAME, prints that preset's "
                + "file, a sweep file to copy and change.", ""})
final class PresetsCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "NAME", description = "Print this preset's file.")
    String name;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (name != null) {
            Preset p;
            try {
                p = Presets.find(name);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            out.print(Presets.text(p));
            out.flush();
            return ExitCode.OK;
        }
        for (Preset p : Presets.all()) {
            out.printf(Locale.ROOT, "%s  (dvae %s --preset %s)%n  %s%n  source: %s%n  budget: %s%n",
                    p.name(), p.command(), p.name(), p.about(), p.source(), p.budget());
            for (String u : p.unverified()) {
                out.printf(Locale.ROOT, "  not verified / differs: %s%n", u);
            }
            out.println();
        }
        out.flush();
        return ExitCode.OK;
    }
}

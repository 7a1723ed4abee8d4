package io.github.dvae.experiments.cli;

import io.github.dvae.experiments.engine.SweepEngine;
import io.github.dvae.experiments.environment.BlasThreads;
import io.github.dvae.experiments.environment.EnvironmentCapture;
import io.github.dvae.experiments.progress.SweepProgress;
import io.github.dvae.experiments.sweep.InvalidSweepException;
import io.github.dvae.experiments.sweep.MemoryEstimate;
import io.github.dvae.experiments.basket.BasketSettings;
import io.github.dvae.experiments.sweep.SweepDefinition;
import io.github.dvae.experiments.sweep.SweepPlan;
import io.github.dvae.experiments.sweep.SweepRunner;
import io.github.dvae.experiments.training.TrainingSettings;
import io.github.dvae.reports.html.HtmlReport;
import io.github.dvae.reports.html.ReportOptions;
import io.github.dvae.reports.store.ResultsStore;
import io.github.dvae.reports.store.RunConfig;
import io.github.dvae.reports.store.RunState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code dvae sweep}: validates the sweep (nothing runs if a value is bad), runs what the store
 * does not hold complete, writes the report, and prints the report's path as its last line.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs a sweep: every estimator configuration times every seed. Metrics "
                + "go to the results store as each epoch ends; complete runs are skipped on a "
                + "rerun, interrupted ones continue from their last checkpoint. Ends with the "
                + "HTML report's path.", ""})
final class SweepCommand implements Callable<Integer> {

    /** Name of the report's directory inside the store. */
    static final String REPORT = "report";

    @Mixin
    SweepOptions options;

    @ParentCommand
    DvaeCommand parent;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return run(options, parent.interactive(), spec.commandLine().getOut(),
                spec.commandLine().getErr());
    }

    static int run(SweepOptions options, boolean interactive, PrintWriter out, PrintWriter err)
            throws Exception {
        SweepDefinition definition = options.definition();
        SweepEngine engine = null;
        if (!"local".equals(options.engine)) {
            engine = SweepEngine.find(options.engine).orElseThrow(() -> new InvalidSweepException(
                    "engine '" + options.engine + "' is not in this jar; allowed: local"
                    + ("spark".equals(options.engine) ? " (for spark run spark/target/"
                            + "dvae-spark.jar, with java -jar or spark-submit)" : "")));
        }
        ReportOptions reportOptions = options.reportOptions();
        SweepPlan plan = SweepPlan.prepare(definition);
        ResultsStore store = ResultsStore.at(definition.output());
        if (engine != null) {
            return remote(engine, options, reportOptions, plan, store, out, err);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int jobs = definition.jobs() == 0 ? Math.min(cores, plan.runs().size())
                : definition.jobs();
        int threads = options.blasThreads == 0 ? BlasThreads.perRun(cores, jobs)
                : options.blasThreads;
        plan = plan.withBlasThreads(threads);
        // Everything that can be known before training is checked before it: sizes, then the
        // store's directories (created here, so only once every value is good).
        MemoryEstimate.of(plan, jobs).requireWithinThisMachine();
        OutputDirectory.require("--output", store.root(), "runs", REPORT, "locks");
        BlasThreads.limit(threads);
        describe(plan, store, jobs, threads, out);

        SweepProgress progress = new SweepProgress(out, interactive);
        SweepRunner runner = new SweepRunner(plan, store, jobs, threads,
                EnvironmentCapture.read(), progress, options.checkpointEvery);
        try (SweepInterruption interruption = SweepInterruption.install(runner)) {
            SweepRunner.Outcome outcome = runner.run();
            Path index = HtmlReport.write(store, store.root().resolve(REPORT),
                    reportOptions);
            if (interruption.signalled()) {
                interrupted(runner, store, outcome, err);
                out.println(index);
                out.flush();
                return ExitCode.INTERRUPTED;
            }
            for (SweepRunner.Failure f : outcome.failures()) {
                err.println("dvae: run " + f.run().runId() + " failed:");
                f.error().printStackTrace(err);
            }
            err.flush();
            out.printf(Locale.ROOT, "sweep done in %.1f s: %d trained, %d already complete, "
                    + "%s%d failed%n", outcome.wallSeconds(), outcome.trained(),
                    outcome.skipped(), outcome.elsewhere() == 0 ? "" : outcome.elsewhere()
                            + " trained by another process, ", outcome.failures().size());
            out.println(index);
            out.flush();
            return outcome.failures().isEmpty() ? ExitCode.OK : ExitCode.RUN_FAILED;
        }
    }

    /**
     * The sweep through {@code engine}: each task gets the BLAS threads asked for (1 by default,
     * a task's one core), its runs recorded here as they return, then the report.
     */
    private static int remote(SweepEngine engine, SweepOptions options,
            ReportOptions reportOptions, SweepPlan plan, ResultsStore store, PrintWriter out,
            PrintWriter err) throws Exception {
        int threads = options.blasThreads == 0 ? 1 : options.blasThreads;
        plan = plan.withBlasThreads(threads);
        OutputDirectory.require("--output", store.root(), "runs", REPORT, "locks");
        long start = System.nanoTime();
        int failed = engine.run(plan, store, options.master, out);
        Path index = HtmlReport.write(store, store.root().resolve(REPORT), reportOptions);
        out.printf(Locale.ROOT, "sweep done on %s in %.1f s: %d failed%n", engine.id(),
                (System.nanoTime() - start) / 1e9, failed);
        out.println(index);
        out.flush();
        err.flush();
        return failed == 0 ? ExitCode.OK : ExitCode.RUN_FAILED;
    }

    /** What an interrupted sweep leaves: which runs are complete, which not, and how to resume. */
    private static void interrupted(SweepRunner runner, ResultsStore store,
            SweepRunner.Outcome outcome, PrintWriter err) {
        List<String> complete = runner.runs().stream()
                .filter(r -> store.state(r.runId()) == RunState.COMPLETE)
                .map(SweepCommand::name).toList();
        err.println("dvae: interrupted. Complete (kept): " + complete.size() + " run(s)"
                + (complete.isEmpty() ? "" : ": " + String.join(", ", complete)) + ".");
        err.println("dvae: interrupted, incomplete in the store: "
                + outcome.interrupted().size() + " run(s)" + (outcome.interrupted().isEmpty()
                        ? "" : ": " + String.join(", ", outcome.interrupted().stream()
                                .map(SweepCommand::name).toList())) + "; not started: "
                + outcome.notStarted().size() + " run(s).");
        err.println("dvae: the same command resumes: complete runs are skipped, the others "
                + "continue from their checkpoints. The report of what is complete follows.");
        err.flush();
    }

    private static String name(RunConfig run) {
        return run.label() + " seed " + run.seed();
    }

    private static void describe(SweepPlan plan, ResultsStore store, int jobs, int threads,
            PrintWriter out) {
        SweepDefinition d = plan.definition();
        RunConfig first = plan.runs().get(0);
        String budget = d.stepBudget()
                ? String.format(Locale.ROOT, "%d steps (%d per epoch), evaluated at %s",
                        d.steps(), TrainingSettings.stepsPerEpoch(first),
                        first.get(TrainingSettings.EVALUATION))
                : String.format(Locale.ROOT, "%d epoch(s) of %d steps each%s", d.epochs(),
                        TrainingSettings.stepsPerEpoch(first),
                        d.evaluation().isEmpty() ? "" : ", evaluated at "
                                + first.get(TrainingSettings.EVALUATION));
        out.printf(Locale.ROOT, "dvae %s: %d run(s) (%d configuration(s) x %d seed(s)), %s%n",
                EnvironmentCapture.version(), plan.runs().size(), plan.configurations().size(),
                d.seeds().size(), budget);
        out.println("  configurations: " + String.join(", ", plan.configurations()));
        out.printf(Locale.ROOT, "  model %s, data %s (%d train, %d test images, %s "
                + "binarisation), batch %d, Adam lr %s%n", plan.architecture(), d.data(),
                first.get(TrainingSettings.TRAIN_EXAMPLES),
                first.get(TrainingSettings.TEST_EXAMPLES),
                first.get(TrainingSettings.BINARISATION), d.batchSize(), d.learningRate());
        if (d.probeEvery() > 0) {
            out.printf(Locale.ROOT, "  variance probe: every %d %s, M=%d on %d examples; "
                    + "bias against %s: %s%n", d.probeEvery(), d.stepBudget()
                            || !d.evaluation().isEmpty() ? "evaluation point(s)" : "epochs", d.probeEstimates(),
                    d.probeBatch(), d.probeReference(), plan.biasReference() ? "yes"
                            : "no (it cannot serve " + plan.architecture().latent()
                                    + " latents)");
        }
        plan.runs().stream().filter(r -> !BasketSettings.estimators(r).isEmpty()).findFirst()
                .ifPresent(r -> out.printf(Locale.ROOT, "  basket: at each probe of the %s "
                        + "runs, %d configuration(s) measured on their snapshot (M=%d each)%n",
                        r.label(), BasketSettings.estimators(r).size(), d.probeEstimates()));
        if (d.iwSamples() > 0) {
            out.printf(Locale.ROOT, "  log p(x): importance-weighted bound with K=%d samples "
                    + "per test image after training%s (where the latents have a density)%n",
                    d.iwSamples(), d.iwEvery() > 0 ? " and at every " + d.iwEvery()
                            + "-th evaluation point" : "");
        }
        out.printf(Locale.ROOT, "  store %s; %d run(s) at once, %d BLAS thread(s) each%n",
                store.root(), jobs, threads);
        out.flush();
    }
}
